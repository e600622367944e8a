"""The governed KPI catalogue: each KPI's name, DOMAIN.md definition, formula, owner, dimensions."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from domain.kpis.errors import KpiInputError

# Filters and groupings a KPI may support; "month" groups by the calendar month local to the plant.
FILTERS = ("plant", "supplier", "item_family", "period")
GROUPINGS = ("supplier", "plant", "family", "month", "item")


class UnknownKpiError(KpiInputError):
    """A KPI name or synonym that is not in the catalogue."""


@dataclass(frozen=True)
class KpiDefinition:
    """One governed KPI: what it means (in the words of the catalogue) and who owns it."""

    name: str
    title: str
    definition: str  # exactly as DOMAIN.md states it
    formula: str  # how the SQL computes it, in words
    owner: str
    unit: str  # percent | days | hours | USD
    dimensions: tuple[str, ...]  # what compute_kpi(group_by=...) accepts
    filters: tuple[str, ...]  # what compute_kpi accepts besides group_by
    synonyms: tuple[str, ...]
    default_period: str  # parse_period text used when no period is given
    window: str  # history (ends at as-of) | forward (starts at as-of) | snapshot (open at as-of)
    higher_is_better: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def gap_way(self, difference: float) -> str:
        """How a first value stands to a second in words: 'higher (worse)' for premium freight."""
        if difference == 0:
            return "the same"
        better = (difference > 0) == self.higher_is_better
        return f"{'higher' if difference > 0 else 'lower'} ({'better' if better else 'worse'})"


_HISTORY_DIMS = ("supplier", "plant", "family", "month")
_ALL_FILTERS = FILTERS

CATALOGUE: tuple[KpiDefinition, ...] = (
    KpiDefinition(
        name="supplier_otif",
        title="Supplier OTIF",
        definition=(
            "share of PO lines due in the period that were received in full (received ≥ 98% "
            "of ordered) no later than the promised date; per line, not OT% × IF%"
        ),
        formula=(
            "count of PO lines (not cancelled, qty_ordered > 0) with promised_at in the period "
            "and before the as-of time whose goods receipts dated on or before the promised "
            "date (plant local dates) sum to ≥ 98% of qty_ordered, divided by the count of "
            "those lines, × 100"
        ),
        owner="Purchasing (supplier performance)",
        unit="percent",
        dimensions=_HISTORY_DIMS,
        filters=_ALL_FILTERS,
        synonyms=(
            "otif",
            "on time in full",
            "on-time in-full",
            "delivery performance",
            "supplier delivery performance",
            "otif %",
            "on time and in full",
            "in full on time",
            "in full and on time",
            "on time and complete",
            "delivery reliability",
        ),  # fmt: skip
        default_period="90d",
        window="history",
        higher_is_better=True,
    ),
    KpiDefinition(
        name="supplier_on_time",
        title="Supplier on-time %",
        definition="share of receipts on or before the promised date",
        formula=(
            "count of goods receipts (qty > 0) received in the period whose receipt date is on "
            "or before the PO line's promised date (plant local dates), divided by the count of "
            "receipts in the period, × 100"
        ),
        owner="Purchasing (supplier performance)",
        unit="percent",
        dimensions=_HISTORY_DIMS,
        filters=_ALL_FILTERS,
        synonyms=(
            "on time",
            "on-time",
            "on time %",
            "on-time delivery",
            "otd",
            "punctuality",
            "deliveries on time",
            "receipts on time",
            "arrive on time",
            "delivered on time",
            "on time rate",
            "how often late",
        ),  # fmt: skip
        default_period="90d",
        window="history",
        higher_is_better=True,
    ),
    KpiDefinition(
        name="confirmation_rate",
        title="Confirmation rate",
        definition="share of PO lines confirmed by the supplier within 48 h of issue",
        formula=(
            "count of PO lines of POs issued in the period (and at least 48 h before the as-of "
            "time) whose supplier confirmation current at issue + 48 h covers ≥ 98% of "
            "qty_ordered, divided by the count of those lines, × 100"
        ),
        owner="Purchasing (supplier performance)",
        unit="percent",
        dimensions=_HISTORY_DIMS,
        filters=_ALL_FILTERS,
        synonyms=(
            "confirmation",
            "confirmations",
            "conf rate",
            "order acknowledgement rate",
            "acknowledgement rate",
            "po confirmation rate",
            "confirmed within 48h",
            "confirmed in 48h",
            "confirm within 48h",
            "confirm in 48h",
            "confirmed within 2 days",
            "confirmed in 2 days",
            "confirm within 2 days",
            "confirm in 2 days",
            "acknowledged within 48h",
            "acknowledged in 48h",
            "acknowledged within 2 days",
            "confirm rate",
            "confirmation %",
            "ack rate",
            "po acknowledgement",
            "po acknowledgements",
            "order confirmations",
            "po confirmations",
            "how quickly suppliers confirm",
            "how fast suppliers confirm",
        ),  # fmt: skip
        default_period="90d",
        window="history",
        higher_is_better=True,
    ),
    KpiDefinition(
        name="average_days_late",
        title="Average days late",
        definition=("mean of max(0, receipt date − promised date) over receipts in the period"),
        formula=(
            "mean over goods receipts (qty > 0) received in the period of "
            "max(0, receipt date − promised date) in whole days (plant local dates)"
        ),
        owner="Purchasing (supplier performance)",
        unit="days",
        dimensions=_HISTORY_DIMS,
        filters=_ALL_FILTERS,
        synonyms=(
            "days late",
            "avg days late",
            "lateness",
            "average lateness",
            "mean days late",
            "late on average",
            "average delay",
            "mean delay",
            "delay on average",
            "days overdue",
            "days behind",
            "delay in days",
        ),  # fmt: skip
        default_period="90d",
        window="history",
        higher_is_better=False,
    ),
    KpiDefinition(
        name="schedule_adherence",
        title="Schedule adherence",
        definition=("share of WOs due in the period completed in their scheduled shift (count)"),
        formula=(
            "count of work orders (not cancelled) with due_at in the period and before the "
            "as-of time whose completed_at falls between the start of the shift containing "
            "planned_start and the end of the shift containing planned_end (the planned window "
            "itself where no shift contains them), divided by the count of those WOs, × 100"
        ),
        owner="Production (plant manager)",
        unit="percent",
        dimensions=("plant", "family", "month"),
        filters=("plant", "item_family", "period"),
        synonyms=(
            "adherence",
            "schedule attainment",
            "plan attainment",
            "schedule compliance",
            "hitting the schedule",
            "hit the schedule",
            "hitting schedule",
            "build to schedule",
            "built to schedule",
            "stick to the plan",
            "sticking to the plan",
            "stick to the schedule",
            "sticking to the schedule",
            "sticking to the build plan",
            "stick to the build plan",
            "completed on schedule",
            "completed in their shift",
            "completed in shift",
            "work orders on schedule",
            "wos on time",
            "work orders on time",
            "schedule hit rate",
            "schedule performance",
        ),  # fmt: skip
        default_period="90d",
        window="history",
        higher_is_better=True,
    ),
    KpiDefinition(
        name="line_stop_risk_hours",
        title="Line-stop risk hours",
        definition="projected scheduled line hours without material in the horizon",
        formula=(
            "for each plant, the material projection over the period (default policy: "
            "unconfirmed supply and held stock excluded, components consumed at WO start); "
            "sum over scheduled WOs hit by a shortage of the hours from WO start until its "
            "draw is covered, capped at the WO's duration (a WO hit by several short items "
            "counts once, at its longest)"
        ),
        owner="Materials planning",
        unit="hours",
        dimensions=("supplier", "plant", "family", "item", "line"),
        filters=_ALL_FILTERS,
        synonyms=(
            "line stop risk",
            "line-stop risk",
            "line hours at risk",
            "hours at risk",
            "line down risk",
            "line stop hours",
            "line hours exposed",
            "hours exposed",
            "exposed hours",
            "line time at risk",
            "line hours at stake",
            "hours at stake",
            "downtime risk",
            "downtime hours",
            "hours of downtime",
            "lost line hours",
            "line hours lost",
            "production hours at risk",
            "hours of exposure",
            "line hour exposure",
            "exposure in line hours",
            "line hours of exposure",
        ),  # fmt: skip
        default_period="next 14d",
        window="forward",
        higher_is_better=False,
    ),
    KpiDefinition(
        name="premium_freight_spend",
        title="Premium freight spend",
        definition="sum of approved premium freight cost in the period",
        formula="sum of premium_freight.cost with approved_at in the period",
        owner="Logistics",
        unit="USD",
        dimensions=_HISTORY_DIMS,
        filters=_ALL_FILTERS,
        synonyms=(
            "premium freight",
            "expedite cost",
            "expediting spend",
            "air freight spend",
            "freight spend",
            "expedite spend",
            "premium freight cost",
            "expediting cost",
            "expediting costs",
            "expedite costs",
            "expedited freight",
            "premium shipping",
            "air freight bill",
            "freight bill",
            "spend on expedites",
            "spent on expedites",
            "spend on expediting",
            "spent on expediting",
            "expedite fees",
        ),  # fmt: skip
        default_period="this month",
        window="history",
        higher_is_better=False,
    ),
    KpiDefinition(
        name="days_of_supply",
        title="Days of supply",
        definition="available on hand / average daily requirement over the next N days",
        formula=(
            "per item with a requirement: on-hand stock with status 'available' divided by "
            "(BOM requirement of released and started WOs starting in the period / the "
            "period's days); a group's value is its summed on hand over its summed daily "
            "requirement; N = the period's length (default the next 14 days)"
        ),
        owner="Materials planning",
        unit="days",
        dimensions=("supplier", "plant", "family", "item"),
        filters=_ALL_FILTERS,
        synonyms=(
            "dos",
            "days of cover",
            "coverage",
            "days on hand",
            "inventory cover",
            "days of stock",
            "days of inventory",
            "stock cover",
            "inventory days",
            "days of coverage",
        ),  # fmt: skip
        default_period="next 14d",
        window="forward",
        higher_is_better=True,
    ),
    KpiDefinition(
        name="procurement_cycle_time",
        title="Procurement cycle time",
        definition="mean days from PO issue to final receipt",
        formula=(
            "mean over PO lines received in full (receipts ≥ 98% of qty_ordered) whose final "
            "receipt falls in the period of (final receipt time − PO issued_at) in days"
        ),
        owner="Purchasing",
        unit="days",
        dimensions=_HISTORY_DIMS,
        filters=_ALL_FILTERS,
        synonyms=(
            "cycle time",
            "po cycle time",
            "order to receipt",
            "purchase cycle time",
            "lead time",
            "po lead time",
            "procurement lead time",
            "purchasing lead time",
            "po to receipt",
            "order to delivery",
            "issue to receipt",
        ),  # fmt: skip
        default_period="90d",
        window="history",
        higher_is_better=False,
    ),
    KpiDefinition(
        name="exception_aging",
        title="Exception aging",
        definition="age of open alerts and pending proposals",
        formula=(
            "mean age in days at the as-of time of alerts with no closed_at and of action "
            "proposals with status 'pending' (when the governance table exists), opened "
            "before the as-of time; a period limits them to those opened in it"
        ),
        owner="Operations excellence (VP operations)",
        unit="days",
        dimensions=("plant", "month"),
        filters=("plant", "period"),
        synonyms=(
            "aging",
            "exception age",
            "open exceptions",
            "alert aging",
            "backlog age",
            "pending approvals age",
            "ageing",
            "exception ageing",
            "alert age",
            "age of open alerts",
            "age of open exceptions",
            "how old are the open alerts",
            "how old are the alerts",
            "how old are the exceptions",
            "how long alerts have been open",
            "how long exceptions have been open",
            "exceptions sitting open",
            "alerts sitting open",
            "stale alerts",
            "oldest open alert",
            "oldest open exception",
        ),  # fmt: skip
        default_period="",
        window="snapshot",
        higher_is_better=False,
    ),
)

_BY_NAME = {k.name: k for k in CATALOGUE}


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9%×]+", " ", text.lower()).strip()


_LOOKUP: dict[str, KpiDefinition] = {}
for _kpi in CATALOGUE:
    for _word in (_kpi.name, _kpi.title, *_kpi.synonyms):
        _LOOKUP.setdefault(_key(_word), _kpi)


def list_kpis() -> list[KpiDefinition]:
    """Every governed KPI, in catalogue order."""
    return list(CATALOGUE)


def find_kpi(name_or_synonym: str) -> KpiDefinition:
    """The KPI a name, title or synonym ('OTIF', 'on time in full') refers to."""
    kpi = _BY_NAME.get(name_or_synonym) or _LOOKUP.get(_key(name_or_synonym))
    if kpi is None:
        known = ", ".join(k.name for k in CATALOGUE)
        raise UnknownKpiError(f"unknown KPI {name_or_synonym!r}; known KPIs: {known}")
    return kpi
