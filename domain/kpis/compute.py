"""Computes a governed KPI in SQL with its filters, period and grouping, and says how."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, text

from domain.clock import as_of as dataset_as_of
from domain.entities import AmbiguousEntity, UnknownEntity, resolve_entity
from domain.formatting import money, percent
from domain.kpis.catalogue import KpiDefinition, find_kpi
from domain.kpis.errors import KpiInputError
from domain.kpis.period import Period, parse_period
from domain.kpis.queries import (
    EXCEPTION_AGING_ALERTS_ONLY,
    FACTS,
    PROPOSAL_TABLE_EXISTS,
    Aggregate,
    grouped,
)
from domain.uow import read_snapshot

# A snapshot KPI with no period counts every exception open at the as-of time.
ALL_TIME = (datetime(1900, 1, 1, tzinfo=UTC), datetime(3000, 1, 1, tzinfo=UTC))


@dataclass(frozen=True)
class KpiRow:
    """One group's value, with the numerator and denominator it came from where meaningful."""

    group: str | None
    label: str | None
    value: float | None
    numerator: float | None
    denominator: float | None
    count: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "label": self.label,
            "value": None if self.value is None else round(self.value, 4),
            "numerator": self.numerator,
            "denominator": self.denominator,
            "count": self.count,
        }


@dataclass(frozen=True)
class KpiResult:
    """A KPI's value (overall and per group) with its definition, owner, filters and period."""

    kpi: KpiDefinition
    filters: dict[str, str | None]
    period: Period  # the period the SQL used (history periods end at the as-of time)
    as_of: datetime
    group_by: str | None
    overall: KpiRow
    rows: tuple[KpiRow, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def name(self) -> str:
        return self.kpi.name

    @property
    def value(self) -> float | None:
        return self.overall.value

    @property
    def owner(self) -> str:
        return self.kpi.owner

    @property
    def definition(self) -> str:
        return self.kpi.definition

    @property
    def unit(self) -> str:
        return self.kpi.unit

    def row(self, group: str) -> KpiRow:
        """The row of one group (e.g. a supplier code); KeyError names the groups present."""
        for r in self.rows:
            if r.group == group:
                return r
        raise KeyError(f"no group {group!r}; groups: {', '.join(str(r.group) for r in self.rows)}")

    def as_dict(self) -> dict[str, Any]:
        return {
            "kpi": self.kpi.name,
            "title": self.kpi.title,
            "definition": self.kpi.definition,
            "formula": self.kpi.formula,
            "owner": self.kpi.owner,
            "unit": self.kpi.unit,
            "filters": self.filters,
            "period": self.period.as_dict(),
            "as_of": self.as_of.isoformat(),
            "group_by": self.group_by,
            "value": None if self.value is None else round(self.value, 4),
            "overall": self.overall.as_dict(),
            "rows": [r.as_dict() for r in self.rows],
            "notes": list(self.notes),
        }


def format_value(value: float | None, unit: str) -> str:
    """A value as an answer would say it: '71.4%', '2.3 days', '$6,800', 'no data'."""
    if value is None:
        return "no data"
    if unit == "percent":
        return percent(value)
    if unit == "USD":
        return money(value, cents=False)
    return f"{value:,.1f} {unit}"


def format_gap(value: float | None, unit: str) -> str:
    """The gap between two values as an answer says it: between two percentages it is
    percentage points ('5.2 pts', never '5.2%'), else the unit's own ('$1,200', '0.8 days')."""
    if value is not None and unit == "percent":
        return f"{value:.1f} pts"
    return format_value(value, unit)


# ---------------------------------------------------------------- filters


def _one(conn: Connection, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in conn.execute(text(sql), params).all()]


def resolve_plant(conn: Connection, plant: str) -> str:
    """A plant code from its code, name or town ('SAL', 'Saltillo'), by the one resolver."""
    try:
        return resolve_entity(conn, "plant", plant.strip(), ways=("exact",)).code
    except UnknownEntity as err:
        known = ", ".join(r[0] for r in _one(conn, "SELECT code FROM plant ORDER BY code"))
        raise KpiInputError(f"unknown plant {plant!r}; known plants: {known or 'none'}") from err


def resolve_supplier(conn: Connection, supplier: str) -> str:
    """A supplier code from its code or (part of) its name: 'VOLTAIC', 'Voltaic Components'."""
    try:
        return resolve_entity(conn, "supplier", supplier.strip(), ways=("exact", "name")).code
    except AmbiguousEntity as err:
        matches = ", ".join(c.label() for c in err.candidates[:10])
        raise KpiInputError(f"supplier {supplier!r} is ambiguous; it matches: {matches}") from err
    except UnknownEntity as err:
        raise KpiInputError(
            f"unknown supplier {supplier!r}; give a supplier code or name "
            "(`lineside kpi show supplier_otif --by supplier` lists them)"
        ) from err


def resolve_family(conn: Connection, family: str) -> str:
    rows = _one(conn, "SELECT DISTINCT family FROM item WHERE lower(family) = lower(:v)", v=family)
    if not rows:
        known = ", ".join(r[0] for r in _one(conn, "SELECT DISTINCT family FROM item ORDER BY 1"))
        raise KpiInputError(f"unknown item family {family!r}; known families: {known or 'none'}")
    return str(rows[0][0])


def _check_supported(kpi: KpiDefinition, given: dict[str, object], group_by: str | None) -> None:
    for name, value in given.items():
        if value is not None and name not in kpi.filters:
            raise KpiInputError(
                f"{kpi.name} cannot be filtered by {name}; it supports: {', '.join(kpi.filters)}"
            )
    if group_by is not None and group_by not in kpi.dimensions:
        raise KpiInputError(
            f"{kpi.name} cannot be grouped by {group_by!r}; it supports: "
            f"{', '.join(kpi.dimensions)}"
        )


def resolve_period(kpi: KpiDefinition, period: Period | str | None, now: datetime) -> Period:
    """The period the KPI's SQL uses: the default when none, cut at the as-of time for history."""
    if isinstance(period, str):
        period = parse_period(period, now)
    if period is None:
        if not kpi.default_period:
            return Period(*ALL_TIME, label="all open at the as-of time")
        period = parse_period(kpi.default_period, now)
    return period.capped(now) if kpi.window == "history" else period


# ---------------------------------------------------------------- compute


def compute_kpi(
    engine: Engine,
    name: str,
    *,
    plant: str | None = None,
    supplier: str | None = None,
    item_family: str | None = None,
    period: Period | str | None = None,
    group_by: str | None = None,
    as_of: datetime | None = None,
) -> KpiResult:
    """The KPI `name` (or synonym) over the domain tables, filtered and grouped as asked.

    `period` defaults to the KPI's default period relative to `as_of` (default: the dataset's
    as-of time); a str is parsed with parse_period. `group_by` is one of the KPI's dimensions.
    """
    kpi = find_kpi(name)
    group_key = group_by.strip().lower() if group_by else None
    _check_supported(
        kpi, {"plant": plant, "supplier": supplier, "item_family": item_family}, group_key
    )
    notes: list[str] = []
    # One snapshot for the as-of time, the filters and every figure (the projection's too).
    with read_snapshot(engine) as conn:
        now = as_of or dataset_as_of(conn)
        if isinstance(period, str):
            period = parse_period(period, now)
        used = resolve_period(kpi, period, now)
        if period is not None and used.end != period.end:
            notes.append(f"period cut at the as-of time {now.isoformat()}: history ends there")
        filters = {
            "plant": resolve_plant(conn, plant) if plant else None,
            "supplier": resolve_supplier(conn, supplier) if supplier else None,
            "item_family": resolve_family(conn, item_family) if item_family else None,
        }
        if kpi.name == "line_stop_risk_hours":
            overall, rows, more = _line_stop_risk_hours(conn, filters, used, group_key)
            empty: float | None = 0.0
        else:
            overall, rows, more = _sql_kpi(conn, kpi, filters, used, now, group_key)
            empty = FACTS[kpi.name][1].value(None, None)
        if group_key == "plant":
            rows = _every_plant(conn, filters["plant"], rows, empty)
        notes.extend(more)
    return KpiResult(
        kpi=kpi,
        filters={**filters, "period": used.label},
        period=used,
        as_of=now,
        group_by=group_key,
        overall=overall,
        rows=tuple(rows),
        notes=tuple(notes),
    )


def _every_plant(
    conn: Connection, plant: str | None, rows: list[KpiRow], empty: float | None
) -> list[KpiRow]:
    """A breakdown by plant has a row for every plant of the filter, those with nothing in the
    period included: its empty value (a sum's zero; no data for a rate or a mean)."""
    plants = [plant] if plant else [r[0] for r in _one(conn, "SELECT code FROM plant ORDER BY 1")]
    have = {r.group for r in rows}
    missing = [str(p) for p in plants if p not in have]
    labels = _labels(conn, "plant", list(missing))
    filled = [KpiRow(p, labels.get(p), empty, None, None, 0) for p in missing]
    return sorted([*rows, *filled], key=lambda r: (r.group is None, str(r.group)))


def _labels(conn: Connection, group_by: str | None, keys: list[str | None]) -> dict[str, str]:
    lookups = {
        "supplier": "SELECT code, name FROM supplier WHERE code = ANY(:keys)",
        "plant": "SELECT code, name FROM plant WHERE code = ANY(:keys)",
        "item": "SELECT code, description FROM item WHERE code = ANY(:keys)",
        "line": "SELECT code, name FROM line WHERE code = ANY(:keys)",
    }
    if group_by not in lookups:
        return {}
    present = [k for k in keys if k is not None]
    return {str(r[0]): str(r[1]) for r in _one(conn, lookups[group_by], keys=present)}


def _row(agg: Aggregate, group: str | None, label: str | None, raw: tuple[Any, ...]) -> KpiRow:
    num, den, n = raw[1], raw[2], int(raw[3])
    return KpiRow(
        group=group,
        label=label,
        value=agg.value(num, den),
        numerator=None if num is None else float(num),
        denominator=None if den is None else float(den),
        count=n,
    )


def _sql_kpi(
    conn: Connection,
    kpi: KpiDefinition,
    filters: dict[str, str | None],
    period: Period,
    now: datetime,
    group_by: str | None,
) -> tuple[KpiRow, list[KpiRow], list[str]]:
    facts_sql, agg = FACTS[kpi.name]
    notes: list[str] = []
    if kpi.name == "exception_aging":
        if not conn.execute(text(PROPOSAL_TABLE_EXISTS)).scalar():
            facts_sql = EXCEPTION_AGING_ALERTS_ONLY
            notes.append("alerts only: the action_proposal table does not exist in this database")
        else:
            notes.append("open alerts and pending action proposals")
    active = [f for f, v in filters.items() if v is not None]
    params: dict[str, Any] = {
        "start": period.start,
        "end": period.end,
        "as_of": now,
        "days": period.days,
        "f_plant": filters["plant"],
        "f_supplier": filters["supplier"],
        "f_family": filters["item_family"],
    }
    total = conn.execute(text(grouped(facts_sql, None, active)), params).first()
    empty = KpiRow(None, None, agg.value(None, None), None, None, 0)
    overall = _row(agg, None, None, tuple(total)) if total else empty
    rows: list[KpiRow] = []
    if group_by:
        raw = [tuple(r) for r in conn.execute(text(grouped(facts_sql, group_by, active)), params)]
        labels = _labels(conn, group_by, [r[0] for r in raw])
        rows = [_row(agg, r[0], labels.get(r[0]) if r[0] else None, r) for r in raw]
    if kpi.name == "exception_aging" and total is not None and total[4] is not None:
        notes.append(f"oldest open exception: {float(total[4]):.1f} days")
    return overall, rows, notes


def _line_stop_risk_hours(
    conn: Connection,
    filters: dict[str, str | None],
    period: Period,
    group_by: str | None,
) -> tuple[KpiRow, list[KpiRow], list[str]]:
    """Line hours at risk from the plant projections; a WO hit twice counts once, at its worst."""
    from domain.planning.policy import SupplyPolicy
    from domain.planning.repository import shortages_for_plant
    from domain.planning.shortages import worst_per_work_order

    policy = SupplyPolicy()
    plants = (
        [filters["plant"]]
        if filters["plant"]
        else [r[0] for r in _one(conn, "SELECT code FROM plant ORDER BY code")]
    )
    items = {
        str(r[0]): (str(r[1]), r[2], r[3])
        for r in _one(
            conn,
            """SELECT i.code, i.family, a.plant_code, a.supplier_code
               FROM item i LEFT JOIN LATERAL (
                   SELECT plant_code, supplier_code FROM approved_source s
                   WHERE s.item_code = i.code ORDER BY s.rank, s.supplier_code LIMIT 1
               ) a ON true""",
        )
    }
    worst: dict[tuple[str | None, str], float] = defaultdict(float)
    for plant in plants:
        for shortage in shortages_for_plant(
            conn, plant, period.end - period.start, policy, start=period.start
        ):
            family, _, supplier = items.get(shortage.item, ("", None, None))
            if filters["item_family"] and family != filters["item_family"]:
                continue
            if filters["supplier"] and supplier != filters["supplier"]:
                continue
            group = {
                None: None, "plant": plant, "family": family, "supplier": supplier,
                "item": shortage.item, "line": None,
            }[group_by]  # fmt: skip
            for pegged in shortage.pegged:
                key = (pegged.line if group_by == "line" else group, pegged.work_order)
                worst[key] = max(worst[key], pegged.line_hours_at_risk)
    per_group: dict[str | None, list[float]] = defaultdict(list)
    for (group, _), hours in worst.items():
        per_group[group].append(hours)
    by_wo = worst_per_work_order((wo, hours) for (_, wo), hours in worst.items())
    overall = KpiRow(None, None, sum(by_wo.values()), sum(by_wo.values()), None, len(by_wo))
    labels = _labels(conn, group_by, list(per_group))
    rows = [
        KpiRow(g, labels.get(g) if g else None, sum(h), sum(h), None, len(h))
        for g, h in sorted(per_group.items(), key=lambda kv: str(kv[0]))
    ] if group_by else []  # fmt: skip
    return overall, rows, [f"projection policy: {policy.describe()}"]
