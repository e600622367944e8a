"""parse_period: the periods people name, relative to the demo's as-of time."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.clock import DEMO_AS_OF
from domain.kpis import PeriodError, find_kpi, list_kpis, parse_period
from domain.kpis.catalogue import UnknownKpiError

DET = ZoneInfo("America/Detroit")


def local(y: int, mo: int, d: int) -> datetime:
    return datetime(y, mo, d, tzinfo=DET)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("this week", local(2026, 3, 2), local(2026, 3, 9)),
        ("last week", local(2026, 2, 23), local(2026, 3, 2)),
        ("this month", local(2026, 3, 1), local(2026, 4, 1)),
        ("last month", local(2026, 2, 1), local(2026, 3, 1)),
        ("This Quarter", local(2026, 1, 1), local(2026, 4, 1)),
        ("last quarter", local(2025, 10, 1), local(2026, 1, 1)),
        ("last year", local(2025, 1, 1), local(2026, 1, 1)),
        ("today", local(2026, 3, 2), local(2026, 3, 3)),
        ("yesterday", local(2026, 3, 1), local(2026, 3, 2)),
        ("2026-01-01..2026-02-28", local(2026, 1, 1), local(2026, 3, 1)),
        ("2025-12", local(2025, 12, 1), local(2026, 1, 1)),
        ("2025-Q4", local(2025, 10, 1), local(2026, 1, 1)),
    ],
)
def test_calendar_periods_are_local_and_half_open(
    text: str, start: datetime, end: datetime
) -> None:
    period = parse_period(text, DEMO_AS_OF)
    assert (period.start, period.end) == (start, end)
    assert period.label == text


@pytest.mark.parametrize(
    ("text", "back", "forward"),
    [
        ("90d", timedelta(days=90), timedelta(0)),
        ("last 30 days", timedelta(days=30), timedelta(0)),
        ("12w", timedelta(weeks=12), timedelta(0)),
        ("next 14d", timedelta(0), timedelta(days=14)),
        ("next 2 weeks", timedelta(0), timedelta(weeks=2)),
    ],
)
def test_rolling_periods_end_or_start_at_the_as_of_time(
    text: str, back: timedelta, forward: timedelta
) -> None:
    period = parse_period(text, DEMO_AS_OF)
    assert period.start == DEMO_AS_OF - back
    assert period.end == DEMO_AS_OF + forward


def test_another_timezone_moves_calendar_boundaries() -> None:
    budapest = ZoneInfo("Europe/Budapest")
    period = parse_period("this month", DEMO_AS_OF, tz=budapest)
    assert period.start == datetime(2026, 3, 1, tzinfo=budapest)


def test_capping_a_period_at_the_as_of_time() -> None:
    week = parse_period("this week", DEMO_AS_OF)
    assert week.capped(DEMO_AS_OF).end == DEMO_AS_OF
    last = parse_period("last month", DEMO_AS_OF)
    assert last.capped(DEMO_AS_OF) == last


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fortnight", "not understood; use one of"),
        ("0d", "must be positive"),
        ("2026-02-30..2026-03-01", "'2026-02-30' is not a calendar date"),
        ("2026-03-01..2026-02-01", "is before the first"),
        ("2026-13", "month 13 is not between 01 and 12"),
        ("", "not understood"),
    ],
)
def test_malformed_periods_say_what_to_write(text: str, message: str) -> None:
    with pytest.raises(PeriodError, match=message):
        parse_period(text, DEMO_AS_OF)


def test_as_of_must_carry_a_timezone() -> None:
    with pytest.raises(PeriodError, match="timezone"):
        parse_period("90d", datetime(2026, 3, 2, 6))


def test_catalogue_has_every_domain_kpi_with_owner_and_definition() -> None:
    names = [k.name for k in list_kpis()]
    assert names == [
        "supplier_otif", "supplier_on_time", "confirmation_rate", "average_days_late",
        "schedule_adherence", "line_stop_risk_hours", "premium_freight_spend",
        "days_of_supply", "procurement_cycle_time", "exception_aging",
    ]  # fmt: skip
    assert all(k.owner and k.definition and k.formula for k in list_kpis())
    assert find_kpi("on time in full").name == "supplier_otif"
    assert find_kpi("Delivery Performance").name == "supplier_otif"
    assert find_kpi("Supplier on-time %").name == "supplier_on_time"
    assert find_kpi("line-stop risk hours").name == "line_stop_risk_hours"
    assert find_kpi("expedite cost").name == "premium_freight_spend"


def test_unknown_kpi_lists_the_known_names() -> None:
    with pytest.raises(UnknownKpiError, match="known KPIs: supplier_otif, supplier_on_time"):
        find_kpi("happiness index")


@pytest.mark.parametrize(
    ("text", "relative"),
    [("today", True), ("last quarter", True), ("This Week", True), ("last year", True),
     ("90d", False), ("last 1 week", False), ("next 14 days", False), ("2025-12", False),
     ("2025-Q4", False), ("2026-01-01..2026-02-28", False)],
)  # fmt: skip
def test_a_period_says_whether_its_words_name_calendar_days_relative_to_now(
    text: str, relative: bool
) -> None:
    period = parse_period(text, DEMO_AS_OF)
    assert period.relative_calendar is relative
    assert period.as_dict()["relative_calendar"] is relative
    assert period.capped(DEMO_AS_OF).relative_calendar is relative  # capping keeps it
