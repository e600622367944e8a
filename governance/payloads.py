"""What each kind of proposal carries: the payload schema its executor needs."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from domain.formatting import action_name, field_problems
from governance.errors import ProposalError


class _Payload(BaseModel):
    # Extra keys are kept for the approver to read; the listed ones are what the executor uses.
    model_config = ConfigDict(extra="allow")


class ExpeditePayload(_Payload):
    po_number: str
    line_no: int = 1
    qty: float = Field(gt=0)
    mode: str = "air"
    new_date: datetime | None = None  # the arrival the expedite buys, if known


class PoDateChangePayload(_Payload):
    po_number: str
    line_no: int = 1
    new_promised_at: datetime
    new_qty: float | None = Field(default=None, ge=0)
    reason: str = ""


class SupplierEscalationPayload(_Payload):
    supplier_code: str
    subject: str
    body: str
    recipients: list[str] = Field(default_factory=list)  # empty: the supplier's address
    po_number: str | None = None


class TransferPayload(_Payload):
    item_code: str
    from_plant: str
    to_plant: str
    qty: float = Field(gt=0)
    lot: str | None = None  # None: any available lot with enough stock
    location: str = "MAIN"


class ResequenceMove(BaseModel):
    work_order_id: str
    sequence: int
    planned_start: datetime
    planned_end: datetime


class ResequencePayload(_Payload):
    line_code: str
    moves: list[ResequenceMove] = Field(min_length=1)


class QualityReviewPayload(_Payload):
    item_code: str
    lot: str
    question: str


# The kinds of proposal, spelled once: tools, the API and the approval rules use these names.
ProposalKind = Literal[
    "expedite_po",
    "po_date_change",
    "supplier_escalation",
    "transfer_inventory",
    "resequence",
    "quality_review",
]
PAYLOADS: dict[str, type[_Payload]] = {
    "expedite_po": ExpeditePayload,
    "po_date_change": PoDateChangePayload,
    "supplier_escalation": SupplierEscalationPayload,
    "transfer_inventory": TransferPayload,
    "resequence": ResequencePayload,
    "quality_review": QualityReviewPayload,
}
PROPOSAL_KINDS: tuple[str, ...] = get_args(ProposalKind)


def parse_payload(kind: str, payload: dict[str, Any]) -> _Payload:
    """Validate a payload for its kind; a bad field is named in the error."""
    if kind not in PAYLOADS:
        raise ProposalError(f"Unknown proposal kind {kind!r}; use one of {', '.join(PAYLOADS)}")
    try:
        return PAYLOADS[kind].model_validate(payload)
    except ValidationError as err:
        problems = field_problems(err.errors())
        raise ProposalError(f"Invalid {action_name(kind)} details: {problems}") from err
