"""The graph's conversational nodes: the model, one governed tool call, the grounded answer."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from langchain_core.language_models import LanguageModelInput
from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.runnables import Runnable, RunnableConfig
from langgraph.runtime import Runtime
from langgraph.types import Send

from agent.context import AgentContext
from agent.grounding import Derivation, audit_grounding, ground_answer
from agent.prompts import (
    ACTOR_KEY,
    AS_OF_FORMAT,
    AS_OF_KEY,
    DECLINED_KEY,
    REGENERATE_KEY,
    system_prompt,
)
from agent.state import AgentState, ToolTask
from governance.policy import roles_allowed
from governance.refusals import record_role_refusal
from tools.registry import catalogue
from tools.runner import call_tool

ChatRunnable = Runnable[LanguageModelInput, BaseMessage]


def run_config(ctx: AgentContext) -> RunnableConfig:
    """The model call's config: the run's as-of time and who asks (role, and the roles that may
    call each propose tool) ride in its metadata, not in prose."""
    propose = [t.name for t in catalogue() if t.kind == "propose"]
    actor = {"role": ctx.actor.role, "propose_roles": roles_allowed(ctx.engine, propose),
             "plants": list(ctx.actor.plant_scope)}  # fmt: skip
    return {"metadata": {AS_OF_KEY: ctx.as_of.isoformat(), ACTOR_KEY: actor}}


def _prompt(state: AgentState, ctx: AgentContext) -> list[BaseMessage]:
    return [SystemMessage(system_prompt(ctx)), *state.get("messages", [])]


def model_node(
    model: ChatRunnable,
) -> Callable[..., dict[str, Any]]:
    """The node that asks the model for tool calls or a final answer."""

    def call_model(state: AgentState, *, runtime: Runtime[AgentContext]) -> dict[str, Any]:
        reply = model.invoke(_prompt(state, runtime.context), config=run_config(runtime.context))
        record_declined(state, reply, runtime.context)
        return {"messages": [reply]}

    return call_model


def record_declined(state: AgentState, reply: BaseMessage, ctx: AgentContext) -> None:
    """Audit each action the reply declined for the asker's role: who, what they asked (the
    call and their words) and the policy rule that says no, as governance records it."""
    declined = reply.additional_kwargs.get(DECLINED_KEY) if isinstance(reply, AIMessage) else None
    if not isinstance(declined, list):
        return
    asked = next((m for m in reversed(state.get("messages", [])) if isinstance(m, HumanMessage)),
                 None)  # fmt: skip
    words = asked.content if asked is not None and isinstance(asked.content, str) else ""
    for one in declined:
        record_role_refusal(ctx.engine, ctx.call_context(), str(one["tool"]),
                            {"args": dict(one.get("args") or {}), "message": words})  # fmt: skip


def route_model(state: AgentState) -> list[Send] | str:
    """One Send per tool call (each runs once, with its own result), else the answer check."""
    last = state["messages"][-1]
    if isinstance(last, AIMessage) and last.tool_calls:
        return [Send("tools", ToolTask(call=call)) for call in last.tool_calls]
    return "answer"


def run_tool(state: ToolTask, *, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Run one tool call through tools/ (governance, audit) and record any proposal it raised."""
    ctx, call = runtime.context, state["call"]
    runtime.stream_writer({"event": "tool_call", "name": call["name"], "args": call["args"]})
    result = call_tool(ctx.engine, ctx.call_context(), call["name"], dict(call["args"]))
    runtime.stream_writer(
        {"event": "tool_result", "name": call["name"], "ok": result.ok, "summary": result.summary}
    )
    message = ToolMessage(
        content=result.as_text(),
        tool_call_id=call["id"] or "",
        name=call["name"],
        status="success" if result.ok else "error",
    )
    update: dict[str, Any] = {"messages": [message]}
    if result.proposal:
        p = result.proposal
        update["proposals"] = {p["id"]: {**p, "tool_call_id": call["id"], "review": None}}
        runtime.stream_writer({"event": "proposal", **p})
    return update


def evidence(messages: list[Any], ctx: AgentContext) -> list[str]:
    """What an answer may take figures from: the thread's tool results and the run's as-of time
    (not the user's words: a figure pasted into the chat is no fact)."""
    texts = [ctx.as_of.strftime(AS_OF_FORMAT), ctx.as_of.isoformat()]
    for m in messages:
        if isinstance(m, ToolMessage):
            texts.append(m.content if isinstance(m.content, str) else json.dumps(m.content))
    return texts


def answer_node(
    model: ChatRunnable,
) -> Callable[..., dict[str, Any]]:
    """The node that checks the final answer's figures against the thread's evidence."""

    def check_answer(state: AgentState, *, runtime: Runtime[AgentContext]) -> dict[str, Any]:
        ctx, messages = runtime.context, state["messages"]
        final = messages[-1]
        text = final.content if isinstance(final.content, str) else str(final.content)

        def regenerate(missing: list[str]) -> str:
            note = HumanMessage(
                "Check before answering: these figures are not in any tool result: "
                f"{', '.join(missing)}. Rewrite the answer using only figures from tool results."
            )
            config = run_config(ctx)
            config["metadata"] = {**config["metadata"], REGENERATE_KEY: missing}
            retry = model.invoke([*_prompt(state, ctx)[:-1], note], config=config)
            calls = isinstance(retry, AIMessage) and retry.tool_calls
            return retry.content if isinstance(retry.content, str) and not calls else ""

        derived = [Derivation.from_dict(d) for d in final.response_metadata.get("derived", [])]
        grounded = ground_answer(text, evidence(messages[:-1], ctx), regenerate, derived)
        if grounded.action == "ok":
            return {}
        audit_grounding(
            ctx.engine,
            grounded,
            actor=ctx.actor.username,
            channel=ctx.channel,
            thread_id=ctx.thread_id,
            model=ctx.model_name,
        )
        # The rewrite keeps what the model noted for the next turn (the offline model's state).
        kept = final.additional_kwargs if isinstance(final, AIMessage) else {}
        return {"messages": [AIMessage(content=grounded.text, id=final.id, additional_kwargs=kept)]}

    return check_answer
