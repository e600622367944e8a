"""Lays out a KPI as a horizontal bar chart in SVG units, one bar per group of the result.

Pure layout: the KPI page's template draws it inline, so it needs no image request and each
bar is a link a keyboard can reach (the drill-down).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.kpis import format_value

LABEL_W = 200.0
BAR_AREA = 360.0
VALUE_W = 90.0
BAR_H = 22.0
GAP = 8.0
TOP = 8.0


@dataclass(frozen=True)
class ChartBar:
    group: str
    label: str
    value_text: str
    y: float
    width: float
    title: str


@dataclass(frozen=True)
class KpiChart:
    width: float
    height: float
    label_w: float
    bars: list[ChartBar]
    empty: bool


def bar_chart(result: dict[str, Any]) -> KpiChart:
    """One bar per row of a KPI result (its `as_dict()`); a result without rows draws its total."""
    unit = result["unit"]
    rows = result.get("rows") or [dict(result["overall"], group="all", label="All")]
    values = [abs(r["value"]) for r in rows if r.get("value") is not None]
    top = max(values, default=0.0) or 1.0
    if unit == "percent":
        top = max(top, 100.0)  # shares (0-100) are drawn against 100%
    bars = []
    for i, r in enumerate(rows):
        value = r.get("value")
        label = str(r.get("label") or r.get("group") or "all")
        text = format_value(value, unit)
        count = r.get("count")
        bars.append(
            ChartBar(
                group=str(r.get("group") or ""),
                label=label,
                value_text=text,
                y=TOP + i * (BAR_H + GAP),
                width=0.0 if value is None else max(abs(value) / top * BAR_AREA, 1.0),
                title=f"{label}: {text}" + (f" over {count} record(s)" if count else ""),
            )
        )
    height = TOP * 2 + len(bars) * (BAR_H + GAP)
    return KpiChart(LABEL_W + BAR_AREA + VALUE_W, height, LABEL_W, bars, not values)
