"""The demo case: resequence LKS-SEAT1 around the E-4410 gap, built by hand as dataclasses."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.scheduling.resequence import (
    LineSetup,
    PlannedWorkOrder,
    ResequenceResult,
    minutes_between,
    resequence_line,
)

DETROIT = ZoneInfo("America/Detroit")
AS_OF = datetime(2026, 3, 2, 6, 0, tzinfo=DETROIT)
E4410_COVERED = datetime(2026, 3, 9, 6, 0, tzinfo=DETROIT)
SLOTS = [
    (6, "FS-ORN-H", "ORN"),
    (10, "FS-VEG", "VEG"),
    (14, "FS-ORN-H", "ORN"),
    (18, "FS-VEG", "VEG"),
]


def seat1_plan() -> tuple[LineSetup, list[PlannedWorkOrder]]:
    """Two weeks Mon–Fri, four WOs of 210 seats (3.5 h at 60/h) a day, shifts 06:00–22:00."""
    days = [AS_OF.date() + timedelta(days=d) for d in range(14)]
    workdays = [d for d in days if d.weekday() < 5]
    windows = [
        (
            datetime(d.year, d.month, d.day, 6, tzinfo=DETROIT),
            datetime(d.year, d.month, d.day, 22, tzinfo=DETROIT),
        )
        for d in workdays
    ]
    wos = []
    for d in workdays:
        for hour, item, family in SLOTS:
            start = datetime(d.year, d.month, d.day, hour, tzinfo=DETROIT)
            end = start + timedelta(hours=3, minutes=30)
            # E-4410 (Orion only): 620 on hand + 400 Tue covers four Orion WOs, then Mon 03-09.
            blocked = family == "ORN" and start >= datetime(2026, 3, 4, 6, tzinfo=DETROIT)
            wos.append(
                PlannedWorkOrder(
                    work_order=f"WO-{start:%m%d-%H}",
                    item=item,
                    family=family,
                    start=start,
                    end=end,
                    due=end,
                    material_ready=E4410_COVERED if blocked else AS_OF,
                    short_components=("E-4410",) if blocked else (),
                )
            )
    setup = LineSetup(
        "LKS-SEAT1",
        windows,
        changeover_minutes={("ORN", "VEG"): 30, ("VEG", "ORN"): 30},
        initial_family="ORN",
    )
    return setup, wos


@pytest.fixture(scope="module")
def result() -> ResequenceResult:
    setup, wos = seat1_plan()
    return resequence_line(
        setup,
        wos,
        as_of=AS_OF,
        horizon=timedelta(days=14),
        frozen=timedelta(hours=8),
        time_limit=30,
        workers=2,
    )


def test_a_plan_is_found_for_every_work_order(result: ResequenceResult) -> None:
    assert result.status in ("OPTIMAL", "FEASIBLE")
    assert not result.unschedulable
    assert len(result.plan) == 40


def test_no_seat1_work_order_starts_without_its_material(result: ResequenceResult) -> None:
    _, wos = seat1_plan()
    ready = {wo.work_order: wo.material_ready for wo in wos}
    for entry in result.plan:
        covered_at = ready[entry.work_order]
        assert covered_at is not None
        assert entry.start >= covered_at
    assert result.after.uncovered == ()
    assert result.after.line_hours_at_risk == 0
    assert result.before.line_hours_at_risk == pytest.approx(6 * 3.5)
    assert len(result.made_clear_to_build) == 6


def test_vega_work_orders_move_ahead_of_orion_work_orders(result: ResequenceResult) -> None:
    _, wos = seat1_plan()
    old = {wo.work_order: wo.start for wo in wos}
    new = {p.work_order: p.start for p in result.plan}
    family = {wo.work_order: wo.family for wo in wos}
    overtaken = [
        (v, o)
        for v in new
        for o in new
        if family[v] == "VEG" and family[o] == "ORN" and old[v] > old[o] and new[v] < new[o]
    ]
    assert overtaken
    assert any(m.new_start < m.old_start and family[m.work_order] == "VEG" for m in result.moved)


def test_orion_work_orders_that_become_late_are_reported_with_lateness(
    result: ResequenceResult,
) -> None:
    late = {lw.work_order: lw for lw in result.after.late}
    assert late
    for lw in late.values():
        assert lw.item == "FS-ORN-H"
        assert lw.lateness_minutes == minutes_between(lw.due, lw.end) > 0
    assert "WO-0304-06" in late
    # Wed 09:30 EST to Mon 09:30 EDT: five days less the DST hour.
    assert late["WO-0304-06"].lateness_minutes == 5 * 24 * 60 - 60
    moved = {m.work_order: m for m in result.moved}
    assert "E-4410" in moved["WO-0304-06"].why
    assert result.kpis()["delta"]["late_work_orders"] == len(late)


def test_frozen_horizon_monday_0600_to_1400_is_untouched(result: ResequenceResult) -> None:
    start, stop = AS_OF, AS_OF + timedelta(hours=8)
    inside = sorted((p.work_order, p.start, p.end) for p in result.plan if p.start < stop)
    assert inside == [
        ("WO-0302-06", start, start + timedelta(hours=3, minutes=30)),
        ("WO-0302-10", start + timedelta(hours=4), start + timedelta(hours=7, minutes=30)),
    ]
    assert not {"WO-0302-06", "WO-0302-10"} & {m.work_order for m in result.moved}


def test_plan_respects_shifts_and_changeovers(result: ResequenceResult) -> None:
    setup, wos = seat1_plan()
    family = {wo.work_order: wo.family for wo in wos}
    for p in result.plan:
        assert any(s <= p.start and p.end <= e for s, e in setup.windows)
    ordered = sorted(result.plan, key=lambda p: p.start)
    for a, b in zip(ordered, ordered[1:], strict=False):
        gap = timedelta(minutes=30) if family[a.work_order] != family[b.work_order] else timedelta()
        assert b.start >= a.end + gap


def test_material_never_arriving_in_the_horizon_is_reported_with_reason() -> None:
    setup, wos = seat1_plan()
    result = resequence_line(
        setup, wos, as_of=AS_OF, horizon=timedelta(days=5), time_limit=30, spill=timedelta(0)
    )
    reasons = {u.work_order: u.reason for u in result.unschedulable}
    assert "WO-0304-06" in reasons
    assert "waits for E-4410 (covered from Mon 03-09 06:00)" in reasons["WO-0304-06"]
    assert "WO-0304-06" not in {p.work_order for p in result.plan}
    assert all(p.start >= AS_OF for p in result.plan)
