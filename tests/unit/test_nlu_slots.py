"""Slots relative to the plant's as-of clock: days, horizons, KPI periods, numbers and money."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from agent.offline.slots import (
    day_in,
    horizon_in,
    kpi_period,
    money_floor_in,
    money_in,
    periods_in,
)

NOW = datetime(2026, 3, 2, 6, 0, tzinfo=ZoneInfo("America/Detroit"))  # a Monday


def test_next_weekday_is_next_weeks_and_a_bare_weekday_this_weeks() -> None:
    assert day_in("on thursday", NOW) == date(2026, 3, 5)
    assert day_in("next thursday", NOW) == date(2026, 3, 12)
    assert day_in("tmrw", NOW) == date(2026, 3, 3)
    assert day_in("march 10", NOW) == date(2026, 3, 10)


def test_horizons_in_words() -> None:
    assert horizon_in("within the next shift or two days", NOW) == "48h"
    assert horizon_in("this shift", NOW) == "8h"
    assert horizon_in("next three days", NOW) == "72h"
    assert horizon_in("by wednesday", NOW) == "66h"
    assert horizon_in("this week", NOW) == "162h"


def test_kpi_periods_months_quarters_and_comparisons() -> None:
    assert periods_in("otif in february", NOW) == ["2026-02"]
    assert periods_in("otif for Q4", NOW) == ["2025-q4"]
    assert kpi_period("premium freight this month vs last", NOW).compare == "previous"
    both = kpi_period("january compared with february", NOW)
    assert (both.period, both.against) == ("2026-01", "2026-02")
    assert kpi_period("voltaic otif against the portfolio", NOW).compare == "portfolio"


def test_money_in_thousands() -> None:
    assert money_in("over $5,000 or 5k") == [5000.0, 5000.0]


def test_an_amount_stated_as_a_floor() -> None:
    assert money_floor_in("anything over 25k goes to who?")
    assert money_floor_in("who approves freight above $5,000")
    assert money_floor_in("more than 10 grand of air freight")
    assert not money_floor_in("who approves $30,000 of air freight")
    assert not money_floor_in("over the weekend, who approves freight?")  # no amount


def test_the_time_before_which_a_resequence_moves_nothing() -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from agent.offline.slots import keep_until_in

    now = datetime(2026, 3, 2, 6, 0, tzinfo=ZoneInfo("America/Detroit"))
    said = {
        "reseq seat1, leave today alone": "2026-03-03T00:00:00-05:00",
        "propose one for seat1, nothing before the B shift": "2026-03-02T14:00:00-05:00",
        "dont touch anything before wed 10:00 pls": "2026-03-04T10:00:00-05:00",
        "nothing before tomorrow": "2026-03-03T00:00:00-05:00",
    }
    for text, at in said.items():
        found = keep_until_in(text, now)
        assert found is not None and found.isoformat() == at, text
    assert keep_until_in("resequence seat1 for the heater gap", now) is None
