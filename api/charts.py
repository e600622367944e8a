"""KPI charts (PNG, SVG) drawn with matplotlib from a governed kpi_query result."""

from __future__ import annotations

import io
import threading
from typing import Any, Literal

ChartFormat = Literal["png", "svg"]
MEDIA = {"png": "image/png", "svg": "image/svg+xml"}
_lock = threading.Lock()  # pyplot's state is global: one chart at a time per process


def kpi_chart(results: list[dict[str, Any]], fmt: ChartFormat) -> bytes:
    """A bar per group (or per plant scope when ungrouped), titled with the KPI and period."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    first = results[0]
    labels: list[str] = []
    values: list[float] = []
    for r in results:
        rows = r["rows"] or [r["overall"] | {"label": r.get("scope_plant", "all")}]
        for row in rows:
            prefix = f"{r.get('scope_plant')}: " if len(results) > 1 and r["rows"] else ""
            labels.append(prefix + str(row.get("label") or row.get("group") or "all"))
            values.append(float(row["value"]) if row.get("value") is not None else 0.0)
    unit = first["unit"]
    with _lock:
        fig = Figure(figsize=(8, 4.5), dpi=100)
        ax = fig.add_subplot()
        ax.bar(range(len(values)), values, color="#2f6f9f")
        ax.set_xticks(
            range(len(labels)),
            labels,
            rotation=30 if len(labels) > 4 else 0,
            ha="right" if len(labels) > 4 else "center",
        )
        ax.set_ylabel({"percent": "%", "USD": "USD"}.get(unit, unit))
        ax.set_title(f"{first['title']} — {first['period'].get('label', '')}")
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return out.getvalue()
