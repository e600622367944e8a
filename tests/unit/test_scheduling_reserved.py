"""WOs that keep their slot are reserved line time: nothing is planned over them."""

from domain.scheduling.model import Job, Operation, Problem, Solution, WorkCentre
from domain.scheduling.solver import solve

SETUP = {("A", "B"): 30, ("B", "A"): 30}


def wo(jid: str, family: str, planned: int, duration: int, release: int | None) -> Job:
    op = Operation("L1", duration, planned_start=planned)
    return Job(jid, (op,), family=family, item=f"item-{jid}", release=release, keep_slot=True)


def line(horizon: int, keep_short_slots: bool) -> Problem:
    jobs = [
        wo("J", "A", 0, 40, 0),
        # Waits 50 minutes for its parts; its old slot ends just in time for K's changeover.
        wo("W", "A", 50, 200, 100),
        # Material never arrives: it can only keep its slot.
        wo("K", "B", 300, 100, None),
    ]
    wc = WorkCentre("L1", changeovers=SETUP)
    return Problem(jobs, [wc], horizon, keep_short_slots=keep_short_slots)


def spans(problem: Problem, solution: Solution) -> list[tuple[int, int, str]]:
    """Placed operations plus the slots the kept jobs stay in, in time order."""
    kept = {k.job for k in solution.kept}
    placed = [(op.start, op.end, op.job) for op in solution.operations]
    stays = [
        (j.operations[0].planned_start or 0, (j.operations[0].planned_start or 0)
         + j.operations[0].duration, j.id)
        for j in problem.jobs if j.id in kept
    ]  # fmt: skip
    return sorted(placed + stays)


def assert_no_overlap(problem: Problem, solution: Solution) -> None:
    family = {j.id: j.family for j in problem.jobs}
    timeline = spans(problem, solution)
    for (_, end, a), (start, _, b) in zip(timeline, timeline[1:], strict=False):
        assert start >= end + SETUP.get((family[a], family[b]), 0), (a, b, timeline)


def test_a_wo_never_runs_over_a_kept_slot_it_stays_short_in_its_own_slot_instead() -> None:
    strict = solve(line(500, keep_short_slots=False), time_limit=5)
    # W after its material (100..300) would run into K's kept slot: no strict plan exists.
    assert strict.status == "INFEASIBLE"
    problem = line(500, keep_short_slots=True)
    solution = solve(problem, time_limit=5)
    assert solution.feasible
    kept = {k.job: k.reason for k in solution.kept}
    assert set(kept) == {"K", "W"} and all("keeps its planned slot" in r for r in kept.values())
    assert "no free slot" in kept["W"] and "too late" in kept["K"]
    assert [op.job for op in solution.operations] == ["J"]
    assert_no_overlap(problem, solution)


def test_a_wo_moves_to_a_later_free_slot_rather_than_stay_short() -> None:
    problem = line(800, keep_short_slots=True)
    solution = solve(problem, time_limit=5)
    assert solution.feasible
    assert [k.job for k in solution.kept] == ["K"]
    start = {op.job: op.start for op in solution.operations}
    # After K's kept slot and the changeover back to family A.
    assert start["W"] >= 430
    assert_no_overlap(problem, solution)
