"""What a conversation thread remembers between turns (checkpointed in PostgreSQL)."""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypedDict

from langchain_core.messages import AnyMessage, ToolCall
from langgraph.graph.message import add_messages


class ProposalNote(TypedDict, total=False):
    """A proposal the thread raised, as the thread remembers it between turns."""

    id: str
    kind: str
    status: str  # pending | approved | rejected | executed | failed | expired
    required_role: str
    four_eyes: bool
    cost: float
    plant_code: str
    expires_at: str
    tool_call_id: str | None  # the propose call that raised it
    # None: not yet put to an approver; answered; deferred (the user moved on).
    review: str | None


class CalledTool(TypedDict):
    """A tool call of a turn, as the turn reports it."""

    name: str
    args: dict[str, Any]


class DecisionNote(TypedDict, total=False):
    """A decision to report. Deciding is agent.decisions' job, never the graph's."""

    decision: Literal["decided_elsewhere", "defer"]  # governance decided it; the user moved on
    applied: bool  # reported in the thread


# The proposal ids a decision report is about, in that AIMessage's additional_kwargs.
REPORTED_KEY = "lineside_reported"


def merge_by_id(left: dict[str, Any], right: dict[str, Any]) -> dict[str, Any]:
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
