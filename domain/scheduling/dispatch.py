"""Dispatch-rule baselines (EDD, SPT, most work remaining, current order) for any Problem."""

from __future__ import annotations

import time
from enum import StrEnum

from domain.scheduling.frozen import is_frozen
from domain.scheduling.model import (
    Job,
    Objective,
    Problem,
    ScheduledOperation,
    Solution,
    Unschedulable,
    Window,
    plan_terms,
    same_item_chains,
    subtract_windows,
    validate,
    weighted_cost,
)


class Rule(StrEnum):
    EDD = "edd"  # earliest due date first
    SPT = "spt"  # shortest processing time first
    MWKR = "mwkr"  # most work remaining first (strong for makespan)
    PLAN = "plan"  # current planned order first (least disruption)


def earliest_fit(windows: list[Window], t: int, duration: int) -> int | None:
    """The first start at or after t where the whole operation fits in one window."""
    for ws, we in windows:
        s = max(ws, t)
        if s + duration <= we:
            return s
    return None


def _priority(rule: Rule, job: Job, k: int) -> tuple[float, ...]:
    op = job.operations[k]
    remaining = sum(o.duration for o in job.operations[k:])
    planned = op.planned_start if op.planned_start is not None else float("inf")
    due = job.due if job.due is not None else float("inf")
    keys: dict[Rule, tuple[float, ...]] = {
        Rule.EDD: (due, op.duration),
        Rule.SPT: (op.duration, due),
        Rule.MWKR: (-remaining, op.duration),
        Rule.PLAN: (planned, due),
    }
    return keys[rule]


def dispatch(problem: Problem, rule: Rule = Rule.EDD) -> Solution:
    """Giffler–Thompson list scheduling: calendar-, release- and changeover-aware, no search."""
    validate(problem)
    started = time.perf_counter()
    windows = {wc.id: wc.available(problem.horizon) for wc in problem.work_centres}
    wcs = {wc.id: wc for wc in problem.work_centres}
    free = dict.fromkeys(wcs, 0)
    last_family: dict[str, str | None] = {wc.id: wc.initial_family for wc in problem.work_centres}
    placed: list[ScheduledOperation] = []
    out = Solution(status="HEURISTIC", objective=None, bound=None, seconds=0.0)

    # Frozen jobs keep their planned times; everything else starts after the frozen horizon.
    pending: dict[str, int] = {}
    ready: dict[str, int] = {}
    for job in problem.jobs:
        first = job.operations[0].planned_start
        if job.fixed and first is not None:
            # Fixed later WOs only take line time: cut them out of the calendar.
            for k, op in enumerate(job.operations):
                start = op.planned_start if op.planned_start is not None else first
                wc_id = op.planned_work_centre or op.work_centre
                placed.append(ScheduledOperation(job.id, k, wc_id, start, start + op.duration))
                windows[wc_id] = subtract_windows(windows[wc_id], [(start, start + op.duration)])
        elif first is not None and is_frozen(first, problem.frozen_until):
            for k, op in enumerate(job.operations):
                start = op.planned_start if op.planned_start is not None else first
                wc_id = op.planned_work_centre or op.work_centre
                placed.append(ScheduledOperation(job.id, k, wc_id, start, start + op.duration))
        elif job.release is None:
            out.unschedulable.append(Unschedulable(job.id, "material never covered"))
        else:
            pending[job.id] = 0
            ready[job.id] = max(job.release, problem.frozen_until)
    jobs = {j.id: j for j in problem.jobs}
    # Respect the solver's same-item chains so the result is a valid CP-SAT hint.
    waits_for = {
        b: a for chain in same_item_chains(problem) for a, b in zip(chain, chain[1:], strict=False)
    }
    for done in sorted(placed, key=lambda o: o.end):
        if jobs[done.job].fixed:
            continue
        free[done.work_centre] = max(free[done.work_centre], done.end)
        last_family[done.work_centre] = jobs[done.job].family

    while pending:
        candidates: list[tuple[str, tuple[int, int, str] | None]] = []
        for job_id, k in pending.items():
            if waits_for.get(job_id) in pending:
                continue
            job = jobs[job_id]
            op = job.operations[k]
            best: tuple[int, int, str] | None = None
            for wc_id in op.eligible:
                family = last_family[wc_id]
                setup = 0 if family is None else wcs[wc_id].changeover(family, job.family)
                s = earliest_fit(
                    windows[wc_id], max(ready[job_id], free[wc_id] + setup), op.duration
                )
                if s is not None and (best is None or s + op.duration < best[1]):
                    best = (s, s + op.duration, wc_id)
            if best is None:
                out.unschedulable.append(Unschedulable(job_id, "no room left inside the horizon"))
                candidates.append((job_id, None))
            else:
                candidates.append((job_id, best))
        for job_id, best in candidates:
            if best is None:
                pending.pop(job_id)
        feasible = [(j, b) for j, b in candidates if b is not None]
        if not feasible:
            break
        c_star, wc_star = min((b[1], b[2]) for _, b in feasible)
        conflict = [(j, b) for j, b in feasible if b[2] == wc_star and b[0] < c_star]
        job_id, (s, e, wc_id) = min(
            conflict, key=lambda c: (_priority(rule, jobs[c[0]], pending[c[0]]), c[0])
        )
        k = pending[job_id]
        placed.append(ScheduledOperation(job_id, k, wc_id, s, e))
        free[wc_id] = e
        last_family[wc_id] = jobs[job_id].family
        ready[job_id] = e
        for follower, leader in waits_for.items():
            if leader == job_id and follower in ready:
                ready[follower] = max(ready[follower], e)
        if k + 1 < len(jobs[job_id].operations):
            pending[job_id] = k + 1
        else:
            pending.pop(job_id)

    placed.sort(key=lambda o: (o.start, o.job, o.index))
    out.operations = placed
    out.seconds = time.perf_counter() - started
    if problem.objective is Objective.MAKESPAN:
        out.objective = float(out.makespan)
    else:
        out.terms = plan_terms(problem, placed)
        out.objective = float(weighted_cost(problem.weights, out.terms))
    if out.unschedulable:
        out.status = "INCOMPLETE"
    return out
