"""The CP-SAT model's hard rules: frozen horizon, material release, changeovers, calendars."""

import pytest

from domain.scheduling.dispatch import Rule, dispatch
from domain.scheduling.model import (
    Job,
    Operation,
    Problem,
    SchedulingInputError,
    Solution,
    WorkCentre,
)
from domain.scheduling.solver import solve

SETUP = {("A", "B"): 30, ("B", "A"): 30}


def job(
    jid: str,
    duration: int,
    *,
    family: str = "A",
    planned: int | None = None,
    release: int | None = 0,
    due: int | None = None,
    wc: str = "L1",
    alternatives: tuple[str, ...] = (),
) -> Job:
    op = Operation(wc, duration, alternatives=alternatives, planned_start=planned)
    return Job(jid, (op,), family=family, item=f"item-{family}", release=release, due=due)


def starts(solution: Solution) -> dict[str, int]:
    return {op.job: op.start for op in solution.operations}


def test_frozen_operations_keep_their_time_and_nothing_starts_inside_the_window() -> None:
    jobs = [
        job("J1", 50, planned=0, due=1000),
        job("J2", 50, planned=60, due=50, family="B"),
        job("J3", 20, planned=200, due=0),
    ]
    problem = Problem(jobs, [WorkCentre("L1")], horizon=1000, frozen_until=60)
    solution = solve(problem, time_limit=10)
    assert solution.feasible
    s = starts(solution)
    assert s["J1"] == 0
    assert s["J2"] >= 60 and s["J3"] >= 60


def test_no_operation_starts_before_its_material_release() -> None:
    jobs = [job("J1", 30, planned=0, release=100, due=30), job("J2", 30, planned=30, due=500)]
    solution = solve(Problem(jobs, [WorkCentre("L1")], horizon=1000), time_limit=10)
    s = starts(solution)
    assert s["J1"] >= 100
    # The released job is pulled ahead into the time the blocked one cannot use.
    assert s["J2"] < s["J1"]


def test_changeovers_are_applied_between_different_families() -> None:
    jobs = [
        job("A1", 60, family="A"),
        job("B1", 60, family="B"),
        job("A2", 60, family="A"),
        job("B2", 60, family="B"),
    ]
    problem = Problem(jobs, [WorkCentre("L1", changeovers=SETUP)], horizon=1000)
    solution = solve(problem, time_limit=10)
    ops = sorted(solution.operations, key=lambda o: o.start)
    families = {j.id: j.family for j in jobs}
    for a, b in zip(ops, ops[1:], strict=False):
        gap = 30 if families[a.job] != families[b.job] else 0
        assert b.start >= a.end + gap
    # Minimising changeover time groups the families: one changeover only.
    assert solution.terms["changeover"] == 30


def test_initial_family_changeover_is_counted() -> None:
    problem = Problem(
        [job("B1", 60, family="B")],
        [WorkCentre("L1", changeovers=SETUP, initial_family="A")],
        horizon=1000,
    )
    solution = solve(problem, time_limit=10)
    assert starts(solution)["B1"] >= 30


def test_calendar_windows_and_downtime_are_respected() -> None:
    wc = WorkCentre("L1", windows=((0, 100), (200, 400)), downtime=((250, 280),))
    jobs = [job(f"J{i}", 60, due=0) for i in range(3)]
    solution = solve(Problem(jobs, [wc], horizon=500), time_limit=10)
    assert solution.feasible
    pieces = [(0, 100), (200, 250), (280, 400)]
    for op in solution.operations:
        assert any(s <= op.start and op.end <= e for s, e in pieces), op


def test_dispatch_respects_calendars_releases_and_changeovers() -> None:
    wc = WorkCentre("L1", windows=((0, 100), (200, 400)), downtime=((250, 280),), changeovers=SETUP)
    jobs = [
        job("J0", 60, due=0),
        job("J1", 60, family="B", release=210, due=0),
        job("J2", 40, due=0),
    ]
    solution = dispatch(Problem(jobs, [wc], horizon=500), Rule.EDD)
    s = starts(solution)
    assert s["J1"] >= 280
    assert all(op.end <= 100 or op.start >= 200 for op in solution.operations)


def test_material_that_never_arrives_is_reported_not_dropped() -> None:
    jobs = [job("J1", 30, release=None), job("J2", 30, release=990), job("J3", 30)]
    solution = solve(Problem(jobs, [WorkCentre("L1")], horizon=1000), time_limit=10)
    assert solution.feasible
    reasons = {u.job: u.reason for u in solution.unschedulable}
    assert set(reasons) == {"J1", "J2"}
    assert "material never covered" in reasons["J1"]
    assert "horizon" in reasons["J2"]
    assert [op.job for op in solution.operations] == ["J3"]


def test_alternative_work_centres_share_the_load() -> None:
    jobs = [job(f"J{i}", 100, due=100, alternatives=("L2",)) for i in range(2)]
    problem = Problem(jobs, [WorkCentre("L1"), WorkCentre("L2")], horizon=1000)
    solution = solve(problem, time_limit=10)
    assert {op.work_centre for op in solution.operations} == {"L1", "L2"}
    assert solution.terms["tardiness"] == 0


def test_negative_duration_and_unknown_work_centre_are_input_errors() -> None:
    with pytest.raises(SchedulingInputError, match="negative duration"):
        solve(Problem([job("J1", -5)], [WorkCentre("L1")], horizon=100))
    with pytest.raises(SchedulingInputError, match="unknown work centre 'X'"):
        solve(Problem([job("J1", 5, wc="X")], [WorkCentre("L1")], horizon=100))
