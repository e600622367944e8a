"""What one run of a case produced: each turn's answer, tool calls and results, the end state."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ToolCallRecord(BaseModel):
    """One tool call the agent made and what the tool answered (if the driver could see it)."""

    name: str
    args: dict[str, Any] = Field(default_factory=dict)
    ok: bool | None = None
    result: str = ""  # the tool message's text: the evidence numbers are traced to


class StepRecord(BaseModel):
    """One step of the conversation: a message and its answer, or a decision."""

    kind: str  # say | decide
    user: str
    text: str = ""  # the message, or 'approve AP-000001'
    answer: str = ""
    tool_calls: list[ToolCallRecord] = Field(default_factory=list)
    proposals_created: list[str] = Field(default_factory=list)  # ids first seen in this step
    interrupted: bool = False
    error: str | None = None  # a crash or a refused decision
    latency_ms: float = 0.0
    input_tokens: int | None = None
    output_tokens: int | None = None


class ProposalRecord(BaseModel):
    """A proposal in the database after the case ran."""

    id: str
    kind: str
    status: str
    required_role: str
    requested_by: str
    plant_code: str
    cost: float
    decided_by: str | None = None
    executed: bool = False
    thread_id: str | None = None


class CaseRun(BaseModel):
    """Everything the scorers look at for one trial of one case."""

    case_id: str
    trial: int = 0
    steps: list[StepRecord] = Field(default_factory=list)
    proposals: list[ProposalRecord] = Field(default_factory=list)
    # None when the driver cannot see the domain tables (over HTTP).
    domain_changed: bool | None = None
    unapproved_messages: int | None = None  # outbound messages not backed by an approval
    tool_results_visible: bool = True
    error: str | None = None

    @property
    def latency_ms(self) -> float:
        return sum(s.latency_ms for s in self.steps)

    @property
    def tokens(self) -> int | None:
        counts = [
            (s.input_tokens or 0) + (s.output_tokens or 0)
            for s in self.steps
            if s.input_tokens is not None or s.output_tokens is not None
        ]
        return sum(counts) if counts else None
