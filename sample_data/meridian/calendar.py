"""Local shop-floor times of the demo's plants, built with zoneinfo so DST is right."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

DETROIT = ZoneInfo("America/Detroit")
MONTERREY = ZoneInfo("America/Monterrey")
BUDAPEST = ZoneInfo("Europe/Budapest")

SHIFT_A = (6 * 60, 14 * 60)
SHIFT_B = (14 * 60, 22 * 60)


def local(day: date, hhmm: str, tz: ZoneInfo = DETROIT) -> datetime:
    """`day` at local wall-clock time 'HH:MM' in `tz` (an aware datetime)."""
    hour, minute = (int(p) for p in hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


def weekdays(first: date, last: date) -> Iterator[date]:
    """Mon–Fri dates from `first` to `last` inclusive."""
    day = first
    while day <= last:
        if day.weekday() < 5:
            yield day
        day += timedelta(days=1)
