"""A fragment after a KPI answer keeps its KPI: 'vs last quarter?' compares the period read with
that one, 'and by plant?' breaks the same KPI down, 'and last month?' gives a period to a KPI
read without one (exception aging counts what is open now)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from agent.offline.slots import COMPARE_RE, PORTFOLIO_RE, periods_in
from domain.kpis import find_kpi

ToolCall = tuple[str, dict[str, Any]]
KPI_TOOLS = ("kpi_query", "kpi_compare")
GROUPING_RE = re.compile(
    r"\b(?:by|per|for each|each|across|split by|broken down by)\s+(plant|site|supplier|vendor|"
    r"month|item family|family|item|part)s?\b",
    re.IGNORECASE,
)
BEFORE_RE = re.compile(
    r"\b(?:(?:month|week|quarter|year|period|one) before|(?:previous|prior|preceding) (?:month|"
    r"week|quarter|year|period|one)|last time)\b"
)
GROUPS = {"site": "plant", "vendor": "supplier", "item family": "family", "part": "item"}
# The period before one named by its place in the calendar ("this month" against "last month").
PREVIOUS = {f"this {unit}": f"last {unit}" for unit in ("week", "month", "quarter", "year")}
KEPT = ("metric", "supplier", "plant", "item_family", "period")


def grouping_in(clause: str) -> str | None:
    """The breakdown a clause asks for ('by plant', 'per supplier'), in the tools' words."""
    found = GROUPING_RE.search(clause)
    if found is None:
        return None
    word = found.group(1).lower()
    return GROUPS.get(word, word)


def kpi_refined(
    calls: list[ToolCall], clause: str, now: datetime | None, plants: Sequence[str] = ()
) -> list[ToolCall]:
    """The previous KPI reads changed as the fragment asks; empty when it asks nothing of them.
    `plants`: the plants the fragment names ('same for saltillo only'), one kept as the filter."""
    lowered = clause.lower()
    periods = periods_in(clause, now)
    compares = COMPARE_RE.search(lowered) is not None and not PORTFOLIO_RE.search(lowered)
    group = grouping_in(clause)
    before = BEFORE_RE.search(lowered) is not None  # "vs the month before", "vs the prior period"
    out: list[ToolCall] = []
    for name, args in calls:
        if name not in KPI_TOOLS or not args.get("metric"):
            continue
        kpi = find_kpi(str(args["metric"]))
        if len(plants) == 1 and "plant" in kpi.dimensions:  # "same for saltillo only"
            args = {k: v for k, v in args.items() if not (k == "group_by" and v == "plant")}
            args = {**args, "plant": plants[0]}
        if compares and len(periods) >= 2:  # "oct vs nov": the first against the second
            kept = {k: v for k, v in args.items() if k in KEPT}
            out.append(("kpi_compare", {**kept, "period": periods[0], "compare_to": periods[1]}))
            continue
        if group == "plant" and name == "kpi_compare" and "plant" in kpi.dimensions:
            # "break feb out by plant" after a comparison: that period's figure per plant
            kept = {k: v for k, v in args.items() if k in ("metric", "supplier", "item_family")}
            # "split by plant": both periods compared, each per plant; "break feb out": that one
            first = args.get("period")
            against = args.get("compare_to") or "previous"
            if against == "previous":
                against = PREVIOUS.get(str(first).lower())
            both = [p for p in (first, against) if p] if not periods else periods[:1]
            for period in both or [None]:
                out.append(("kpi_query", {**kept, "group_by": "plant",
                                          **({"period": period} if period else {})}))  # fmt: skip
            continue
        base = args.get("period") or kpi.default_period or None
        if compares and base and (periods or before):  # "vs last quarter?", "vs the one before"
            kept = {k: v for k, v in args.items() if k in KEPT}
            against = next((p for p in periods if p != base), None) or "previous"
            if against != args.get("compare_to"):
                out.append(("kpi_compare", {**kept, "period": base, "compare_to": against}))
        elif group and name == "kpi_query" and group in kpi.dimensions:
            new = {k: v for k, v in args.items() if k != "item"}
            new["group_by"] = group
            if group == "supplier":
                new.pop("supplier", None)
            if group == "plant":
                new.pop("plant", None)
            out.append((name, new))
        elif periods and "period" not in args and kpi.window != "forward":
            out.append((name, {**args, "period": periods[0]}))  # "and last month?"
        elif len(plants) == 1 and args.get("plant") == plants[0]:
            out.append((name, {**args, **({"period": periods[0]} if periods else {})}))
    return [call for call in out if call not in calls]


# "ok do feb then, and procurement cycle time too": another KPI added to the one just read.
TOO_RE = re.compile(r"\b(?:too|as well|also)\b", re.IGNORECASE)
FILTERS = ("plant", "supplier", "item_family", "item")


def kpi_too(calls: list[ToolCall], before: Sequence[ToolCall], clause: str,
            now: datetime | None) -> list[ToolCall]:  # fmt: skip
    """The KPI reads of a clause that adds a KPI to the one the thread just read: the new KPI
    with the earlier read's filters, and, a period named, the earlier KPI for that period too;
    the clause's own reads when it adds nothing."""
    earlier = [a for n, a in before if n in KPI_TOOLS and a.get("metric")]
    if not earlier or not TOO_RE.search(clause) or not calls:
        return calls
    periods = periods_in(clause, now)
    kept = {k: v for k, v in earlier[0].items() if k in FILTERS}
    out: list[ToolCall] = []
    if periods and not any(a.get("metric") == earlier[0]["metric"] for _, a in calls):
        again = {k: v for k, v in earlier[0].items() if k not in ("period", "compare_to")}
        out.append(("kpi_query", {**again, "period": periods[0]}))
    for name, args in calls:
        if name not in KPI_TOOLS:
            out.append((name, args))
            continue
        kpi = find_kpi(str(args["metric"]))
        extra = {k: v for k, v in kept.items() if k not in args and (k in kpi.dimensions)}
        if not periods and earlier[0].get("period") and kpi.window != "forward":
            extra["period"] = earlier[0]["period"]  # "plus confirmation rate too": same period
        out.append((name, {**args, **extra}))
    return out
