"""The API's request and response bodies (one schema per role; never a table row)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

ThreadStatus = Literal["idle", "busy", "interrupted", "error"]


class ThreadCreate(BaseModel):
    """`POST /v1/threads`: optional metadata kept with the thread."""

    model_config = ConfigDict(extra="forbid")
    metadata: dict[str, str] = Field(default_factory=dict, max_length=20)


class ThreadMessage(BaseModel):
    role: Literal["user", "assistant", "tool", "system"]
    content: str
    name: str | None = None
    tool_calls: list[dict[str, Any]] = Field(default_factory=list)
    # The model's token use for this message, when it reports usage (input/output tokens).
    usage: dict[str, int] | None = None


class PendingApproval(BaseModel):
    proposal_id: str
    kind: str
    cost: float
    required_role: str
    expires_at: datetime


class ThreadView(BaseModel):
    thread_id: str
    owner: str
    created_at: datetime
    metadata: dict[str, Any]
    status: ThreadStatus
    messages: list[ThreadMessage]
    pending_approvals: list[PendingApproval]


class InputMessage(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "human"] = "user"
    content: str = Field(min_length=1, max_length=4000)


class RunInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    messages: list[InputMessage] = Field(min_length=1, max_length=1)


class RunCreate(BaseModel):
    """A run: one user message, as Agent Protocol's `input.messages`."""

    model_config = ConfigDict(extra="forbid")
    input: RunInput

    @property
    def message(self) -> str:
        return self.input.messages[-1].content


class ToolCallView(BaseModel):
    name: str
    args: dict[str, Any]


class ProposalBrief(BaseModel):
    id: str
    kind: str | None = None
    status: str | None = None
    required_role: str | None = None
    cost: float | None = None


class RunResult(BaseModel):
    """What a turn produced."""

    thread_id: str
    status: ThreadStatus
    answer: str
    tool_calls: list[ToolCallView]
    proposals: list[ProposalBrief]
    interrupted: bool


class DecisionBody(BaseModel):
    """`approve` / `reject`: an optional comment; approve may carry an edited payload."""

    model_config = ConfigDict(extra="forbid")
    comment: str = Field(default="", max_length=2000)
    payload: dict[str, Any] | None = Field(
        default=None, description="Edited payload (edit, then approve); `cost` may be edited too."
    )


class RejectBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    comment: str = Field(default="", max_length=2000)


class ProposalPublic(BaseModel):
    """A proposal with its facts, cost, approver, decision and audit references."""

    id: str
    kind: str
    status: str
    plant_code: str
    payload: dict[str, Any]
    rationale: str
    cited_facts: list[dict[str, Any]]
    expected_effect: str
    cost: float
    required_role: str
    four_eyes: bool
    requested_by: str
    on_behalf_of: str | None
    channel: str
    thread_id: str | None
    created_at: datetime
    expires_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_comment: str | None
    executed_at: datetime | None
    failure_reason: str | None
    result: dict[str, Any] | None
    audit_ids: list[int] = Field(default_factory=list)


class DecisionResult(BaseModel):
    proposal: ProposalPublic
    thread_report: str | None = Field(
        default=None, description="What the originating thread now says about the decision."
    )
