"""Lays out a line's Gantt chart: today's plan against a proposed resequence, in SVG units.

Pure layout (no I/O): the template draws what this returns. Times become x by one scale, so
bars, material gaps, the frozen horizon and day ticks always agree with each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

LABEL_W = 120.0  # room for the row names left of the time axis
PX_PER_HOUR = 14.0
ROW_H = 46.0
BAR_H = 30.0
AXIS_H = 34.0
CHAR_W = 7.2  # width of one character of a bar's label, at the chart's 12 px bold


@dataclass(frozen=True)
class PlannedSlot:
    """One WO in one plan: where it runs, and whether the material is there at its start."""

    work_order: str
    item: str
    start: datetime
    end: datetime
    material_ready: datetime | None = None  # None: not covered in the horizon
    covered: bool = True


@dataclass(frozen=True)
class Bar:
    work_order: str
    item: str
    x: float
    y: float
    width: float
    moved: bool
    covered: bool
    tone: int  # which of the item colours
    title: str  # what a pointer hover and a screen reader hear
    label: str  # what fits on the bar ('' when nothing does)


@dataclass(frozen=True)
class Band:
    """A shaded span on one row (a material gap) or across the chart (the frozen horizon)."""

    x: float
    y: float
    width: float
    height: float
    title: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    major: bool


@dataclass(frozen=True)
class Gantt:
    width: float
    height: float
    rows: list[tuple[str, float]]  # row label, y of the row's middle
    bars: list[Bar]
    gaps: list[Band]
    frozen: Band
    ticks: list[Tick]
    now_x: float
    moved: list[str]


def _hhmm(at: datetime, tz: ZoneInfo) -> str:
    return at.astimezone(tz).strftime("%a %H:%M")


def parse_plan(entries: Iterable[dict[str, Any]]) -> list[PlannedSlot]:
    """A proposal's plan entries (JSON) as slots."""
    return [
        PlannedSlot(
            e["work_order"],
            e["item"],
            datetime.fromisoformat(e["start"]),
            datetime.fromisoformat(e["end"]),
        )
        for e in entries
    ]


def layout(
    current: Sequence[PlannedSlot],
    proposed: Sequence[PlannedSlot] | None,
    *,
    start: datetime,
    end: datetime,
    as_of: datetime,
    frozen_until: datetime,
    timezone: str,
) -> Gantt:
    """Both plans on one time axis from `start` to `end` (plant local time for labels)."""
    tz = ZoneInfo(timezone)
    hours = (end - start).total_seconds() / 3600.0
    width = LABEL_W + hours * PX_PER_HOUR + 10.0

    def x(at: datetime) -> float:
        at = min(max(at, start), end)
        return LABEL_W + (at - start).total_seconds() / 3600.0 * PX_PER_HOUR

    items = sorted({s.item for s in current} | {s.item for s in proposed or ()})
    tone = {item: i % 4 for i, item in enumerate(items)}
    before = {s.work_order: s.start for s in current}
    moved = sorted(
        s.work_order for s in proposed or () if before.get(s.work_order, s.start) != s.start
    )
    rows = [("Today's plan", current)] + ([("Proposed", proposed)] if proposed is not None else [])
    bars: list[Bar] = []
    gaps: list[Band] = []
    row_marks: list[tuple[str, float]] = []
    for i, (name, slots) in enumerate(rows):
        top = AXIS_H + i * ROW_H + (ROW_H - BAR_H) / 2
        row_marks.append((name, top + BAR_H / 2))
        for s in slots:
            if s.end <= start or s.start >= end:
                continue
            is_moved = name == "Proposed" and s.work_order in moved
            note = " (moved from " + _hhmm(before[s.work_order], tz) + ")" if is_moved else ""
            short = "" if s.covered else ", starts without all its material"
            bars.append(
                Bar(
                    s.work_order,
                    s.item,
                    x(s.start),
                    top,
                    max(x(s.end) - x(s.start), 1.0),
                    is_moved,
                    s.covered,
                    tone[s.item],
                    f"{s.work_order} {s.item} {_hhmm(s.start, tz)}–{_hhmm(s.end, tz)}{note}{short}",
                    _fitting(s.item, x(s.end) - x(s.start)),
                )
            )
            if not s.covered:
                until = s.end if s.material_ready is None else min(s.material_ready, s.end)
                ready = (
                    "not covered in the horizon"
                    if s.material_ready is None
                    else f"material ready {_hhmm(s.material_ready, tz)}"
                )
                gaps.append(
                    Band(
                        x(s.start),
                        top - 4,
                        max(x(until) - x(s.start), 2.0),
                        BAR_H + 8,
                        f"Material gap on {s.work_order}: {ready}",
                    )
                )
    height = AXIS_H + len(rows) * ROW_H + 6
    frozen = Band(
        x(as_of),
        AXIS_H - 6,
        max(x(frozen_until) - x(as_of), 0.0),
        height - AXIS_H + 6,
        f"Frozen horizon until {_hhmm(frozen_until, tz)}: nothing here may move",
    )
    return Gantt(width, height, row_marks, bars, gaps, frozen, _ticks(start, end, tz, x),
                 x(as_of), moved)  # fmt: skip


def _fitting(item: str, width: float) -> str:
    """The item code if it fits the bar, else its shorter tail ('ORN-H' of 'FS-ORN-H'), else ''."""
    for label in (item, item.split("-", 1)[-1]):
        if len(label) * CHAR_W + 8 <= width:
            return label
    return ""


def _ticks(start: datetime, end: datetime, tz: ZoneInfo, x: Any) -> list[Tick]:
    """A tick every 4 hours of plant local time; midnight ticks carry the day."""
    local = start.astimezone(tz)
    at = local.replace(minute=0, second=0, microsecond=0)
    at += timedelta(hours=(4 - at.hour % 4) % 4)
    ticks = []
    while at <= end:
        major = at.hour == 0
        ticks.append(Tick(x(at), at.strftime("%a %d") if major else at.strftime("%H:%M"), major))
        at += timedelta(hours=4)
    return ticks
