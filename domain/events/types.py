"""What each kind of event says: one pydantic model per CloudEvents `type`, naming its object.

An update names its object (the ASN number, the PO and line, the lot, the WO) and may carry
only the fields that changed; a field left out keeps its stored value.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

Qty = Annotated[float, Field(ge=0, description="A quantity in the item's unit, zero or more.")]


class EventData(BaseModel):
    """Common base: unknown fields are refused so a typo is named, not silently dropped."""

    model_config = ConfigDict(extra="forbid")

    def object_key(self) -> str:  # pragma: no cover - every subclass defines it
        raise NotImplementedError


class ConfirmationLine(BaseModel):
    model_config = ConfigDict(extra="forbid")
    qty: Qty
    delivery_at: AwareDatetime = Field(description="The delivery time the supplier commits to.")


class ConfirmationReceived(EventData):
    """A supplier's order confirmation of one PO line (what an EDI 855 says)."""

    po_number: str = Field(min_length=1, examples=["PO-7781"])
    line_no: int = Field(ge=1)
    schedule: list[ConfirmationLine] = Field(min_length=1)
    scope: Literal["complete", "balance"] = Field(
        default="complete",
        description="complete: the supplier's whole current confirmation of the line; "
        "balance: adds to the confirmation already held (e.g. 'the remaining 600').",
    )

    def object_key(self) -> str:
        return f"confirmation:{self.po_number}/{self.line_no}"


class AsnUpdated(EventData):
    """An advance shipping notice, new or changed (what an EDI 856 says)."""

    asn_number: str = Field(min_length=1, examples=["ASN-55102"])
    po_number: str | None = Field(default=None, description="Required for a new ASN.")
    line_no: int | None = Field(default=None, ge=1)
    qty: Qty | None = None
    eta: AwareDatetime | None = None
    shipped_at: AwareDatetime | None = None
    hub: str | None = None
    hub_status: Literal["in_transit", "held", "delivered"] | None = None
    carrier: str | None = None

    @model_validator(mode="after")
    def _line_together(self) -> AsnUpdated:
        if (self.po_number is None) != (self.line_no is None):
            raise ValueError("po_number and line_no go together")
        return self

    def object_key(self) -> str:
        return f"asn:{self.asn_number}"


class ReceiptPosted(EventData):
    """Goods received against a PO line (optionally an ASN), into available stock."""

    receipt_ref: str = Field(min_length=1, description="The receiving system's receipt id.")
    po_number: str = Field(min_length=1)
    line_no: int = Field(ge=1)
    qty: Qty
    received_at: AwareDatetime
    asn_number: str | None = None
    lot: str = ""
    location: str = "MAIN"

    def object_key(self) -> str:
        return f"receipt:{self.receipt_ref}"


class QualityHoldPlaced(EventData):
    """Stock of a lot put on quality hold: no longer available to the projection."""

    plant: str = Field(min_length=1, examples=["LKS"])
    item: str = Field(min_length=1)
    lot: str = Field(min_length=1)
    qty: Qty
    reason: str = ""
    decision_expected_at: AwareDatetime | None = None

    def object_key(self) -> str:
        return f"lot:{self.plant}/{self.lot}"


class QualityHoldReleased(EventData):
    """A hold decided: released stock is available again, scrapped stock is gone."""

    plant: str = Field(min_length=1)
    lot: str = Field(min_length=1, examples=["L-3105-0311"])
    item: str | None = None
    disposition: Literal["released", "scrapped"] = "released"

    def object_key(self) -> str:
        return f"lot:{self.plant}/{self.lot}"


class DowntimeReported(EventData):
    """A work centre down for a window (planned or not); a later report of `ref` replaces it."""

    ref: str = Field(min_length=1, description="The reporting system's downtime id.")
    work_centre: str = Field(min_length=1, examples=["LKS-SEAT1"])
    start_at: AwareDatetime
    end_at: AwareDatetime
    reason: str = ""

    @model_validator(mode="after")
    def _window(self) -> DowntimeReported:
        if self.end_at <= self.start_at:
            raise ValueError("end_at must be after start_at")
        return self

    def object_key(self) -> str:
        return f"downtime:{self.ref}"


class DemandChanged(EventData):
    """A customer release changed: quantity and/or due time; its released WO follows the qty."""

    customer_order: str = Field(min_length=1)
    qty: Qty | None = None
    due_at: AwareDatetime | None = None

    def object_key(self) -> str:
        return f"customer_order:{self.customer_order}"


class PoLineChanged(EventData):
    """A PO line changed in the ERP (or created: give item, qty, promised date, supplier, plant)."""

    po_number: str = Field(min_length=1)
    line_no: int = Field(ge=1)
    item: str | None = None
    qty_ordered: Qty | None = None
    promised_at: AwareDatetime | None = None
    status: Literal["open", "received", "closed", "cancelled"] | None = None
    supplier: str | None = Field(default=None, description="For a new PO only.")
    plant: str | None = Field(default=None, description="For a new PO only.")
    buyer: str | None = Field(default=None, description="For a new PO only.")

    def object_key(self) -> str:
        return f"po_line:{self.po_number}/{self.line_no}"


class WorkOrderStatus(EventData):
    """A WO started, completed or cancelled on the shop floor (feeds schedule adherence)."""

    work_order: str = Field(min_length=1)
    status: Literal["started", "completed", "cancelled"]
    at: AwareDatetime

    def object_key(self) -> str:
        return f"work_order:{self.work_order}"


EVENT_TYPES: dict[str, type[EventData]] = {
    "confirmation.received": ConfirmationReceived,
    "asn.updated": AsnUpdated,
    "receipt.posted": ReceiptPosted,
    "quality_hold.placed": QualityHoldPlaced,
    "quality_hold.released": QualityHoldReleased,
    "downtime.reported": DowntimeReported,
    "demand.changed": DemandChanged,
    "po_line.changed": PoLineChanged,
    "work_order.status": WorkOrderStatus,
}
