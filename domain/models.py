"""The domain's tables: master data, transactions and correspondence, as SQLModel classes."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pgvector.sqlalchemy import Vector
from sqlalchemy import CheckConstraint, Column, DateTime, Index, String, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlmodel import Field, SQLModel

EMBEDDING_DIM = 384  # all-MiniLM-L6-v2


def ts(nullable: bool = False, index: bool = False) -> Any:
    """A timezone-aware timestamp column: every instant in Lineside carries its offset."""
    return Field(sa_type=DateTime(timezone=True), nullable=nullable, index=index)


def ts_opt(index: bool = False) -> Any:
    return Field(default=None, sa_type=DateTime(timezone=True), nullable=True, index=index)


class InventoryStatus(StrEnum):
    available = "available"
    quality_hold = "quality_hold"
    blocked = "blocked"


class Role(StrEnum):
    buyer = "buyer"
    planner = "planner"
    plant_manager = "plant_manager"
    executive = "executive"
    evaluator = "evaluator"
    admin = "admin"


# ---------------------------------------------------------------- master data


class Plant(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=16)
    name: str
    timezone: str


class Line(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=32)
    plant_code: str = Field(foreign_key="plant.code", index=True)
    name: str
    rate_per_hour: float = Field(gt=0)
    frozen_hours: float = Field(default=8.0, ge=0)


class WorkCentre(SQLModel, table=True):
    __tablename__ = "work_centre"
    code: str = Field(primary_key=True, max_length=32)
    plant_code: str = Field(foreign_key="plant.code", index=True)
    line_code: str = Field(foreign_key="line.code", index=True)
    name: str


class Shift(SQLModel, table=True):
    """A recurring shift of a line: weekday (0=Mon) and local start/end minutes of day."""

    id: int | None = Field(default=None, primary_key=True)
    line_code: str = Field(foreign_key="line.code", index=True)
    name: str
    weekday: int = Field(ge=0, le=6)
    start_minute: int = Field(ge=0, le=1440)
    end_minute: int = Field(ge=0, le=1440)


class Downtime(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    work_centre_code: str = Field(foreign_key="work_centre.code", index=True)
    start_at: datetime = ts()
    end_at: datetime = ts()
    reason: str = ""
    # The reporting system's own id, so a later downtime.reported event updates the same row.
    ref: str | None = Field(default=None, unique=True, index=True)


class ChangeoverRule(SQLModel, table=True):
    """Minutes lost on a line when it switches from one model family to another."""

    __tablename__ = "changeover_rule"
    id: int | None = Field(default=None, primary_key=True)
    line_code: str = Field(foreign_key="line.code", index=True)
    from_family: str
    to_family: str
    minutes: int = Field(ge=0)


class Item(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=32)
    description: str
    family: str = Field(index=True)
    item_type: str  # finished | component | raw
    uom: str = "EA"
    program: str | None = None
    criticality: int = Field(default=2, ge=1, le=3)  # 1 = line-stopping
    unit_cost: float = Field(default=0.0, ge=0)


class BomLine(SQLModel, table=True):
    __tablename__ = "bom_line"
    __table_args__ = (UniqueConstraint("parent_item", "component_item"),)
    id: int | None = Field(default=None, primary_key=True)
    parent_item: str = Field(foreign_key="item.code", index=True)
    component_item: str = Field(foreign_key="item.code", index=True)
    qty_per: float = Field(gt=0)


class Supplier(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=32)
    name: str = Field(index=True)
    email: str = ""
    country: str = ""
    interplant: bool = False


class ApprovedSource(SQLModel, table=True):
    __tablename__ = "approved_source"
    id: int | None = Field(default=None, primary_key=True)
    item_code: str = Field(foreign_key="item.code", index=True)
    supplier_code: str = Field(foreign_key="supplier.code", index=True)
    plant_code: str = Field(foreign_key="plant.code")
    lead_time_days: int = Field(ge=0)
    moq: float = Field(default=0, ge=0)
    unit_price: float = Field(ge=0)
    rank: int = Field(default=1, ge=1)  # 1 primary, 2+ alternates


class AppUser(SQLModel, table=True):
    """A Lineside user: role and the plants they may see and act on."""

    __tablename__ = "app_user"
    username: str = Field(primary_key=True, max_length=64)
    display_name: str
    email: str = ""
    role: str
    plant_scope: list[str] = Field(sa_type=ARRAY(String), default_factory=list)
    item_families: list[str] = Field(sa_type=ARRAY(String), default_factory=list)
    approval_limit: float = Field(default=0, ge=0)


# ---------------------------------------------------------------- transactions


class CustomerOrder(SQLModel, table=True):
    """A customer release: demand for a finished item due at a time."""

    __tablename__ = "customer_order"
    id: str = Field(primary_key=True, max_length=32)
    customer: str
    plant_code: str = Field(foreign_key="plant.code", index=True)
    item_code: str = Field(foreign_key="item.code", index=True)
    qty: float = Field(ge=0)
    due_at: datetime = ts(index=True)


class WorkOrder(SQLModel, table=True):
    __tablename__ = "work_order"
    __table_args__ = (
        CheckConstraint("qty >= 0", name="work_order_qty_nonneg"),
        # An event's re-projection: the WOs of a few parent items that start in the horizon.
        # It leads with the item, so it is also the item's index (no item-only one: 0010).
        Index("ix_work_order_item_code_planned_start", "item_code", "planned_start"),
    )
    id: str = Field(primary_key=True, max_length=32)
    plant_code: str = Field(foreign_key="plant.code", index=True)
    line_code: str = Field(foreign_key="line.code", index=True)
    item_code: str = Field(foreign_key="item.code")
    qty: float
    planned_start: datetime = ts(index=True)
    planned_end: datetime = ts()
    sequence: int
    due_at: datetime = ts()
    customer_order_id: str | None = Field(default=None, foreign_key="customer_order.id")
    status: str = "released"  # released | started | completed | cancelled
    completed_at: datetime | None = ts_opt()


class RoutingOperation(SQLModel, table=True):
    __tablename__ = "routing_operation"
    __table_args__ = (UniqueConstraint("work_order_id", "op_seq"),)
    id: int | None = Field(default=None, primary_key=True)
    work_order_id: str = Field(foreign_key="work_order.id", index=True)
    op_seq: int
    work_centre_code: str = Field(foreign_key="work_centre.code")
    duration_minutes: int = Field(ge=0)
    alt_work_centres: list[str] = Field(sa_type=ARRAY(String), default_factory=list)


class PurchaseOrder(SQLModel, table=True):
    __tablename__ = "purchase_order"
    po_number: str = Field(primary_key=True, max_length=32)
    supplier_code: str = Field(foreign_key="supplier.code", index=True)
    plant_code: str = Field(foreign_key="plant.code", index=True)
    issued_at: datetime = ts()
    buyer: str | None = None
    status: str = "open"  # open | closed | cancelled


class PurchaseOrderLine(SQLModel, table=True):
    __tablename__ = "po_line"
    __table_args__ = (
        UniqueConstraint("po_number", "line_no"),
        CheckConstraint("qty_ordered >= 0", name="po_line_qty_nonneg"),
        Index("ix_po_line_item_promised", "item_code", "promised_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    po_number: str = Field(foreign_key="purchase_order.po_number", index=True)
    line_no: int
    item_code: str = Field(foreign_key="item.code")
    qty_ordered: float
    promised_at: datetime = ts()
    unit_price: float = Field(default=0, ge=0)
    status: str = "open"  # open | received | closed | cancelled


class SupplierConfirmation(SQLModel, table=True):
    __tablename__ = "supplier_confirmation"
    __table_args__ = (CheckConstraint("qty >= 0", name="confirmation_qty_nonneg"),)
    id: int | None = Field(default=None, primary_key=True)
    po_line_id: int = Field(foreign_key="po_line.id", index=True)
    qty: float
    confirmed_for: datetime = ts()  # the delivery time the supplier committed to
    received_at: datetime = ts()  # when the confirmation reached us


class Shipment(SQLModel, table=True):
    """An ASN: a shipment announced against a PO line, with its ETA and hub status."""

    __table_args__ = (CheckConstraint("qty >= 0", name="shipment_qty_nonneg"),)
    asn_number: str = Field(primary_key=True, max_length=32)
    po_line_id: int = Field(foreign_key="po_line.id", index=True)
    qty: float
    shipped_at: datetime = ts()
    eta: datetime = ts()
    original_eta: datetime = ts()
    hub: str = ""
    hub_status: str = "in_transit"  # in_transit | held | delivered
    carrier: str = ""


class GoodsReceipt(SQLModel, table=True):
    __tablename__ = "goods_receipt"
    __table_args__ = (CheckConstraint("qty >= 0", name="receipt_qty_nonneg"),)
    id: int | None = Field(default=None, primary_key=True)
    po_line_id: int = Field(foreign_key="po_line.id", index=True)
    qty: float
    received_at: datetime = ts(index=True)
    # Indexed: "has this ASN been received yet?" is asked for every open ASN.
    asn_number: str | None = Field(default=None, index=True)


class InventoryBalance(SQLModel, table=True):
    __tablename__ = "inventory_balance"
    __table_args__ = (CheckConstraint("qty >= 0", name="inventory_qty_nonneg"),)
    id: int | None = Field(default=None, primary_key=True)
    plant_code: str = Field(foreign_key="plant.code", index=True)
    item_code: str = Field(foreign_key="item.code", index=True)
    location: str = "MAIN"
    lot: str = ""
    qty: float
    status: str = InventoryStatus.available.value


class QualityHold(SQLModel, table=True):
    __tablename__ = "quality_hold"
    id: int | None = Field(default=None, primary_key=True)
    plant_code: str = Field(foreign_key="plant.code", index=True)
    item_code: str = Field(foreign_key="item.code", index=True)
    lot: str
    qty: float = Field(ge=0)
    reason: str
    placed_at: datetime = ts()
    decision_expected_at: datetime | None = ts_opt()
    status: str = "open"  # open | released | scrapped


class PremiumFreight(SQLModel, table=True):
    """Premium freight actually approved and spent (air, hot-shot), for the KPI."""

    __tablename__ = "premium_freight"
    id: int | None = Field(default=None, primary_key=True)
    plant_code: str = Field(foreign_key="plant.code", index=True)
    po_line_id: int | None = Field(default=None, foreign_key="po_line.id")
    supplier_code: str | None = Field(default=None, foreign_key="supplier.code")
    mode: str = "air"
    cost: float = Field(ge=0)
    approved_at: datetime = ts(index=True)


class Alert(SQLModel, table=True):
    """An exception the plant must act on (shortage, late ASN, hold); closed_at = resolved.

    Alerts raised by a rule (domain/alerts) carry the rule and the object they are about:
    at most one is open per (rule_kind, object_key).
    """

    __table_args__ = (
        Index(
            "ux_alert_open_rule_object",
            "rule_kind",
            "object_key",
            unique=True,
            postgresql_where=text("closed_at IS NULL"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    plant_code: str = Field(foreign_key="plant.code", index=True)
    kind: str
    subject: str
    opened_at: datetime = ts()
    closed_at: datetime | None = ts_opt()
    rule_kind: str | None = None
    object_key: str | None = None
    item_code: str | None = None
    owner: str | None = None
    recipients: list[str] = Field(
        sa_type=ARRAY(String), default_factory=list, sa_column_kwargs={"server_default": "{}"}
    )
    details: dict[str, Any] = Field(
        sa_type=JSONB, default_factory=dict, sa_column_kwargs={"server_default": "{}"}
    )
    actions: list[dict[str, Any]] = Field(
        sa_type=JSONB, default_factory=list, sa_column_kwargs={"server_default": "[]"}
    )
    acknowledged_at: datetime | None = ts_opt()
    acknowledged_by: str | None = None
    resolved_by: str | None = None
    resolution: str | None = None
    event_ref: str | None = None


class SupplierMessage(SQLModel, table=True):
    """Supplier correspondence: untrusted text, embedded for semantic search."""

    __tablename__ = "supplier_message"
    id: int | None = Field(default=None, primary_key=True)
    supplier_code: str = Field(foreign_key="supplier.code", index=True)
    po_number: str | None = Field(default=None, foreign_key="purchase_order.po_number")
    direction: str = "inbound"
    sender: str = ""
    subject: str
    body: str
    sent_at: datetime = ts()
    embedding: list[float] | None = Field(
        default=None, sa_column=Column(Vector(EMBEDDING_DIM), nullable=True)
    )


class ItemEmbedding(SQLModel, table=True):
    """Embeddings of item and supplier names for semantic lookup."""

    __tablename__ = "entity_embedding"
    id: int | None = Field(default=None, primary_key=True)
    kind: str  # item | supplier
    ref: str = Field(index=True)
    text: str
    embedding: list[float] = Field(sa_column=Column(Vector(EMBEDDING_DIM), nullable=False))


class DemoMeta(SQLModel, table=True):
    """Key/value facts about the loaded dataset (as-of time, seed, source)."""

    __tablename__ = "dataset_meta"
    key: str = Field(primary_key=True)
    value: dict[str, Any] = Field(sa_type=JSONB, default_factory=dict)


class ApprovalRule(SQLModel, table=True):
    """The approval policy as data: who must approve a kind of proposal, up to what cost."""

    __tablename__ = "approval_rule"
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(index=True)  # expedite_po, supplier_escalation, po_date_change, resequence...
    plant_code: str | None = Field(default=None, foreign_key="plant.code")  # None = every plant
    max_cost: float | None = Field(default=None, ge=0)  # rule applies to cost <= max_cost
    approver_role: str  # requester | buyer | plant_manager | executive
    four_eyes: bool = True  # approver must not be the requester
    ttl_hours: float = Field(default=24, gt=0)


class ExternalIdentity(SQLModel, table=True):
    """Maps a Slack user id, Teams AAD object id or API token subject to a Lineside user."""

    __tablename__ = "external_identity"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)
    id: int | None = Field(default=None, primary_key=True)
    channel: str  # slack | teams | api | cli
    external_id: str
    username: str = Field(foreign_key="app_user.username", index=True)
