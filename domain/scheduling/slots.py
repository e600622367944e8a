"""Slot rules of a line: swapping WOs into each other's slots, and never double-booking it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from domain.formatting import plant_time
from domain.scheduling.frozen import FrozenHorizon, FrozenHorizonError
from domain.scheduling.model import SchedulingInputError


@dataclass(frozen=True)
class Slot:
    """Where a WO sits on its line: its sequence number and its planned span."""

    work_order: str
    sequence: int
    start: datetime
    end: datetime


@dataclass(frozen=True)
class SlotMove:
    """A WO's new place on the line."""

    work_order: str
    sequence: int
    start: datetime
    end: datetime


def swap_into_slots(
    current: Mapping[str, Slot], sequence: Sequence[str], horizon: FrozenHorizon, tz: str
) -> list[SlotMove]:
    """The given order placed into the listed WOs' own slots, earliest slot first.

    Each WO keeps its duration; none may touch the frozen horizon; none may overrun the next.
    """
    if len(set(sequence)) != len(sequence):
        raise SchedulingInputError("sequence lists a work order twice")
    missing = [wo for wo in sequence if wo not in current]
    if missing:
        raise SchedulingInputError(f"not released work orders of this line: {', '.join(missing)}")
    slots = sorted((current[wo] for wo in sequence), key=lambda s: (s.start, s.sequence))
    moves = []
    for slot, wo_id in zip(slots, sequence, strict=True):
        wo = current[wo_id]
        if wo_id == slot.work_order:
            continue
        if not horizon.may_move(wo.start, slot.start):
            raise FrozenHorizonError(
                f"{wo_id} or the slot at {plant_time(slot.start, tz)} is inside the frozen "
                f"horizon (until {plant_time(horizon.until, tz)}); it cannot move",
                wo_id,
                horizon,
                plant_time(horizon.until, tz),
            )
        moves.append(SlotMove(wo_id, slot.sequence, slot.start, slot.start + (wo.end - wo.start)))
    ordered = sorted(moves, key=lambda m: m.start)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if a.end > b.start:
            raise SchedulingInputError(
                f"{a.work_order} would overrun {b.work_order}'s slot (different durations); "
                "swap WOs of equal length or let the scheduler sequence the line"
            )
    return moves


def first_double_booking(
    moved: Sequence[str], line_slots: Sequence[Slot]
) -> tuple[Slot, Slot] | None:
    """The first pair (a moved WO, another WO) whose spans overlap on the line, if any."""
    moving = set(moved)
    for a in sorted((s for s in line_slots if s.work_order in moving), key=lambda s: s.start):
        for b in sorted(line_slots, key=lambda s: s.start):
            if b.work_order != a.work_order and b.start < a.end and a.start < b.end:
                return a, b
    return None
