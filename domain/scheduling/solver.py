"""The one CP-SAT model builder: job-shop makespan and line resequencing share this code."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from domain.scheduling.frozen import is_frozen
from domain.scheduling.model import (
    Job,
    Objective,
    Problem,
    ScheduledOperation,
    Solution,
    Unschedulable,
    Window,
    keepable,
    may_keep_slot,
    same_item_chains,
    validate,
)

# Called on each improving solution with (seconds since start, objective, best bound).
SolutionListener = Callable[[float, float, float], None]


@dataclass
class _OpVars:
    job: Job
    index: int
    start: cp_model.IntVar
    end: cp_model.IntVar
    # Per eligible work centre: (interval, presence literal or None when mandatory, start var).
    alts: dict[str, tuple[cp_model.IntervalVar, cp_model.IntVar | None]] = field(
        default_factory=dict
    )
    frozen: bool = False
    fixed_start: int | None = None
    order_key: tuple[int, str, int] = (0, "", 0)

    @property
    def key(self) -> tuple[str, int]:
        return (self.job.id, self.index)


class _Listener(cp_model.CpSolverSolutionCallback):
    def __init__(self, started: float, listen: SolutionListener) -> None:
        super().__init__()
        self._started = started
        self._listen = listen

    def on_solution_callback(self) -> None:
        self._listen(
            time.perf_counter() - self._started, self.objective_value, self.best_objective_bound
        )


def _start_domain(windows: list[Window], duration: int, lo: int, hi: int) -> list[list[int]]:
    """Start times that keep the whole operation inside one available window."""
    out = []
    for ws, we in windows:
        a, b = max(ws, lo), min(we - duration, hi)
        if a <= b:
            out.append([a, b])
    return out


def _gaps(windows: list[Window], horizon: int) -> list[Window]:
    """The time in [0, horizon) outside the available windows."""
    out, t = [], 0
    for s, e in windows:
        if s > t:
            out.append((t, s))
        t = max(t, e)
    if t < horizon:
        out.append((t, horizon))
    return out


class _Builder:
    """Builds the CP-SAT model for a Problem; one instance per solve."""

    def __init__(self, problem: Problem) -> None:
        self.p = problem
        self.m = cp_model.CpModel()
        self.ops: dict[tuple[str, int], _OpVars] = {}
        self.unschedulable: list[Unschedulable] = []
        self.warnings: list[str] = []
        self.changeover_terms: list[tuple[cp_model.IntVar, int]] = []
        self.arc_literals: dict[str, dict[tuple[int, int], cp_model.IntVar]] = {}
        self.wc_nodes: dict[str, list[_OpVars]] = {}
        self.windows = {wc.id: wc.available(problem.horizon) for wc in problem.work_centres}
        self.makespan: cp_model.IntVar | None = None
        self.hint_start: dict[tuple[str, int], int] = {}
        # Objective helper variables by job, kept so a hint can set them too (complete hints
        # let CP-SAT take the warm start at once instead of searching for it).
        self.late: dict[str, cp_model.IntVar] = {}
        self.dist: dict[tuple[str, int], tuple[cp_model.IntVar, cp_model.IntVar]] = {}
        self.job_moved: dict[str, cp_model.IntVar] = {}
        # Jobs that must stay in their planned slot (reason), and those that may (literal).
        self.forced_kept: dict[str, str] = {}
        self.keep_lit: dict[str, cp_model.IntVar] = {}

    # ------------------------------------------------------------------ jobs

    def _is_frozen(self, job: Job) -> bool:
        first = job.operations[0].planned_start
        return first is not None and is_frozen(first, self.p.frozen_until)

    def _is_fixed(self, job: Job) -> bool:
        """Keeps its planned times: frozen, fixed, or kept because it fits nowhere else."""
        return job.fixed or self._is_frozen(job) or job.id in self.forced_kept

    def _unplaceable(self, job: Job) -> str | None:
        """Why a job cannot be scheduled inside the horizon at all (None: it can)."""
        total = sum(op.duration for op in job.operations)
        if job.release is None or job.release + total > self.p.horizon:
            when = job.why_release or (
                "material never covered"
                if job.release is None
                else f"material covered only at minute {job.release}"
            )
            return f"{when}: too late to finish inside the horizon"
        head = max(job.release, self.p.frozen_until)
        for k, op in enumerate(job.operations):
            tail = sum(o.duration for o in job.operations[k:])
            if not any(
                _start_domain(self.windows[wc], op.duration, head, self.p.horizon - tail)
                for wc in op.eligible
            ):
                return (
                    f"operation {k} fits no available window of "
                    f"{'/'.join(op.eligible)} inside the horizon"
                )
            head += op.duration
        return None

    def screen(self, job: Job) -> bool:
        """False (with a reason) when a job cannot be scheduled inside the horizon at all.

        A `keep_slot` job that cannot be placed stays in its planned slot instead (True).
        """
        if job.fixed or self._is_frozen(job):
            return True
        reason = self._unplaceable(job)
        if reason is None:
            return True
        if keepable(job, self.p.frozen_until):
            self.forced_kept[job.id] = reason
            return True
        self.unschedulable.append(Unschedulable(job.id, reason))
        return False

    def add_job(self, job: Job) -> None:
        frozen = self._is_fixed(job)
        head = 0 if frozen else max(job.release or 0, self.p.frozen_until)
        prev: _OpVars | None = None
        for k, op in enumerate(job.operations):
            tail = sum(o.duration for o in job.operations[k + 1 :])
            name = f"{job.id}#{k}"
            hi = self.p.horizon - tail - op.duration
            if frozen and op.planned_start is not None:
                wc_id = op.planned_work_centre or op.work_centre
                start = self.m.new_constant(op.planned_start)
                end = self.m.new_constant(op.planned_start + op.duration)
                iv = self.m.new_fixed_size_interval_var(start, op.duration, name)
                ov = _OpVars(
                    job,
                    k,
                    start,
                    end,
                    {wc_id: (iv, None)},
                    frozen=True,
                    fixed_start=op.planned_start,
                )
                if (
                    k == 0
                    and self._is_frozen(job)
                    and not job.fixed
                    and (job.release is None or job.release > op.planned_start)
                ):
                    self.warnings.append(
                        f"{job.id} starts inside the frozen horizon before its material is "
                        f"covered ({job.why_release or 'components short'})"
                    )
            else:
                ov = self._flexible_op(job, k, name, head, hi)
            ov.order_key = (
                op.planned_start if op.planned_start is not None else job.due or 0,
                job.id,
                k,
            )
            if prev is not None:
                self.m.add(ov.start >= prev.end)
            self.ops[ov.key] = ov
            for wc_id in ov.alts:
                self.wc_nodes.setdefault(wc_id, []).append(ov)
            head += op.duration
            prev = ov

    def _flexible_op(self, job: Job, k: int, name: str, lo: int, hi: int) -> _OpVars:
        op = job.operations[k]
        domains = {wc: _start_domain(self.windows[wc], op.duration, lo, hi) for wc in op.eligible}
        # Calendar gaps are fixed intervals in the NoOverlap: start domains with one hole per
        # shift made CP-SAT presolve take seconds on a few hundred WOs.
        domains = {wc: [[d[0][0], d[-1][1]]] for wc, d in domains.items() if d}
        may_keep = self.p.keep_short_slots and may_keep_slot(job, self.p)
        keep_at = op.planned_start if may_keep else None
        if keep_at is not None:
            # It may instead stay in its planned slot, before its material, at a penalty.
            domains = {wc: [[keep_at, keep_at], *d] for wc, d in domains.items()}
            lo = min(lo, keep_at)
        union = sorted(iv for d in domains.values() for iv in d)
        start = self.m.new_int_var_from_domain(cp_model.Domain.from_intervals(union), f"s_{name}")
        end = self.m.new_int_var(lo + op.duration, hi + op.duration, f"e_{name}")
        self.m.add(end == start + op.duration)
        if keep_at is not None:
            kept = self.m.new_bool_var(f"kept_{name}")
            self.m.add(start == keep_at).only_enforce_if(kept)
            self.m.add(start >= max(job.release or 0, self.p.frozen_until)).only_enforce_if(~kept)
            self.keep_lit[job.id] = kept
        ov = _OpVars(job, k, start, end)
        if len(domains) == 1:
            (wc,) = domains
            ov.alts[wc] = (self.m.new_interval_var(start, op.duration, end, name), None)
            return ov
        presences = []
        for wc, dom in domains.items():
            present = self.m.new_bool_var(f"on_{name}_{wc}")
            s = self.m.new_int_var_from_domain(
                cp_model.Domain.from_intervals(dom), f"s_{name}_{wc}"
            )
            self.m.add(s == start).only_enforce_if(present)
            iv = self.m.new_optional_fixed_size_interval_var(
                s, op.duration, present, f"{name}_{wc}"
            )
            ov.alts[wc] = (iv, present)
            presences.append(present)
        self.m.add_exactly_one(presences)
        return ov

    # ------------------------------------------------------- resource constraints

    def keep_item_order(self) -> set[tuple[tuple[str, int], tuple[str, int]]]:
        """Chain identical jobs in their current order; return every implied (before, after)."""
        before: set[tuple[tuple[str, int], tuple[str, int]]] = set()
        for chain in same_item_chains(self.p):
            members = [self.ops[(j, 0)] for j in chain if (j, 0) in self.ops]
            for a, b in zip(members, members[1:], strict=False):
                self.m.add(b.start >= a.end)
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    before.add((a.key, b.key))
        return before

    def resources(self) -> None:
        before = self.keep_item_order()
        for wc in self.p.work_centres:
            nodes = self.wc_nodes.get(wc.id, [])
            if not nodes:
                continue
            gaps = _gaps(self.windows[wc.id], self.p.horizon)
            self.m.add_no_overlap(
                [ov.alts[wc.id][0] for ov in nodes]
                + [
                    self.m.new_fixed_size_interval_var(s, e - s, f"off_{wc.id}_{s}")
                    for s, e in gaps
                ]
            )
            if (
                wc.has_changeovers
                or wc.initial_family is not None
                and any(wc.changeover(wc.initial_family, ov.job.family) for ov in nodes)
            ):
                self._circuit(wc.id, nodes, before)

    def _circuit(
        self, wc_id: str, nodes: list[_OpVars], before: set[tuple[tuple[str, int], tuple[str, int]]]
    ) -> None:
        wc = self.p.work_centre(wc_id)
        # With a warm start, the arc span counts positions in it, so its arcs always exist.
        nodes.sort(key=lambda o: (self.hint_start.get(o.key, o.order_key[0]), o.order_key))
        span = self.p.max_arc_span
        arcs: list[tuple[int, int, cp_model.LiteralT]] = []
        lits: dict[tuple[int, int], cp_model.IntVar] = {}
        all_optional = True
        for i, a in enumerate(nodes, start=1):
            present = a.alts[wc_id][1]
            if present is None:
                all_optional = False
            else:
                arcs.append((i, i, ~present))
            for tail, head in ((0, i), (i, 0)):
                lit = self.m.new_bool_var(f"arc_{wc_id}_{tail}_{head}")
                arcs.append((tail, head, lit))
                lits[(tail, head)] = lit
            if wc.initial_family is not None:
                setup = wc.changeover(wc.initial_family, a.job.family)
                if setup and not a.frozen:
                    self.m.add(a.start >= setup).only_enforce_if(lits[(0, i)])
                    self.changeover_terms.append((lits[(0, i)], setup))
        for i, a in enumerate(nodes, start=1):
            for j, b in enumerate(nodes, start=1):
                if i == j or (b.key, a.key) in before:
                    continue
                if span is not None and abs(i - j) > span and not (a.frozen or b.frozen):
                    continue
                if (
                    a.fixed_start is not None
                    and b.fixed_start is not None
                    and b.fixed_start < a.fixed_start
                ):
                    continue
                lit = self.m.new_bool_var(f"arc_{wc_id}_{i}_{j}")
                arcs.append((i, j, lit))
                lits[(i, j)] = lit
                setup = 0 if a.frozen and b.frozen else wc.changeover(a.job.family, b.job.family)
                self.m.add(b.start >= a.end + setup).only_enforce_if(lit)
                if setup:
                    self.changeover_terms.append((lit, setup))
        if all_optional:
            arcs.append((0, 0, self.m.new_bool_var(f"empty_{wc_id}")))
        self.m.add_circuit(arcs)
        self.arc_literals[wc_id] = lits
        self.wc_nodes[wc_id] = nodes

    # ------------------------------------------------------------------ objective

    def objective_makespan(self, upper: int | None) -> None:
        jobs = {ov.job.id: ov.job for ov in self.ops.values()}
        lower = max((sum(op.duration for op in j.operations) for j in jobs.values()), default=0)
        # Machine bound: earliest head + total load + shortest tail of any job on that machine.
        for nodes in self.wc_nodes.values():
            if all(len(ov.alts) == 1 for ov in nodes):
                heads = [sum(o.duration for o in ov.job.operations[: ov.index]) for ov in nodes]
                tails = [sum(o.duration for o in ov.job.operations[ov.index + 1 :]) for ov in nodes]
                load = sum(ov.job.operations[ov.index].duration for ov in nodes)
                lower = max(lower, min(heads) + load + min(tails))
        hi = self.p.horizon if upper is None else min(upper, self.p.horizon)
        self.makespan = self.m.new_int_var(lower, max(lower, hi), "makespan")
        for ov in self.ops.values():
            tail = sum(o.duration for o in ov.job.operations[ov.index + 1 :])
            # Every operation's end plus the work still left in its job bounds the makespan.
            self.m.add(self.makespan >= ov.end + tail)
        self.m.minimize(self.makespan)

    def objective_plan(self) -> dict[str, cp_model.LinearExprT]:
        w = self.p.weights
        terms: dict[str, list[cp_model.LinearExprT]] = {
            "tardiness": [],
            "moved": [],
            "distance": [],
            "kept": [*self.keep_lit.values()],
        }
        jobs: dict[str, list[_OpVars]] = {}
        for ov in self.ops.values():
            jobs.setdefault(ov.job.id, []).append(ov)
        for job_id, ovs in jobs.items():
            ovs.sort(key=lambda o: o.index)
            job = ovs[0].job
            if job.due is not None and job.weight and not ovs[-1].frozen:
                late = self.m.new_int_var(0, self.p.horizon, f"late_{job_id}")
                self.m.add(late >= ovs[-1].end - job.due)
                self.late[job_id] = late
                terms["tardiness"].append(job.weight * late)
            moved_ops = []
            for ov in ovs:
                op = job.operations[ov.index]
                if ov.frozen or op.planned_start is None:
                    continue
                planned_wc = op.planned_work_centre or op.work_centre
                dist = self.m.new_int_var(0, self.p.horizon, f"dist_{job_id}_{ov.index}")
                self.m.add_abs_equality(dist, ov.start - op.planned_start)
                terms["distance"].append(dist)
                moved = self.m.new_bool_var(f"moved_{job_id}_{ov.index}")
                self.m.add(dist == 0).only_enforce_if(~moved)
                presence = ov.alts.get(planned_wc, (None, None))[1]
                if presence is not None:
                    self.m.add_implication(~moved, presence)
                moved_ops.append(moved)
                self.dist[ov.key] = (dist, moved)
            if moved_ops:
                job_moved = self.m.new_bool_var(f"moved_{job_id}")
                self.m.add_max_equality(job_moved, moved_ops)
                self.job_moved[job_id] = job_moved
                terms["moved"].append(job_moved)
        exprs: dict[str, cp_model.LinearExprT] = {
            k: cp_model.LinearExpr.sum(v) for k, v in terms.items()
        }
        exprs["changeover"] = cp_model.LinearExpr.weighted_sum(
            [lit for lit, _ in self.changeover_terms], [c for _, c in self.changeover_terms]
        )
        names = ("tardiness", "changeover", "moved", "distance", "kept")
        self.m.minimize(
            cp_model.LinearExpr.weighted_sum(
                [exprs[n] for n in names], [getattr(w, n) for n in names]
            )
        )
        return exprs

    # ---------------------------------------------------------------------- hints

    def hint(self, hint: Solution) -> None:
        placed = {(op.job, op.index): op for op in hint.operations}
        for key, ov in self.ops.items():
            h = placed.get(key)
            if h is None or ov.frozen:
                continue
            self.m.add_hint(ov.start, h.start)
            for wc_id, (_, presence) in ov.alts.items():
                if presence is not None:
                    self.m.add_hint(presence, wc_id == h.work_centre)
        for wc_id, lits in self.arc_literals.items():
            nodes = self.wc_nodes[wc_id]
            index = {ov.key: i for i, ov in enumerate(nodes, start=1)}
            seq = sorted(
                (
                    op
                    for op in hint.operations
                    if op.work_centre == wc_id and (op.job, op.index) in index
                ),
                key=lambda o: o.start,
            )
            chosen = set()
            path = [0, *[index[(op.job, op.index)] for op in seq], 0]
            chosen = set(zip(path, path[1:], strict=False))
            for arc, lit in lits.items():
                self.m.add_hint(lit, arc in chosen)
        jobs = {ov.job.id: ov.job for ov in self.ops.values()}
        any_moved: dict[str, bool] = {}
        for key, (dist, moved) in self.dist.items():
            h = placed.get(key)
            planned = jobs[key[0]].operations[key[1]]
            if h is None or planned.planned_start is None:
                continue
            shift = abs(h.start - planned.planned_start)
            is_moved = shift != 0 or h.work_centre != (
                planned.planned_work_centre or planned.work_centre
            )
            self.m.add_hint(dist, shift)
            self.m.add_hint(moved, is_moved)
            any_moved[key[0]] = any_moved.get(key[0], False) or is_moved
        for job_id, var in self.job_moved.items():
            if job_id in any_moved:
                self.m.add_hint(var, any_moved[job_id])
        for job_id, late in self.late.items():
            last = placed.get((job_id, len(jobs[job_id].operations) - 1))
            due = jobs[job_id].due
            if last is not None and due is not None:
                self.m.add_hint(late, max(0, last.end - due))
        if self.makespan is not None and hint.operations:
            self.m.add_hint(self.makespan, hint.makespan)


def screen(problem: Problem) -> list[Unschedulable]:
    """The jobs that cannot be placed inside the horizon at all, with the reason (no solve)."""
    validate(problem)
    b = _Builder(problem)
    for job in problem.jobs:
        b.screen(job)
    return b.unschedulable


def _parameters(problem: Problem, time_limit: float, workers: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = time_limit
    params.num_workers = max(1, workers)
    if problem.objective is Objective.MAKESPAN:
        # Stronger edge-finding on NoOverlap closes the makespan bound far sooner (ft10: ~8x).
        params.use_strong_propagation_in_disjunctive = True
    else:
        # Probing thousands of arc literals costs seconds before the warm start is taken.
        params.cp_model_probing_level = 0
    return solver


def solve(
    problem: Problem,
    *,
    time_limit: float = 10.0,
    workers: int = 2,
    hint: Solution | None = None,
    upper_bound: int | None = None,
    listener: SolutionListener | None = None,
) -> Solution:
    """Build the CP-SAT model for `problem`, solve it within the limit and read the plan back."""
    validate(problem)
    started = time.perf_counter()
    b = _Builder(problem)
    if hint is not None:
        b.hint_start = {(op.job, op.index): op.start for op in hint.operations}
    for job in problem.jobs:
        if b.screen(job):
            b.add_job(job)
    b.resources()
    exprs: dict[str, cp_model.LinearExprT] = {}
    if problem.objective is Objective.MAKESPAN:
        b.objective_makespan(upper_bound)
    else:
        exprs = b.objective_plan()
    if hint is not None:
        b.hint(hint)
    solver = _parameters(problem, time_limit, workers)
    callback = _Listener(started, listener) if listener else None
    status = solver.solve(b.m, callback)
    seconds = time.perf_counter() - started
    name = solver.status_name(status)
    out = Solution(
        status=name,
        objective=None,
        bound=None,
        seconds=seconds,
        unschedulable=b.unschedulable,
        warnings=b.warnings,
    )
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        out.message = (
            "no plan satisfies every hard constraint (capacity, calendars, frozen "
            "horizon, material) inside the horizon"
            if status == cp_model.INFEASIBLE
            else "no plan found within the time limit"
        )
        return out
    out.objective = solver.objective_value
    out.bound = solver.best_objective_bound
    kept = {j for j, lit in b.keep_lit.items() if solver.boolean_value(lit)}
    for job_id, reason in b.forced_kept.items():
        out.kept.append(Unschedulable(job_id, f"{reason}; it keeps its planned slot"))
    jobs = {j.id: j for j in problem.jobs}
    for job_id in sorted(kept):
        job = jobs[job_id]
        out.kept.append(
            Unschedulable(
                job_id,
                f"{job.why_release or 'material covered only later'}: no free slot after "
                "that without overlapping other work; it keeps its planned slot",
            )
        )
    for ov in b.ops.values():
        if ov.job.fixed or ov.job.id in b.forced_kept or ov.job.id in kept:
            continue
        wc_id = next(
            wc for wc, (_, pres) in ov.alts.items() if pres is None or solver.boolean_value(pres)
        )
        out.operations.append(
            ScheduledOperation(
                ov.job.id, ov.index, wc_id, solver.value(ov.start), solver.value(ov.end)
            )
        )
    out.operations.sort(key=lambda o: (o.start, o.job, o.index))
    out.terms = {k: int(solver.value(v)) for k, v in exprs.items()}
    if exprs:
        out.terms["kept"] = len(out.kept)
    return out
