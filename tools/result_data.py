"""The typed data of tool results: what each tool's `ToolResult.data` holds, field by field.

A consumer (the offline model, the API, a test) reads these fields, never the summary text:
`result.typed(KpiValues)`, or `parse_tool_result(message)` for a tool message.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

from domain.entities import MatchHow
from domain.planning.shortages import worst_per_work_order
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


class RankedPoLine(_Data):
    """po_lines_by_impact: one open PO line, how likely it hits production, what the supplier
    confirmed of it, and how late it is. Times are the plant's wall clock ('Tue 2026-03-03
    06:00'), `promised_at` as ISO on that clock."""

    po_number: str
    line_no: int
    plant: str
    item: str
    item_description: str
    supplier: str
    supplier_name: str
    score: float
    level: Literal["high", "medium", "low"]
    hits_production_in_horizon: bool
    needed_in_horizon: bool
    first_short_at: str | None
    qty_short: float
    first_need_at: str | None
    first_need_work_order: str | None
    qty_ordered: float
    qty_received: float
    open_qty: float
    confirmed_qty: float | None  # None: the supplier has confirmed nothing
    confirmed_for: str | None  # the time the supplier confirmed it for (its latest confirmation)
    unconfirmed_qty: float
    holds_up_production: bool
    arrives_at: str  # best-known arrival: ASN ETA, else confirmed date, else promised date
    promised_at: str
    late: bool  # promised before now and not received in full (domain.procurement.lateness)
    days_late: float  # days past the promised date when late, else 0
    arrives_late_hours: float  # best-known arrival after the promised date, in hours (0: not)
    asn_number: str | None
    asn_status: str
    main_reason: str


class RankedPoLines(_Data):
    """po_lines_by_impact: the open PO lines read, ranked; `total` counts all that matched."""

    horizon: str
    plants: list[str]
    total: int
    hitting_production: int
    late: int = 0  # of all that matched, how many are late
    lines: list[RankedPoLine]


class HeldLot(_Data):
    """A lot of the item on quality hold: how much, why, and when quality expects to decide."""

    lot: str
    plant: str
    qty: float
    reason: str
    placed_at: datetime
    decision_expected_at: str | None  # on the plant's clock ('Tue 2026-03-03 12:00')
    # The same instant on the clock of each plant the caller sees ({'GYR': 'Tue ... 18:00'}).
    decision_at_plants: dict[str, str] = {}


class NextReceipt(_Data):
    """The item's next expected receipt: the earliest open supply tranche of its PO lines."""

    po_number: str
    line_no: int
    plant: str
    supplier: str
    supplier_name: str
    qty: float
    at: str  # on the plant's clock
    basis: str  # asn | confirmed | unconfirmed: where the time comes from
    asn_number: str | None = None
    asn_status: str | None = None  # in_transit | held
    hub: str | None = None


# ---------------------------------------------------------------- planning


class SupplyPolicyFact(_Data):
    """What the projection counted as supply, as SupplyPolicy.as_dict states it."""

    include_unconfirmed: bool
    include_held: bool
    consumption: str
    statement: str
    held_released_at: str | None = None  # a what-if: held stock counted from then
    # a what-if: PO lines' open supply supposed to arrive at another time (line, part, at, label)
    arrivals: list[dict[str, Any]] = []


class PeggedWorkOrderFact(_Data):
    """A WO a shortage hits: its draw of the short item is not covered at its start."""

    work_order: str
    line: str
    item: str  # what the WO makes
    customer_order: str | None
    start: datetime
    qty_required: float
    qty_short: float
    covered_at: datetime | None  # None: not covered within the horizon
    line_hours_at_risk: float


class ShortageFact(_Data):
    """shortages: one item's first shortage in the horizon, pegged to what it hits."""

    item: str
    plant: str
    first_short_at: datetime  # in the plant's zone
    qty_short: float
    work_orders: list[str]
    customer_orders: list[str]
    line_hours_at_risk: float
    recovered_at: datetime | None  # None: not covered again within the horizon
    recovered_by: list[str]  # the receipts that cover it ('PO-7790/1 ASN-55102')
    covered_later_at: datetime | None = None  # not covered in the horizon: when, past it
    covered_later_by: list[str] = []  # the receipts then
    opening_available: float
    held: float
    pegged: list[PeggedWorkOrderFact]
    policy: SupplyPolicyFact

    @property
    def lines(self) -> list[str]:
        return list(dict.fromkeys(p.line for p in self.pegged))


class BalanceStep(_Data):
    """One change of an item's projected available: a receipt or a work order's draw."""

    at: datetime
    at_local: str  # on the plant's clock ('Wed 2026-03-04 06:00')
    kind: Literal["receipt", "consumption"]
    qty: float
    balance: float  # projected available right after it; below zero is short
    ref: str  # the PO line ('PO-7781/1') or the work order
    supply_kind: str | None  # asn | confirmed | unconfirmed, for a receipt


class MaterialBalance(_Data):
    """material_balance: the projection walked for one item: what was available at the start,
    each receipt and draw in time order with the balance after it, and the first short."""

    item: str
    plant: str
    start_local: str
    opening_available: float
    held: float  # on quality hold or blocked: counted only if the policy says so
    steps: list[BalanceStep]
    more_steps: int  # steps after those listed, within the horizon
    first_short_at: datetime | None
    first_short_qty: float | None  # the balance below zero at that step, as a positive number
    policy: SupplyPolicyFact


class Shortages(RootModel[list[ShortageFact]]):
    @property
    def line_hours_at_risk_total(self) -> float:
        """The line hours at risk over all these shortages, each WO once (as the KPI counts)."""
        pegged = ((p.work_order, p.line_hours_at_risk) for s in self.root for p in s.pegged)
        return sum(worst_per_work_order(pegged).values())


class ComponentShortFact(_Data):
    item: str
    qty_required: float
    qty_short: float
    covered_at: datetime | None  # None: not within the horizon


class ItemOverview(_Data):
    """item_overview: an item's state at the plants read: stock by status with its held lots,
    its open supply (next receipt) and its next shortage under the default supply policy."""

    item: str
    description: str
    plants: list[str]
    on_hand: list[StockAt]
    holds: list[HeldLot]
    open_po_lines: int
    open_qty: float
    next_receipt: NextReceipt | None
    next_shortage: ShortageFact | None  # the first in the horizon, at any plant read
    horizon: str


class ClearToBuildFact(_Data):
    """clear_to_build: one WO of the day, clear or not, and the components it lacks."""

    work_order: str
    line: str
    item: str
    start: datetime
    start_local: str  # the start as the plant reads it ('Tue 2026-03-03 06:00')
    start_at_plant: datetime | None = None  # the same instant on the plant's clock (its offset)
    clear: bool
    short: list[ComponentShortFact]


class ClearToBuildRows(RootModel[list[ClearToBuildFact]]):
    pass


class ShiftFact(_Data):
    """One named shift of a line on the plant's clock: 'A', 'Mon–Fri', '06:00'–'14:00'."""

    name: str
    days: str  # the weekdays it runs, as a span ('Mon–Fri')
    weekdays: list[int]  # 0 = Monday
    start: str  # 'HH:MM', plant local
    end: str
    hours: float  # of one shift


class ChangeoverFact(_Data):
    """Minutes a line loses switching from one model family to another."""

    from_family: str
    to_family: str
    minutes: int


class WorkOrderSizeFact(_Data):
    """The usual WO of one item on a line: its most common quantity and the run time it takes."""

    item: str
    description: str
    qty: float
    hours: float  # qty / the line's rate per hour
    work_orders: int  # WOs of that quantity
    of_work_orders: int  # every WO of the item on the line


class LineProfileFact(_Data):
    line: str
    name: str
    plant: str
    rate_per_hour: float
    frozen_hours: float
    shifts: list[ShiftFact]
    hours_per_week: float  # every shift of the week added up
    changeovers: list[ChangeoverFact]
    work_order_sizes: list[WorkOrderSizeFact]


class MadeItemFact(_Data):
    item: str
    description: str


class PlantProfileFact(_Data):
    """One plant's master data: its lines and what they build."""

    plant: str
    name: str
    timezone: str
    lines: list[LineProfileFact]
    makes: list[MadeItemFact]  # the finished items of its lines' work orders


class PlantProfiles(_Data):
    """plant_profile: each plant read (one, or every plant in scope), or one line at its plant."""

    plants: list[PlantProfileFact]
    line: str | None = None  # the one line asked about, if any


# ---------------------------------------------------------------- PO risk


class RiskFactorFact(_Data):
    """One reason for a risk score: weight, severity (0-1), measured value, points, and why."""

    name: str
    weight: float
    severity: float
    value: int | float | str | None
    sentence: str
    points: float


class RiskFactsFact(_Data):
    """What was known about the PO line at the as-of time (domain.risk.RiskFacts)."""

    po_number: str
    line_no: int
    plant: str
    timezone: str
    item: str
    item_description: str
    criticality: int
    supplier: str
    supplier_name: str
    as_of: datetime
    promised_at: datetime
    qty_ordered: float
    qty_received: float
    qty_confirmed: float | None
    confirmed_for: datetime | None
    supplier_otif: float | None
    supplier_otif_lines: int
    supplier_otif_met: int
    portfolio_otif: float | None
    otif_window: str
    asn_status: str
    asn_number: str | None
    asn_qty: float
    asn_eta: datetime | None
    asn_original_eta: datetime | None
    asn_hub: str
    on_hand_qty: float
    held_qty: float
    hold_lots: list[str]
    hold_decision_at: datetime | None
    first_need_at: datetime | None
    first_need_work_order: str | None
    first_short_at: datetime | None
    qty_short: float


class PoLineRiskFact(_Data):
    """explain_po_risk: a PO line's score (0-100), level, explanation and its factors."""

    po_number: str
    line_no: int
    item: str
    supplier: str
    supplier_name: str
    plant: str
    score: float
    level: Literal["high", "medium", "low"]
    explanation: str
    factors: list[RiskFactorFact]  # largest contribution first
    facts: RiskFactsFact


# ---------------------------------------------------------------- correspondence


class UntrustedText(_Data):
    """Supplier text, marked so that nobody takes it for an instruction (governance.guards)."""

    untrusted: Literal[True]
    source: str
    note: str
    text: str


class SupplierMessageFact(_Data):
    """search_correspondence: one supplier message, its subject and body marked untrusted."""

    id: int
    supplier: str
    po_number: str | None
    direction: str
    sent_at: datetime
    match: str  # how it was found: recent | keyword | semantic
    subject: UntrustedText
    body: UntrustedText


class SupplierMessages(RootModel[list[SupplierMessageFact]]):
    pass


# ---------------------------------------------------------------- governance


class ProposalListed(_Data):
    """pending_proposals: one proposal, who asked, what it would do and who must approve it."""

    id: str
    kind: str
    status: str
    required_role: str
    four_eyes: bool
    cost: float
    plant_code: str
    expires_at: datetime
    requested_by: str
    created_at: datetime
    rationale: str
    expected_effect: str
    cited_facts: list[dict[str, Any]]  # the figures behind the effect, to cite
    payload: dict[str, Any]  # a resequence's line, moves and frozen horizon


class ProposalList(RootModel[list[ProposalListed]]):
    pass


class AuditRecordFact(_Data):
    """audit_lookup: one audit record (its hash; the chain link itself is left out)."""

    id: int
    at: datetime
    kind: str
    actor: str
    on_behalf_of: str | None
    channel: str | None
    thread_id: str | None
    tool: str | None
    arguments: dict[str, Any]
    result_digest: str | None
    outcome: str
    latency_ms: float | None
    model: str | None
    proposal_id: str | None
    detail: str
    hash: str


class AuditRecords(RootModel[list[AuditRecordFact]]):
    pass


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
    relative_calendar: bool = False  # 'last quarter': an answer states the dates it stands for


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
    portfolio: float | None = None  # every supplier's value in the same scope (a supplier filter)


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


class GapClosedFact(_Data):
    """A component whose shortage a resequence closes, and the WOs it makes clear-to-build."""

    item: str
    work_orders: list[str]


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
    kept_until: datetime | None = None  # asked: nothing starting before it moves either
    kpis: dict[str, Any] | None = None  # the scheduler's before/after, when it computed the plan
    gaps_closed: list[GapClosedFact] = []  # the gaps it closes (scheduler plans only)


class ProposalResult(_Data):
    """Every propose tool: the pending proposal, its payload, and kind-specific facts."""

    proposal: ProposalView
    payload: dict[str, Any]
    resequence: ResequenceFacts | None = None
