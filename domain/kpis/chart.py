"""KPI charts as PNG images: a ranking as bars, a monthly series as a line (one shared renderer).

Takes a KPI result in its `KpiResult.as_dict()` shape, so the API's chart endpoint, the tool
results the bots read and any report draw the same picture.
"""

from __future__ import annotations

import io
from typing import Any

MAX_BARS = 15  # a ranking shows its worst and best; more bars stop being readable in a chat


def kpi_chart_png(result: dict[str, Any]) -> bytes | None:
    """The chart of a grouped KPI result; None when it has fewer than two groups with values."""
    rows = [r for r in result.get("rows", []) if r.get("value") is not None]
    if len(rows) < 2:
        return None
    import matplotlib

    matplotlib.use("Agg")  # no display: render to memory
    from matplotlib import pyplot as plt

    percent = result.get("unit") == "percent"
    scale = 100.0 if percent else 1.0
    unit = "%" if percent else str(result.get("unit", ""))
    title = f"{result.get('title', result.get('kpi', 'KPI'))}, {result['period']['label']}"
    fig, ax = plt.subplots(figsize=(7.5, 4.2), dpi=110)
    try:
        if result.get("group_by") == "month":
            rows.sort(key=lambda r: str(r["group"]))
            labels = [str(r.get("label") or r["group"]) for r in rows]
            ax.plot(labels, [r["value"] * scale for r in rows], marker="o", color="#1f6feb")
            ax.set_ylabel(unit)
            ax.tick_params(axis="x", rotation=45)
        else:
            rows.sort(key=lambda r: r["value"])
            rows = rows[:MAX_BARS]
            labels = [str(r["group"]) for r in rows]
            ax.barh(labels, [r["value"] * scale for r in rows], color="#1f6feb")
            ax.invert_yaxis()  # the worst on top: that is who to call first
            ax.set_xlabel(unit)
        ax.set_title(title, fontsize=11)
        ax.grid(axis="both", alpha=0.3)
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        plt.close(fig)
