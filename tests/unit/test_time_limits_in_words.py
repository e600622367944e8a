"""Informal time as a limit, on the plant's as-of wall clock: a weekday's end or start, an hour
of the day, the end of a shift or of the day, numbers in words."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from agent.offline.slots import clock_in, horizon_in, limit_in, shift_end

NOW = datetime(2026, 3, 2, 6, 0, tzinfo=ZoneInfo("America/Detroit"))  # Monday, start of shift A


def at(day: int, hour: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, 0, tzinfo=ZoneInfo("America/Detroit"))


def test_a_weekday_limit_runs_to_its_end_and_before_stops_at_its_start() -> None:
    assert limit_in("what's short by thursday", NOW) == at(6)
    assert limit_in("anything short before wednesday", NOW) == at(4)
    assert limit_in("by thursday morning", NOW) == at(5, 12)
    assert limit_in("what runs short by the weekend", NOW) == at(7)


def test_an_hour_of_the_day_is_a_limit_today_or_on_the_day_named() -> None:
    assert limit_in("any gaps until noon", NOW) == at(2, 12)
    assert limit_in("by 2pm wednesday", NOW) == at(4, 14)
    assert limit_in("shortages until tomorrow 10am", NOW) == at(3, 10)
    assert clock_in("the ten o'clock run") == (10, 0)


def test_the_end_of_a_shift_or_of_the_day_follows_the_plant_calendar() -> None:
    assert shift_end(NOW) == at(2, 14)
    assert shift_end(at(2, 15)) == at(2, 22)
    assert limit_in("short before end of shift?", NOW) == at(2, 14)
    assert limit_in("through end of shift b", NOW) == at(2, 22)
    assert limit_in("what stops seat1 by end of day", NOW) == at(3)


def test_horizons_in_hours_from_the_limit_or_a_span_in_words() -> None:
    assert horizon_in("what's short by thursday", NOW) == "90h"
    assert horizon_in("short before end of shift", NOW) == "8h"
    assert horizon_in("shortages in the next three days", NOW) == "72h"
    assert horizon_in("otif by plant last quarter", NOW) is None  # 'by plant' is no limit
