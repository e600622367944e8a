"""The HTML report for people: rates by suite, persona and intent, charts, and every failure."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from evals.runner import GroupStats, Report

TEMPLATES = Path(__file__).parent / "templates"
BAR_H = 18


def bar_chart(
    groups: dict[str, GroupStats], value: str, unit: str, scale: float | None = None
) -> dict[str, Any]:
    """Rows of a horizontal bar chart, drawn as inline SVG by the template."""
    values = {name: float(getattr(g, value)) for name, g in groups.items()}
    top = scale or max(values.values(), default=1.0) or 1.0
    rows = [
        {
            "label": name,
            "y": i * (BAR_H + 6),
            "width": round(300 * v / top, 1),
            "text": f"{v:.0%}" if unit == "%" else f"{v:.0f} {unit}",
            "bad": unit == "%" and v < 1.0,
        }
        for i, (name, v) in enumerate(values.items())
    ]
    return {"rows": rows, "height": len(rows) * (BAR_H + 6) + 4, "bar_h": BAR_H}


def _pretty(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


def render_html(report: Report) -> str:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    env.filters["pretty"] = _pretty
    charts = {
        "suite": bar_chart(report.suites, "pass_rate", "%", 1.0),
        "persona": bar_chart(report.by_persona, "pass_rate", "%", 1.0),
        "intent": bar_chart(report.by_intent, "pass_rate", "%", 1.0),
        "latency": bar_chart(report.by_intent, "latency_ms_p50", "ms"),
    }
    failures = [c for c in report.cases if not c.passed]
    tokens_reported = any(c.tokens is not None for c in report.cases)
    if tokens_reported:
        charts["tokens"] = bar_chart(
            {k: g for k, g in report.by_intent.items() if g.tokens_per_case is not None},
            "tokens_per_case",
            "tokens",
        )
    return env.get_template("report.html").render(
        report=report, charts=charts, failures=failures, tokens_reported=tokens_reported
    )


def write_html(report: Report, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(report), encoding="utf-8")
    return path
