"""The frozen horizon: the first hours of a line from now, that nothing may move into or out of."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.scheduling.frozen import (
    FrozenHorizonError,
    LineFrozenHours,
    frozen_horizon,
    is_frozen,
)

DETROIT = ZoneInfo("America/Detroit")
MON_0600 = datetime(2026, 3, 2, 6, 0, tzinfo=DETROIT)
SEAT1 = LineFrozenHours("LKS-SEAT1", 8.0)


def test_the_horizon_is_the_lines_hours_from_now() -> None:
    horizon = frozen_horizon(SEAT1, MON_0600)
    assert horizon.until == datetime(2026, 3, 2, 14, 0, tzinfo=DETROIT)
    assert horizon.describe() == "nothing inside the 8-hour frozen horizon moves"


def test_a_start_before_the_end_is_frozen_the_end_itself_is_not() -> None:
    horizon = frozen_horizon(SEAT1, MON_0600)
    assert horizon.covers(MON_0600 + timedelta(hours=7, minutes=59))
    assert not horizon.covers(horizon.until)
    assert is_frozen(479, 480) and not is_frozen(480, 480)  # the solver's minutes


def test_a_move_may_neither_leave_nor_enter_the_horizon() -> None:
    horizon = frozen_horizon(SEAT1, MON_0600)
    inside, outside = MON_0600 + timedelta(hours=4), MON_0600 + timedelta(days=2)
    assert horizon.may_move(outside, outside + timedelta(hours=4))
    assert not horizon.may_move(inside, outside)
    assert not horizon.may_move(outside, inside)


def test_a_refused_move_names_the_wo_and_the_end_in_the_plants_time() -> None:
    horizon = frozen_horizon(SEAT1, MON_0600)
    with pytest.raises(FrozenHorizonError, match=r"WO-1 is inside the 8 h frozen horizon of "
                       r"LKS-SEAT1 \(until Mon 2026-03-02 14:00\)"):  # fmt: skip
        horizon.check_move("WO-1", MON_0600, MON_0600 + timedelta(days=1), "America/Detroit")


def test_across_the_change_to_edt_the_horizon_is_eight_real_hours() -> None:
    # Sat 2026-03-07 22:00 EST + 8 h = Sun 06:00 EST = 07:00 EDT (clocks went forward at 02:00).
    horizon = frozen_horizon(SEAT1, datetime(2026, 3, 7, 22, 0, tzinfo=DETROIT))
    local = horizon.until.astimezone(DETROIT)
    assert (local.hour, local.utcoffset()) == (7, timedelta(hours=-4))
