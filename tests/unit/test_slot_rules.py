"""Swapping WOs into each other's slots, and the double-booking check of a line."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.scheduling.frozen import LineFrozenHours, frozen_horizon
from domain.scheduling.model import SchedulingInputError
from domain.scheduling.slots import Slot, first_double_booking, swap_into_slots

TZ = "America/Detroit"
MON = datetime(2026, 3, 2, 6, 0, tzinfo=ZoneInfo(TZ))
HORIZON = frozen_horizon(LineFrozenHours("L1", 8.0), MON)
H = timedelta(hours=1)


def slot(wo: str, seq: int, day: int, hour: int, hours: float = 3.5) -> Slot:
    start = MON + timedelta(days=day, hours=hour - 6)
    return Slot(wo, seq, start, start + hours * H)


LINE = {s.work_order: s for s in [slot("A", 1, 2, 6), slot("B", 2, 2, 10), slot("C", 3, 0, 6)]}


def test_two_wos_swap_into_each_others_slots_and_keep_their_length() -> None:
    moves = swap_into_slots(LINE, ["B", "A"], HORIZON, TZ)
    assert [(m.work_order, m.sequence, m.start) for m in moves] == [
        ("B", 1, LINE["A"].start), ("A", 2, LINE["B"].start),
    ]  # fmt: skip
    assert all(m.end - m.start == 3.5 * H for m in moves)


def test_a_wo_in_the_frozen_horizon_does_not_swap() -> None:
    with pytest.raises(SchedulingInputError, match="A or the slot at Mon 2026-03-02 06:00 is "
                       "inside the frozen horizon"):  # fmt: skip
        swap_into_slots(LINE, ["A", "C"], HORIZON, TZ)


def test_a_longer_wo_may_not_overrun_the_next_slot() -> None:
    line = {**LINE, "A": slot("A", 1, 2, 6, hours=2.0), "B": slot("B", 2, 2, 8, hours=4.0)}
    with pytest.raises(SchedulingInputError, match="B would overrun A's slot"):
        swap_into_slots(line, ["B", "A"], HORIZON, TZ)


@pytest.mark.parametrize(("order", "message"), [
    (["A", "A"], "lists a work order twice"),
    (["A", "Z"], "not released work orders of this line: Z"),
])  # fmt: skip
def test_bad_sequences_say_what_to_fix(order: list[str], message: str) -> None:
    with pytest.raises(SchedulingInputError, match=message):
        swap_into_slots(LINE, order, HORIZON, TZ)


def test_a_moved_wo_overlapping_another_is_a_double_booking() -> None:
    a, b = slot("A", 1, 2, 6), slot("B", 2, 2, 9)
    assert first_double_booking(["A"], [a, b]) == (a, b)
    assert first_double_booking(["A"], [a, slot("B", 2, 2, 10)]) is None
    assert first_double_booking([], [a, b]) is None  # only moved WOs are checked


def test_a_frozen_swap_carries_the_wo_and_the_horizon_as_data() -> None:
    from domain.scheduling.frozen import FrozenHorizonError

    with pytest.raises(FrozenHorizonError) as refused:
        swap_into_slots(LINE, ["A", "C"], HORIZON, TZ)
    assert refused.value.work_order == "A" and refused.value.horizon == HORIZON
    assert refused.value.until_local.startswith("Mon 2026-03-02")
