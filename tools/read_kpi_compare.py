"""KPI comparison: a period against the one before (or a named one), a supplier against the
portfolio of every supplier in the same scope, or one plant against another."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

from domain.clock import as_of
from domain.kpis import compute_kpi, find_kpi, format_gap, format_value
from domain.kpis.period import Period, parse_period
from tools.lookup import resolve_supplier
from tools.results import ToolError, ToolResult
from tools.scope import kpi_plants, requested_or_visible
from tools.tool import Tool

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from governance.context import Actor, CallContext

_CALENDAR_BEFORE = {
    "this month": "last month",
    "this quarter": "last quarter",
    "this week": "last week",
    "this year": "last year",
    "today": "yesterday",
}


class KpiCompareArgs(BaseModel):
    metric: str = Field(min_length=1, description="KPI name or synonym, e.g. 'supplier OTIF'.")
    period: str | None = Field(
        default=None,
        description="The period: 'this month', 'last quarter', '2026-01', "
        "'2025-q4', 'last 90 days'; default: the KPI's own default period.",
    )
    compare_to: Literal["previous", "portfolio"] | str = Field(
        default="previous",
        description="'previous' (the period before, e.g. last month for this month), "
        "'portfolio' (the supplier against every supplier), or a second period in words.",
    )
    supplier: str | None = Field(
        default=None, description="Supplier filter (needed for 'portfolio')."
    )
    plant: str | None = Field(default=None, description="One plant; default: your plants.")
    other_plant: str | None = Field(
        default=None,
        min_length=2,
        max_length=16,
        description="A second plant to compare `plant` against, same KPI and period "
        "('LKS vs SAL': plant='LKS', other_plant='SAL'); needs `plant`.",
    )
    item_family: str | None = Field(default=None, description="Item family filter.")


def _plants(args: KpiCompareArgs, actor: Actor, engine: Engine) -> list[str]:
    if args.other_plant:  # both plants must be the caller's
        return [*requested_or_visible(args.plant, actor, engine), args.other_plant.upper()]
    return requested_or_visible(args.plant, actor, engine)


def previous_period(period: Period, label: str) -> Period | str:
    """The period just before: the calendar one for 'this month', else the same length before."""
    words = " ".join(label.lower().split())
    if words in _CALENDAR_BEFORE:
        return _CALENDAR_BEFORE[words]
    if len(words) == 7 and words[4] == "-":  # 2026-02 -> 2026-01
        year, month = int(words[:4]), int(words[5:])
        return f"{year - (month == 1)}-{(month - 2) % 12 + 1:02d}"
    if "-q" in words:  # 2026-q1 -> 2025-q4
        year, q = int(words[:4]), int(words[-1])
        return f"{year - (q == 1)}-q{(q - 2) % 4 + 1}"
    length: timedelta = period.end - period.start
    return Period(period.start - length, period.start, f"the {label} before")


def _side(result: Any, label: str) -> dict[str, Any]:
    return {
        "label": label,
        "value": result.value,
        "period": result.period.as_dict(),
        "numerator": result.overall.numerator,
        "denominator": result.overall.denominator,
        "filters": result.filters,
    }


def _run(engine: Engine, ctx: CallContext, args: KpiCompareArgs) -> ToolResult:
    kpi = find_kpi(args.metric)
    now = as_of(engine)
    supplier = resolve_supplier(engine, args.supplier).code if args.supplier else None
    if args.other_plant:
        return _plant_against_plant(engine, args, supplier)
    # One scope for both sides: the first of kpi_plants (company-wide for one supplier's record).
    scopes = kpi_plants(args.plant, supplier, ctx.actor, engine)
    if len(scopes) > 1 and scopes[0] is not None:
        raise ToolError("name one plant to compare at (plant='LKS')")
    plant = scopes[0] if scopes else None

    def compute(period: Period | str | None, who: str | None) -> Any:
        return compute_kpi(
            engine,
            kpi.name,
            plant=plant,
            supplier=who,
            item_family=args.item_family,
            period=period,
            as_of=now,
        )

    first = compute(args.period, supplier)
    label_a = first.period.label
    if args.compare_to == "portfolio":
        if supplier is None:
            raise ToolError("comparing with the portfolio needs a supplier")
        second = compute(args.period, None)
        a, b = _side(first, f"{supplier}, {label_a}"), _side(second, f"portfolio, {label_a}")
    else:
        before = (
            previous_period(
                parse_period(args.period, now) if args.period else first.period, label_a
            )
            if args.compare_to == "previous"
            else args.compare_to
        )
        second = compute(before, supplier)
        asked = parse_period(args.period, now) if args.period else first.period
        if asked.end > now:  # "mar vs feb" on Mar 2: March has only begun, and it is said so
            label_a = f"{label_a} so far (since {first.period.start:%Y-%m-%d})"
        a, b = _side(first, label_a), _side(second, second.period.label)
    return _compared(kpi, a, b, plant or "all plants", args.compare_to, plant)


def _plant_against_plant(engine: Engine, args: KpiCompareArgs, supplier: str | None) -> ToolResult:
    """'LKS vs SAL': the same KPI, period and filters at each plant, and the gap between them."""
    if not args.plant:
        raise ToolError("name the first plant too (plant='LKS', other_plant='SAL')")
    kpi = find_kpi(args.metric)
    now = as_of(engine)
    first, other = args.plant.upper(), str(args.other_plant).upper()
    if first == other:
        raise ToolError("plant and other_plant are the same plant; name two different plants")
    sides = []
    for plant in (first, other):
        result = compute_kpi(engine, kpi.name, plant=plant, supplier=supplier,
                             item_family=args.item_family, period=args.period,
                             as_of=now)  # fmt: skip
        sides.append(_side(result, f"{plant} {result.period.label}") | {"plant": plant})
    return _compared(kpi, sides[0], sides[1], f"{first} vs {other}", "plant", None)


def _compared(
    kpi: Any, a: dict[str, Any], b: dict[str, Any], scope: str, compare_to: str, at: str | None
) -> ToolResult:
    """Both sides, the signed difference a − b and its size: the gap an answer states is a field
    of the result, never arithmetic done on the way to the reader."""
    difference = None
    if a["value"] is not None and b["value"] is not None:
        difference = round(a["value"] - b["value"], 4)
    unit = kpi.unit
    way = kpi.gap_way(difference or 0)  # 'lower (worse)': by the KPI's own direction
    better = None if not difference else (difference > 0) == kpi.higher_is_better
    summary = (
        f"{kpi.title}{f' at {at}' if at else ''}: "
        f"{a['label']} {format_value(a['value'], unit)} vs {b['label']} "
        f"{format_value(b['value'], unit)}"
        + (f" — {format_gap(abs(difference), unit)} {way}" if difference is not None else "")
        + "."
    )
    return ToolResult(
        ok=True,
        tool="kpi_compare",
        data={
            "kpi": kpi.name,
            "title": kpi.title,
            "unit": unit,
            "plant": scope,
            "compare_to": compare_to,
            "a": a,
            "b": b,
            "difference": difference,
            "abs_difference": None if difference is None else abs(difference),
            "first_is_better": better,
        },
        summary=summary,
        sources=[f"kpi:{kpi.name}"],
        policy=f"{kpi.title}: {kpi.definition} (owner: {kpi.owner})",
    )


TOOLS = [
    Tool(
        name="kpi_compare",
        kind="read",
        description=(
            "Compare a catalogue KPI between two periods (this month vs last, January vs "
            "February, a quarter vs the one before) or one supplier against the portfolio of all "
            "suppliers in the same scope, or one plant against another (plant and other_plant: "
            "'LKS vs SAL on OTIF'). Returns both values, their periods and the difference, "
            "with the KPI's definition to cite. Use it for 'premium freight this month vs last' "
            "or 'Voltaic OTIF compared with the portfolio'."
        ),
        input_model=KpiCompareArgs,
        plants=_plants,
        run=_run,
    ),
]
