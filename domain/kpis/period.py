"""Reporting periods in the words people use ("last quarter", "90d"), relative to the as-of time."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo

from domain.kpis.errors import KpiInputError

ACCEPTED_FORMS = (
    "'90d' / 'last 90 days' / '12w' (ending now), 'next 14d' / 'next 14 days' (starting now), "
    "'today', 'yesterday', 'this week', 'last week', 'this month', 'last month', "
    "'this quarter', 'last quarter', 'this year', 'last year', '2026-01' (a month), "
    "'2026-Q1' (a quarter), '2026-01-01..2026-02-28' (inclusive dates)"
)


class PeriodError(KpiInputError):
    """A period the caller wrote in a form Lineside does not understand."""


@dataclass(frozen=True)
class Period:
    """A half-open interval [start, end) of timezone-aware instants, with the words it came from."""

    start: datetime
    end: datetime
    label: str
    # The label names calendar days relative to the as-of time ('last quarter', 'today'), so
    # whoever states the period states its dates too; '2026-02' and '90d' say enough.
    relative_calendar: bool = False

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise PeriodError(f"period {self.label!r}: start and end must carry a timezone")
        if self.end <= self.start:
            raise PeriodError(
                f"period {self.label!r}: end {self.end.isoformat()} is not after "
                f"start {self.start.isoformat()}"
            )

    def capped(self, at: datetime) -> Period:
        """The part of the period up to `at` (history cannot be judged past the as-of time)."""
        if self.end <= at:
            return self
        if self.start >= at:
            return replace(self, end=self.start + timedelta(microseconds=1))
        return replace(self, end=at)

    @property
    def days(self) -> float:
        return (self.end - self.start).total_seconds() / 86400

    def as_dict(self) -> dict[str, str | bool]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "label": self.label,
                "relative_calendar": self.relative_calendar}  # fmt: skip


_RELATIVE = re.compile(
    r"^(?:(?P<dir>last|past|next)\s+)?(?P<n>\d+)\s*(?P<unit>d|day|days|w|wk|week|weeks)$"
)
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-?q([1-4])$")


def _midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


def _month_start(year: int, month: int) -> date:
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _day(text: str, original: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PeriodError(
            f"period {original!r}: {text!r} is not a calendar date (YYYY-MM-DD)"
        ) from None


def parse_period(text: str, as_of: datetime, tz: tzinfo | None = None) -> Period:
    """The period `text` names, relative to `as_of`; calendar boundaries are local to `tz`.

    `tz` defaults to the timezone of `as_of`. Rolling periods ('90d') end at `as_of`;
    calendar periods ('this month') run from their first to their last day inclusive.
    """
    if as_of.tzinfo is None:
        raise PeriodError("as_of must carry a timezone")
    zone = tz or as_of.tzinfo
    assert zone is not None
    now = as_of.astimezone(zone)
    today = now.date()
    words = " ".join(text.strip().lower().split())
    label = text.strip()

    def span(first: date, after_last: date, relative: bool = False) -> Period:
        return Period(_midnight(first, zone), _midnight(after_last, zone), label, relative)

    if match := _RELATIVE.match(words):
        n = int(match["n"])
        if n <= 0:
            raise PeriodError(f"period {text!r}: the number of days or weeks must be positive")
        length = timedelta(weeks=n) if match["unit"].startswith("w") else timedelta(days=n)
        if match["dir"] == "next":
            return Period(as_of, as_of + length, label)
        return Period(as_of - length, as_of, label)
    week = today - timedelta(days=today.weekday())
    quarter = _month_start(today.year, (today.month - 1) // 3 * 3 + 1)
    month = today.replace(day=1)
    year = date(today.year, 1, 1)
    named = {
        "today": (today, today + timedelta(days=1)),
        "yesterday": (today - timedelta(days=1), today),
        "this week": (week, week + timedelta(days=7)),
        "last week": (week - timedelta(days=7), week),
        "this month": (month, _month_start(month.year, month.month + 1)),
        "last month": (_month_start(month.year, month.month - 1), month),
        "this quarter": (quarter, _month_start(quarter.year, quarter.month + 3)),
        "last quarter": (_month_start(quarter.year, quarter.month - 3), quarter),
        "this year": (year, date(year.year + 1, 1, 1)),
        "last year": (date(year.year - 1, 1, 1), year),
    }
    if words in named:
        return span(*named[words], relative=True)
    if match := _RANGE.match(words):
        first, last = _day(match[1], text), _day(match[2], text)
        if last < first:
            raise PeriodError(f"period {text!r}: the last date {last} is before the first {first}")
        return span(first, last + timedelta(days=1))
    if match := _MONTH.match(words):
        year_n, month_n = int(match[1]), int(match[2])
        if not 1 <= month_n <= 12:
            raise PeriodError(f"period {text!r}: month {month_n} is not between 01 and 12")
        return span(date(year_n, month_n, 1), _month_start(year_n, month_n + 1))
    if match := _QUARTER.match(words):
        first_q = date(int(match[1]), (int(match[2]) - 1) * 3 + 1, 1)
        return span(first_q, _month_start(first_q.year, first_q.month + 3))
    raise PeriodError(f"period {text!r} is not understood; use one of: {ACCEPTED_FORMS}")
