"""KPI charts: a ranking or a monthly series becomes a PNG; a single value has no chart."""

from __future__ import annotations

from typing import Any

from domain.kpis.chart import kpi_chart_png


def _result(group_by: str, rows: list[tuple[str, float | None]]) -> dict[str, Any]:
    return {
        "kpi": "supplier_otif",
        "title": "Supplier OTIF",
        "unit": "percent",
        "period": {"label": "last quarter"},
        "group_by": group_by,
        "rows": [{"group": g, "label": g, "value": v} for g, v in rows],
    }


def test_a_ranking_is_drawn_as_a_png() -> None:
    png = kpi_chart_png(_result("supplier", [("VOLTAIC", 0.71), ("POLYFORM", 0.93)]))
    assert png is not None and png.startswith(b"\x89PNG\r\n\x1a\n")


def test_a_monthly_series_is_drawn_as_a_png() -> None:
    png = kpi_chart_png(_result("month", [("2026-01", 0.9), ("2025-12", 0.8), ("2026-02", 0.85)]))
    assert png is not None and png.startswith(b"\x89PNG")


def test_fewer_than_two_values_have_no_chart() -> None:
    assert kpi_chart_png(_result("supplier", [("VOLTAIC", 0.71), ("NODATA", None)])) is None
    assert kpi_chart_png(_result("supplier", [])) is None
