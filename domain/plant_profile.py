"""A plant's master data as a whole: its lines with their rate and frozen horizon, each line's
shift calendar and changeover rules, the work-order size of each item built on it, and what the
plant makes. The answer to 'seat1 run rate and wo size', 'how many shifts does lks run'.

Plain SQL over the master data and the work orders, read on the caller's connection (one
snapshot); no tool or agent types.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, text

from domain.uow import connected

Bind = Engine | Connection
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class ShiftPattern:
    """One named shift of a line: the weekdays it runs (0=Mon) and its local start and end."""

    name: str
    weekdays: tuple[int, ...]
    start_minute: int
    end_minute: int

    @property
    def days(self) -> str:
        return weekday_span(self.weekdays)

    @property
    def start(self) -> str:
        return clock(self.start_minute)

    @property
    def end(self) -> str:
        return clock(self.end_minute)

    @property
    def hours(self) -> float:
        """Hours of one shift (one that ends past midnight counts to its end the next day)."""
        minutes = self.end_minute - self.start_minute
        return (minutes if minutes > 0 else minutes + 1440) / 60


@dataclass(frozen=True)
class Changeover:
    from_family: str
    to_family: str
    minutes: int


@dataclass(frozen=True)
class WorkOrderSize:
    """The usual WO quantity of one item on a line: the most common, of how many WOs."""

    item: str
    description: str
    qty: float
    work_orders: int  # WOs of the item on the line with that quantity
    of_work_orders: int  # every WO of the item on the line


@dataclass(frozen=True)
class LineProfile:
    code: str
    plant: str
    name: str
    rate_per_hour: float
    frozen_hours: float
    shifts: tuple[ShiftPattern, ...] = ()
    changeovers: tuple[Changeover, ...] = ()
    sizes: tuple[WorkOrderSize, ...] = ()


@dataclass(frozen=True)
class PlantProfile:
    code: str
    name: str
    timezone: str
    lines: tuple[LineProfile, ...] = ()
    makes: tuple[tuple[str, str], ...] = field(default=())  # (item code, description)


def clock(minute: int) -> str:
    """Minutes of the day as 'HH:MM' (1440 is '24:00', the end of the day)."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def weekday_span(days: Iterable[int]) -> str:
    """'Mon–Fri' for consecutive days, else each run of them: 'Mon–Wed, Sat'."""
    ordered = sorted(set(days))
    runs: list[list[int]] = []
    for d in ordered:
        if runs and d == runs[-1][-1] + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    return ", ".join(
        WEEKDAYS[r[0]] if len(r) == 1 else f"{WEEKDAYS[r[0]]}–{WEEKDAYS[r[-1]]}" for r in runs
    )


def plant_directory(bind: Bind) -> dict[str, str]:
    """{plant code: name} of every plant, by code."""
    with connected(bind) as conn:
        rows = conn.execute(text("SELECT code, name FROM plant ORDER BY code")).all()
    return {str(code): str(name) for code, name in rows}


def line_directory(bind: Bind) -> dict[str, str]:
    """{line code: plant code} of every line, by code."""
    with connected(bind) as conn:
        rows = conn.execute(text("SELECT code, plant_code FROM line ORDER BY code")).all()
    return {str(code): str(plant) for code, plant in rows}


def _shifts(conn: Connection, lines: Sequence[str]) -> dict[str, list[ShiftPattern]]:
    rows = conn.execute(
        text(
            "SELECT line_code, name, weekday, start_minute, end_minute FROM shift "
            "WHERE line_code = ANY(:lines) ORDER BY line_code, start_minute, name, weekday"
        ),
        {"lines": list(lines)},
    ).all()
    grouped: dict[tuple[str, str, int, int], list[int]] = {}
    for line, name, weekday, start, end in rows:
        grouped.setdefault((str(line), str(name), int(start), int(end)), []).append(int(weekday))
    out: dict[str, list[ShiftPattern]] = {}
    for (line, name, start, end), days in grouped.items():
        out.setdefault(line, []).append(ShiftPattern(name, tuple(sorted(days)), start, end))
    return out


def _changeovers(conn: Connection, lines: Sequence[str]) -> dict[str, list[Changeover]]:
    rows = conn.execute(
        text(
            "SELECT line_code, from_family, to_family, minutes FROM changeover_rule "
            "WHERE line_code = ANY(:lines) ORDER BY line_code, from_family, to_family"
        ),
        {"lines": list(lines)},
    ).all()
    out: dict[str, list[Changeover]] = {}
    for line, source, target, minutes in rows:
        out.setdefault(str(line), []).append(Changeover(str(source), str(target), int(minutes)))
    return out


def _sizes(conn: Connection, lines: Sequence[str]) -> dict[str, list[WorkOrderSize]]:
    """Per line, each item's most common WO quantity (ties: the larger), cancelled WOs aside."""
    rows = conn.execute(
        text(
            "SELECT w.line_code, w.item_code, i.description, w.qty, count(*) AS n "
            "FROM work_order w JOIN item i ON i.code = w.item_code "
            "WHERE w.line_code = ANY(:lines) AND w.status <> 'cancelled' "
            "GROUP BY w.line_code, w.item_code, i.description, w.qty"
        ),
        {"lines": list(lines)},
    ).all()
    counts: dict[tuple[str, str, str], Counter[float]] = {}
    for line, item, description, qty, n in rows:
        counts.setdefault((str(line), str(item), str(description)), Counter())[float(qty)] += n
    out: dict[str, list[WorkOrderSize]] = {}
    for (line, item, description), by_qty in sorted(counts.items()):
        qty, n = max(by_qty.items(), key=lambda x: (x[1], x[0]))
        size = WorkOrderSize(item, description, qty, n, sum(by_qty.values()))
        out.setdefault(line, []).append(size)
    return out


def plant_profiles(
    bind: Bind, plants: Sequence[str], line: str | None = None
) -> list[PlantProfile]:
    """The profile of each plant of `plants` (in that order), or only `line` at its plant."""
    with connected(bind) as conn:
        plant_rows = {
            str(r.code): r
            for r in conn.execute(
                text("SELECT code, name, timezone FROM plant WHERE code = ANY(:plants)"),
                {"plants": list(plants)},
            )
        }
        line_rows = conn.execute(
            text(
                "SELECT code, plant_code, name, rate_per_hour, frozen_hours FROM line "
                "WHERE plant_code = ANY(:plants) AND (CAST(:line AS text) IS NULL OR code = :line) "
                "ORDER BY plant_code, code"
            ),
            {"plants": list(plants), "line": line},
        ).all()
        codes = [str(r.code) for r in line_rows]
        shifts, changeovers, sizes = (
            _shifts(conn, codes),
            _changeovers(conn, codes),
            _sizes(conn, codes),
        )
    profiles = []
    for plant in plants:
        row = plant_rows.get(plant)
        if row is None:
            continue
        lines = tuple(
            LineProfile(
                code=str(r.code),
                plant=plant,
                name=str(r.name),
                rate_per_hour=float(r.rate_per_hour),
                frozen_hours=float(r.frozen_hours),
                shifts=tuple(shifts.get(str(r.code), ())),
                changeovers=tuple(changeovers.get(str(r.code), ())),
                sizes=tuple(sizes.get(str(r.code), ())),
            )  # fmt: skip
            for r in line_rows
            if r.plant_code == plant
        )
        made = dict.fromkeys((s.item, s.description) for ln in lines for s in ln.sizes)
        profiles.append(
            PlantProfile(str(row.code), str(row.name), str(row.timezone), lines, tuple(made))
        )
    return profiles
