"""What a conversation thread remembers between turns (checkpointed in PostgreSQL)."""

from __future__ import annotations

from typing import Annotated, Any, TypedDict

from langchain_core.messages import AnyMessage, ToolCall
from langgraph.graph.message import add_messages

# A proposal the thread raised: id, kind, status, required_role, cost, plant_code, and
# `review`: None (not yet put to an approver), answered, or deferred (user moved on).
ProposalNote = dict[str, Any]
# A decision to report: decision (decided_elsewhere: governance decided it; defer) and
# `applied` (reported). Deciding is agent.decisions' job, never the graph's.
DecisionNote = dict[str, Any]


def merge_by_id(
    left: dict[str, dict[str, Any]], right: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """Reducer: per id, later fields win; parallel branches may each update their own id."""
    merged = dict(left or {})
    for key, value in (right or {}).items():
        merged[key] = {**merged.get(key, {}), **value}
    return merged


class AgentState(TypedDict, total=False):
    messages: Annotated[list[AnyMessage], add_messages]
    proposals: Annotated[dict[str, ProposalNote], merge_by_id]
    decisions: Annotated[dict[str, DecisionNote], merge_by_id]


class ToolTask(TypedDict):
    """The input of one governed tool run: exactly one tool call (one Send each)."""

    call: ToolCall


class ApprovalTask(TypedDict):
    """The input of one approval pause: exactly one proposal (one Send, one interrupt each)."""

    proposal: ProposalNote
