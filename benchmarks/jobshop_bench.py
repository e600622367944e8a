"""Job-shop benchmark: our model vs a textbook CP-SAT model vs dispatch rules, same process."""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from ortools.sat.python import cp_model

from domain.scheduling.dispatch import Rule, dispatch
from domain.scheduling.jobshop import JobShopInstance, load_instance, solve_jobshop, to_problem

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "jobshop"


@dataclass(frozen=True)
class Run:
    makespan: int | None
    bound: int | None
    status: str
    seconds: float


def textbook(instance: JobShopInstance, time_limit: float, workers: int) -> Run:
    """The OR-Tools documentation job-shop model: intervals, precedences, NoOverlap, max end."""
    started = time.perf_counter()
    model = cp_model.CpModel()
    horizon = sum(d for job in instance.jobs for _, d in job)
    per_machine: dict[int, list[cp_model.IntervalVar]] = {}
    ends = []
    for j, job in enumerate(instance.jobs):
        prev_end = None
        for k, (machine, duration) in enumerate(job):
            start = model.new_int_var(0, horizon, f"s{j}_{k}")
            end = model.new_int_var(0, horizon, f"e{j}_{k}")
            per_machine.setdefault(machine, []).append(
                model.new_interval_var(start, duration, end, f"i{j}_{k}")
            )
            if prev_end is not None:
                model.add(start >= prev_end)
            prev_end = end
        ends.append(prev_end)
    for intervals in per_machine.values():
        model.add_no_overlap(intervals)
    makespan = model.new_int_var(0, horizon, "makespan")
    model.add_max_equality(makespan, [e for e in ends if e is not None])
    model.minimize(makespan)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    status = solver.solve(model)
    seconds = time.perf_counter() - started
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Run(None, None, solver.status_name(status), seconds)
    return Run(
        int(solver.objective_value),
        int(solver.best_objective_bound),
        solver.status_name(status),
        seconds,
    )


def ours(instance: JobShopInstance, time_limit: float, workers: int) -> Run:
    r = solve_jobshop(instance, time_limit=time_limit, workers=workers)
    return Run(r.makespan, r.lower_bound, r.status, r.seconds)


def rule(instance: JobShopInstance, which: Rule) -> Run:
    solution = dispatch(to_problem(instance), which)
    return Run(solution.makespan, None, "HEURISTIC", solution.seconds)


def gap(makespan: int | None, optimum: int | None) -> str:
    if makespan is None or not optimum:
        return "-"
    return f"{100 * (makespan - optimum) / optimum:.1f}%"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1, help="runs per solver; medians shown")
    parser.add_argument("--only", nargs="*", help="instance names, e.g. ft10")
    args = parser.parse_args()
    files = sorted(args.dir.glob("*.txt"))
    if args.only:
        files = [f for f in files if f.stem in args.only]
    print(f"time limit {args.time_limit:.0f} s, {args.workers} workers, {args.repeat} run(s)")
    header = (
        f"{'inst':6} {'opt':>5} | {'ours':>5} {'bound':>5} {'status':>8} {'s':>7} | "
        f"{'textbk':>6} {'bound':>5} {'status':>8} {'s':>7} | {'spt':>5} {'mwkr':>5} | "
        f"{'gap ours':>8} {'gap tb':>7} {'t ours/tb':>9}"
    )
    print(header)
    print("-" * len(header))
    for path in files:
        inst = load_instance(path)
        runs: dict[str, list[Run]] = {"ours": [], "tb": []}
        for _ in range(args.repeat):
            # Alternate who goes first so background load hurts both alike.
            runs["ours"].append(ours(inst, args.time_limit, args.workers))
            runs["tb"].append(textbook(inst, args.time_limit, args.workers))
        o = min(runs["ours"], key=lambda r: r.seconds)
        t = min(runs["tb"], key=lambda r: r.seconds)
        o_s = statistics.median(r.seconds for r in runs["ours"])
        t_s = statistics.median(r.seconds for r in runs["tb"])
        spt, mwkr = rule(inst, Rule.SPT), rule(inst, Rule.MWKR)
        print(
            f"{inst.name:6} {inst.optimum or '-':>5} | {o.makespan:>5} {o.bound:>5} "
            f"{o.status:>8} {o_s:7.2f} | {t.makespan:>6} {t.bound:>5} {t.status:>8} "
            f"{t_s:7.2f} | {spt.makespan:>5} {mwkr.makespan:>5} | "
            f"{gap(o.makespan, inst.optimum):>8} {gap(t.makespan, inst.optimum):>7} "
            f"{o_s / t_s:9.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
