"""A quality hold supposed released at a time: held stock counts from that instant on, as a
receipt named 'held stock released'; before it the projection is the baseline's, after it the
projection that counts held stock from the start."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from domain.clock import DEMO_AS_OF
from domain.planning.inputs import PlannedWorkOrder, ScheduledReceipt, StockOnHand, build_input
from domain.planning.policy import SupplyPolicy
from domain.planning.projection import RELEASED_HOLD, project
from domain.planning.shortages import find_shortages
from domain.planning.supply import SupplyKind

HOUR = timedelta(hours=1)


def _armrests() -> object:
    """A door line drawing 20 covers every 4 h, six times; 30 usable, 100 held, 100 due +30 h."""
    wos = [PlannedWorkOrder(f"WO-{n:02d}", "DOOR1", "DP", 20.0, DEMO_AS_OF + 4 * n * HOUR,
                            DEMO_AS_OF + (4 * n + 4) * HOUR, sequence=n)
           for n in range(6)]  # fmt: skip
    stock = [StockOnHand("T", 30.0), StockOnHand("T", 100.0, "quality_hold")]
    receipts = [ScheduledReceipt("T", 100.0, DEMO_AS_OF + 30 * HOUR, SupplyKind.confirmed, 7)]
    return build_input("X", DEMO_AS_OF, "2d", stock=stock, receipts=receipts, work_orders=wos,
                       bom={"DP": [("T", 1.0)]}, items=["T"])  # fmt: skip


def test_held_stock_counts_from_the_release_on() -> None:
    data = _armrests()
    release = DEMO_AS_OF + 10 * HOUR
    baseline = find_shortages(project(data))  # type: ignore[arg-type]
    released = find_shortages(project(data, SupplyPolicy(held_released_at=release)))  # type: ignore[arg-type]
    counted = find_shortages(project(data, SupplyPolicy(include_held=True)))  # type: ignore[arg-type]
    assert [s.first_short_at for s in baseline] == [DEMO_AS_OF + 4 * HOUR]
    assert baseline[0].recovered_at == DEMO_AS_OF + 30 * HOUR
    assert baseline[0].recovered_by == ("po_line:7",)
    # Same first shortage; covered again at the release by the held stock, not by the PO.
    assert [s.first_short_at for s in released] == [DEMO_AS_OF + 4 * HOUR]
    assert released[0].qty_short == baseline[0].qty_short
    assert released[0].recovered_at == release
    assert released[0].recovered_by == (RELEASED_HOLD,)
    assert released[0].line_hours_at_risk < baseline[0].line_hours_at_risk
    assert counted == []  # 130 covers the 120 drawn before the PO lands


def test_a_release_past_the_horizon_or_with_held_counted_changes_nothing() -> None:
    data = _armrests()
    late = SupplyPolicy(held_released_at=DEMO_AS_OF + 72 * HOUR)
    got = find_shortages(project(data, late))  # type: ignore[arg-type]
    assert [replace(s, policy=SupplyPolicy()) for s in got] == find_shortages(project(data))  # type: ignore[arg-type]
    both = SupplyPolicy(include_held=True, held_released_at=DEMO_AS_OF + 10 * HOUR)
    assert find_shortages(project(data, both)) == []  # type: ignore[arg-type]


def test_the_policy_says_when_held_stock_counts() -> None:
    policy = SupplyPolicy(held_released_at=DEMO_AS_OF + 30 * HOUR)
    assert "held stock counted from 2026-03-03 12:00-05:00" in policy.describe()
    assert policy.as_dict()["held_released_at"] == "2026-03-03T12:00:00-05:00"
