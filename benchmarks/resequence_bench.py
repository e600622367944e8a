"""Line resequencing benchmark on generated mixed-model lines: CP-SAT vs dispatch rules."""

from __future__ import annotations

import argparse
import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from domain.scheduling.dispatch import Rule, dispatch
from domain.scheduling.model import Problem, Weights
from domain.scheduling.resequence import (
    Clock,
    LineSetup,
    PlannedWorkOrder,
    build_line_problem,
    resequence_line,
)

TZ = ZoneInfo("America/Detroit")
AS_OF = datetime(2026, 3, 2, 6, 0, tzinfo=TZ)
FAMILIES = ("A", "B", "C", "D", "E")


def generate(n: int, seed: int = 7) -> tuple[LineSetup, list[PlannedWorkOrder], timedelta]:
    """A two-shift line with a round-robin mixed-model plan; 15% of WOs wait for material."""
    rng = random.Random(seed)
    setups = {(a, b): rng.choice((15, 30, 45, 60)) for a in FAMILIES for b in FAMILIES if a != b}
    durations = [rng.choice((120, 180, 210, 240)) for _ in range(n)]
    days_needed = int(sum(d + 45 for d in durations) / (16 * 60) * 7 / 5) + 21
    windows = []
    for d in range(days_needed):
        day = AS_OF + timedelta(days=d)
        if day.weekday() < 5:
            windows.append((day.replace(hour=6), day.replace(hour=22)))
    wos: list[PlannedWorkOrder] = []
    w, t = 0, windows[0][0]
    prev = None
    for i, duration in enumerate(durations):
        family = FAMILIES[i % len(FAMILIES)] if rng.random() < 0.7 else rng.choice(FAMILIES)
        t += timedelta(minutes=setups.get((prev, family), 0) if prev else 0)
        while t + timedelta(minutes=duration) > windows[w][1]:
            w += 1
            t = max(t, windows[w][0])
        start, end = t, t + timedelta(minutes=duration)
        late_material = rng.random() < 0.15
        ready = start + timedelta(minutes=rng.randint(60, 3 * 1440)) if late_material else AS_OF
        wos.append(
            PlannedWorkOrder(
                f"WO-{i:04d}",
                f"ITEM-{family}",
                family,
                start,
                end,
                due=end + timedelta(minutes=rng.randint(0, 2 * 1440)),
                material_ready=ready,
                weight=rng.choice((1, 1, 2, 3)),
                short_components=("C-1",) if late_material else (),
            )
        )
        t, prev = end, family
    setup = LineSetup(f"GEN-{n}", windows, changeover_minutes=setups, initial_family="A")
    return setup, wos, windows[-1][1] - AS_OF


def problem_of(setup: LineSetup, wos: list[PlannedWorkOrder], horizon: timedelta) -> Problem:
    clock = Clock(AS_OF)
    return build_line_problem(
        setup,
        wos,
        clock,
        clock.minutes(AS_OF + horizon),
        clock.minutes(AS_OF + timedelta(hours=8)),
        Weights(),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2 s and 10 s limits")
    parser.add_argument("--sizes", type=int, nargs="*", default=[50, 200, 500])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    limits = (2.0, 10.0) if args.quick else (10.0, 60.0)
    print(
        f"limits {limits} s, {args.workers} workers; objective = weighted cost "
        f"(tardiness >> changeover >> moves); ratio = CP-SAT / EDD (lower is better)"
    )
    for n in args.sizes:
        setup, wos, horizon = generate(n)
        problem = problem_of(setup, wos, horizon)
        edd = dispatch(problem, Rule.EDD)
        keep = dispatch(problem, Rule.PLAN)
        edd_cost = edd.objective or 0.0
        print(
            f"\n{n} WOs: EDD cost {edd_cost:.0f} (tardiness {edd.terms['tardiness']} wmin, "
            f"changeover {edd.terms['changeover']} min); current-order repair cost "
            f"{keep.objective:.0f}"
        )
        for limit in limits:
            first: list[float] = []

            def on_solution(
                seconds: float, objective: float, bound: float, first: list[float] = first
            ) -> None:
                first.append(seconds)

            result = resequence_line(
                setup,
                wos,
                as_of=AS_OF,
                horizon=horizon,
                time_limit=limit,
                workers=args.workers,
                listener=on_solution,
            )
            after = result.after
            if result.objective is None:
                print(f"  limit {limit:4.0f} s: {result.status}: no plan found", flush=True)
                continue
            print(
                f"  limit {limit:4.0f} s: {result.status:8} first feasible "
                f"{first[0] if first else float('nan'):6.2f} s, cost {result.objective:.0f} "
                f"(tardiness {after.weighted_tardiness_minutes} wmin, changeover "
                f"{after.changeover_minutes} min, moved {len(result.moved)}), "
                f"gap {100 * (result.gap or 0):.1f}%, "
                f"ratio vs EDD {result.objective / edd_cost if edd_cost else 0:.3f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
