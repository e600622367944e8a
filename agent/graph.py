"""The copilot's LangGraph: model -> governed tools -> answer check -> one approval pause each."""

from __future__ import annotations

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph

from agent.approval import apply_decisions, await_decision, route_approvals, route_start
from agent.context import AgentContext
from agent.nodes import ChatRunnable, answer_node, model_node, route_model, run_tool
from agent.state import AgentState, ApprovalTask, ToolTask

Graph = CompiledStateGraph[AgentState, AgentContext, AgentState, AgentState]


def build_graph(bound: ChatRunnable, checkpointer: BaseCheckpointSaver[str] | None) -> Graph:
    """Wire the graph around a model with the tool catalogue bound; `checkpointer` keeps threads."""
    g = StateGraph(AgentState, context_schema=AgentContext)
    g.add_node("model", model_node(bound))
    g.add_node("tools", run_tool, input_schema=ToolTask)  # one Send per tool call
    g.add_node("answer", answer_node(bound))  # grounding check of the final answer
    # One interrupt each; a resume applies that one decision (side effects only after it).
    g.add_node("approval", await_decision, input_schema=ApprovalTask)
    g.add_node("execute", apply_decisions)  # decisions made outside a pause (elsewhere, later)

    g.add_conditional_edges(START, route_start, ["model", "execute"])
    g.add_conditional_edges("model", route_model, ["tools", "answer"])
    g.add_edge("tools", "model")
    g.add_conditional_edges("answer", route_approvals, ["approval", END])
    g.add_edge("approval", "execute")  # then re-pause any the approver could not decide
    g.add_conditional_edges("execute", route_approvals, ["approval", END])
    return g.compile(checkpointer=checkpointer)
