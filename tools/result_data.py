"""The typed data of tool results: what each tool's `ToolResult.data` holds, field by field.

A consumer (the offline model, the API, a test) reads these fields, never the summary text:
`result.typed(KpiValues)`, or `parse_tool_result(message)` for a tool message.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, RootModel

from domain.entities import MatchHow
from domain.procurement.open_supply import OpenPoLine
from governance.proposals import ProposalView


class _Data(BaseModel):
    # A key the tool writes and the model does not declare is a bug: fail in the tests.
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- supply


class StockAt(_Data):
    plant: str
    status: str  # available | quality_hold | blocked
    qty: float


class OpenSupply(_Data):
    """open_supply_for_item: the item, the plants read, and each open PO line's supply."""

    item: str
    description: str
    plants: list[str]
    on_hand: list[StockAt] = Field(default_factory=list)  # where supply starts, at the plants read
    po_lines: list[OpenPoLine]


# ---------------------------------------------------------------- lookups


class ItemMatch(_Data):
    """lookup_item: one matching item, how it matched, and its stock at the caller's plants."""

    code: str
    description: str
    family: str
    item_type: str
    uom: str
    program: str | None
    criticality: int
    match: MatchHow
    score: float
    on_hand: list[StockAt]


class ItemMatches(RootModel[list[ItemMatch]]):
    pass


class SupplierMatch(_Data):
    """lookup_supplier: one matching supplier and how it matched."""

    code: str
    name: str
    email: str
    country: str
    interplant: bool
    match: MatchHow
    score: float


class SupplierMatches(RootModel[list[SupplierMatch]]):
    pass


# ---------------------------------------------------------------- KPIs


class PeriodSpan(_Data):
    start: datetime
    end: datetime
    label: str


class KpiRowValue(_Data):
    """One group's value (or the overall one), with what it was computed from."""

    group: str | None
    label: str | None
    value: float | None
    numerator: float | None
    denominator: float | None
    count: int


class KpiValue(_Data):
    """kpi_query: one KPI for one plant scope ('all' = every plant), as the catalogue defines it."""

    scope_plant: str
    kpi: str
    title: str
    definition: str
    formula: str
    owner: str
    unit: str
    filters: dict[str, str | None]
    period: PeriodSpan
    as_of: datetime
    group_by: str | None
    value: float | None
    overall: KpiRowValue
    rows: list[KpiRowValue]
    notes: list[str]


class KpiValues(RootModel[list[KpiValue]]):
    pass


class SupplierMeasure(_Data):
    """One KPI of a supplier next to the portfolio's in the same scope."""

    kpi: str
    title: str
    unit: str
    supplier: float | None
    portfolio: float | None
    gap: float | None
    numerator: float | None
    denominator: float | None
    worse_than_portfolio: bool | None
    definition: str
    owner: str


class SupplierRecord(_Data):
    """supplier_performance: a supplier's record for one scope (plant None = company-wide)."""

    supplier: str
    supplier_name: str
    plant: str | None
    period: PeriodSpan
    as_of: datetime
    measures: list[SupplierMeasure]
    open_po_lines: int
    open_qty: float
    summary: str


class SupplierRecords(RootModel[list[SupplierRecord]]):
    pass


# ---------------------------------------------------------------- proposals


class ResequenceMoveFact(_Data):
    """One WO of a proposed resequence: where it starts now and where it would start."""

    work_order: str
    item: str
    sequence: int
    old_start: datetime
    new_start: datetime
    new_end: datetime
    renumbered_only: bool  # keeps its start time, only its sequence number changes


class ResequenceFacts(_Data):
    """What a resequence proposal changes, and the frozen horizon it respects, as numbers."""

    line: str
    plant: str
    timezone: str
    method: str
    moves: list[ResequenceMoveFact]
    moved: int  # WOs whose start changes (as the scheduler counts)
    renumbered: int
    frozen_hours: float
    frozen_until: datetime
    kpis: dict[str, Any] | None = None  # the scheduler's before/after, when it computed the plan


class ProposalResult(_Data):
    """Every propose tool: the pending proposal, its payload, and kind-specific facts."""

    proposal: ProposalView
    payload: dict[str, Any]
    resequence: ResequenceFacts | None = None
