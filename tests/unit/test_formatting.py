"""Money and percentages read the same in every answer: '$6,800.00', '$6,800', '71.4%'."""

from __future__ import annotations

from domain.formatting import line_hours, money, percent
from domain.kpis import format_value


def test_money_has_thousands_separators_and_cents() -> None:
    assert money(6800) == "$6,800.00"
    assert money(1234567.891) == "$1,234,567.89"
    assert money(0) == "$0.00"


def test_money_without_cents_rounds_to_whole_dollars() -> None:
    assert money(6800, cents=False) == "$6,800"
    assert money(6800.5, cents=False) == "$6,800"  # round half to even, as f"{x:,.0f}" did
    assert money(1299.99, cents=False) == "$1,300"


def test_percent_has_one_decimal() -> None:
    assert percent(71.428) == "71.4%"
    assert percent(100) == "100.0%"


def test_kpi_values_use_the_same_money_and_percent() -> None:
    assert format_value(6800, "USD") == money(6800, cents=False) == "$6,800"
    assert format_value(71.428, "percent") == percent(71.428) == "71.4%"
    assert format_value(None, "USD") == "no data"
    assert format_value(2.25, "days") == "2.2 days"


def test_a_time_after_the_change_to_edt_prints_in_lakesides_daylight_time() -> None:
    from datetime import UTC, datetime

    from domain.formatting import plant_time

    # 10:00 UTC is 05:00 EST on Fri 2026-03-06 and 06:00 EDT on Mon 2026-03-09.
    assert plant_time(datetime(2026, 3, 6, 10, 0, tzinfo=UTC), "America/Detroit") == (
        "Fri 2026-03-06 05:00"
    )
    assert plant_time(datetime(2026, 3, 9, 10, 0, tzinfo=UTC), "America/Detroit") == (
        "Mon 2026-03-09 06:00"
    )


def test_line_time_reads_as_line_hours_without_a_bare_h() -> None:
    assert line_hours(1.0) == "1 line-hour"
    assert line_hours(62.0) == "62 line-hours"
    assert line_hours(3.5) == "3.5 line-hours"
    assert line_hours(0.5) == "0.5 line-hours"
