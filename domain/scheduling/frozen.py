"""The frozen horizon: the first hours of a line's schedule, from now, that nothing may move.

`frozen_horizon(line, now)` is the rule; the solver, the slot swap, the resequence command and
the tools all ask it (the solver in its own minutes, through `is_frozen`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol, TypeVar

from sqlalchemy import Connection, Engine, text

from domain.formatting import plant_time
from domain.scheduling.errors import SchedulingInputError
from domain.uow import connected

Moment = TypeVar("Moment", datetime, int)  # a time, or the solver's minutes since as-of


class LineHours(Protocol):
    """A line as the rule needs it: its code and its frozen hours (domain.models.Line fits)."""

    @property
    def code(self) -> str: ...

    @property
    def frozen_hours(self) -> float: ...


def is_frozen(start: Moment, frozen_until: Moment) -> bool:
    """A WO (or slot) starting before the end of the frozen horizon is frozen."""
    return start < frozen_until


class FrozenHorizonError(SchedulingInputError):
    """A move that would touch the frozen horizon: which WO, and the line's horizon (as data, so
    an answer states the horizon from it rather than from the message)."""

    def __init__(self, message: str, work_order: str = "", horizon: FrozenHorizon | None = None,
                 until_local: str = "") -> None:  # fmt: skip
        super().__init__(message)
        self.work_order = work_order
        self.horizon = horizon
        self.until_local = until_local  # the horizon's end on the plant's clock


@dataclass(frozen=True)
class FrozenHorizon:
    """One line's frozen horizon at one time: nothing starting before `until` moves."""

    line: str
    hours: float
    until: datetime

    def covers(self, at: datetime) -> bool:
        return is_frozen(at, self.until)

    def may_move(self, current_start: datetime, new_start: datetime) -> bool:
        """Only a WO that starts after the horizon, and lands after it, may move."""
        return not self.covers(min(current_start, new_start))

    def check_move(
        self, work_order: str, current_start: datetime, new_start: datetime, tz: str
    ) -> None:
        """FrozenHorizonError naming the WO when the move would touch the horizon."""
        if not self.may_move(current_start, new_start):
            raise FrozenHorizonError(
                f"{work_order} is inside the {self.hours:g} h frozen horizon of {self.line} "
                f"(until {plant_time(self.until, tz)}); it cannot move",
                work_order,
                self,
                plant_time(self.until, tz),
            )

    def describe(self) -> str:
        """What a proposal states as its policy."""
        return f"nothing inside the {self.hours:g}-hour frozen horizon moves"


@dataclass(frozen=True)
class LineFrozenHours:
    """A line's code and frozen hours, when no Line row is at hand."""

    code: str
    frozen_hours: float


def frozen_horizon(line: LineHours, now: datetime) -> FrozenHorizon:
    """The line's frozen horizon at `now`: its first `frozen_hours` hours."""
    hours = float(line.frozen_hours)
    # Real hours, added in UTC: across a DST change wall-clock arithmetic would be an hour off.
    until = (now.astimezone(UTC) + timedelta(hours=hours)).astimezone(now.tzinfo)
    return FrozenHorizon(line.code, hours, until)


def line_frozen_horizon(bind: Engine | Connection, line: str, now: datetime) -> FrozenHorizon:
    """The stored line's frozen horizon at `now`; SchedulingInputError for an unknown line."""
    with connected(bind) as conn:
        hours = conn.execute(
            text("SELECT frozen_hours FROM line WHERE code = :l"), {"l": line}
        ).scalar_one_or_none()
    if hours is None:
        raise SchedulingInputError(f"unknown line {line!r}")
    return frozen_horizon(LineFrozenHours(line, float(hours)), now)


def plant_frozen_horizons(
    bind: Engine | Connection, plant: str, now: datetime
) -> list[FrozenHorizon]:
    """The frozen horizon of every line of a plant at `now`, by line code."""
    with connected(bind) as conn:
        rows = conn.execute(
            text("SELECT code, frozen_hours FROM line WHERE plant_code = :p ORDER BY code"),
            {"p": plant},
        ).all()
    return [frozen_horizon(LineFrozenHours(r.code, float(r.frozen_hours)), now) for r in rows]


@dataclass(frozen=True)
class PlannedStart:
    """Where and when a work order is planned to start."""

    work_order: str
    line: str
    plant: str
    start: datetime


def planned_start(bind: Engine | Connection, work_order: str) -> PlannedStart | None:
    """A stored work order's line, plant and planned start; None when there is no such WO."""
    with connected(bind) as conn:
        row = conn.execute(
            text(
                "SELECT id, line_code, plant_code, planned_start FROM work_order "
                "WHERE upper(id) = upper(:w)"
            ),
            {"w": work_order},
        ).one_or_none()
    if row is None:
        return None
    return PlannedStart(row.id, row.line_code, row.plant_code, row.planned_start)
