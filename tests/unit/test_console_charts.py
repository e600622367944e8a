"""The console's KPI bar chart: a bar per group, scaled to the largest, values as answers say."""

from __future__ import annotations

from api.console.charts import BAR_AREA, bar_chart


def _result(rows: list[dict[str, object]], unit: str = "percent") -> dict[str, object]:
    overall = {"group": None, "label": None, "value": 90.0, "count": 30}
    return {"unit": unit, "rows": rows, "overall": overall}


def test_percentages_are_drawn_against_one_hundred_percent() -> None:
    chart = bar_chart(_result([
        {"group": "VOLTAIC", "label": "Voltaic Components", "value": 71.4, "count": 21},
        {"group": "POLYFORM", "label": "Polyform Foams", "value": 50.0, "count": 4},
    ]))  # fmt: skip
    voltaic, polyform = chart.bars
    assert round(voltaic.width, 1) == round(0.714 * BAR_AREA, 1)
    assert voltaic.value_text == "71.4%" and "over 21 record(s)" in voltaic.title
    assert polyform.y > voltaic.y and not chart.empty


def test_other_units_scale_to_the_largest_and_missing_values_draw_no_bar() -> None:
    chart = bar_chart(_result([
        {"group": "LKS", "label": "LKS", "value": 6800.0, "count": 1},
        {"group": "SAL", "label": "SAL", "value": None, "count": 0},
    ], unit="USD"))  # fmt: skip
    assert chart.bars[0].width == BAR_AREA and chart.bars[0].value_text == "$6,800"
    assert chart.bars[1].width == 0.0 and chart.bars[1].value_text == "no data"


def test_a_result_without_groups_draws_its_total() -> None:
    chart = bar_chart(_result([]))
    (bar,) = chart.bars
    assert bar.label == "All" and bar.value_text == "90.0%"
