"""Classic job-shop instances: parse the text format and solve with the shared CP-SAT model."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from domain.scheduling.dispatch import Rule, dispatch
from domain.scheduling.model import (
    Job,
    Objective,
    Operation,
    Problem,
    SchedulingInputError,
    Solution,
    WorkCentre,
)
from domain.scheduling.solver import SolutionListener, solve


class InstanceFormatError(SchedulingInputError):
    """The instance file does not follow the `jobs machines` / `machine duration` format."""


@dataclass(frozen=True)
class JobShopInstance:
    name: str
    machines: int
    # Per job, its operations in order as (machine, duration).
    jobs: tuple[tuple[tuple[int, int], ...], ...]
    optimum: int | None = None
    lower: int | None = None
    upper: int | None = None


@dataclass(frozen=True)
class JobShopResult:
    makespan: int | None
    lower_bound: int | None
    status: str
    seconds: float
    solution: Solution


def _known(comment: str, word: str) -> int | None:
    found = re.search(rf"\b{word}\s+(\d+)", comment)
    return int(found.group(1)) if found else None


def parse_instance(text: str, name: str = "instance") -> JobShopInstance:
    """Parse `# comment` lines, then `jobs machines`, then one line of pairs per job."""
    comments = [ln.strip() for ln in text.splitlines() if ln.strip().startswith("#")]
    rows = [ln.split() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    if not rows:
        raise InstanceFormatError(f"{name}: empty instance (expected a `jobs machines` line)")
    try:
        header = [int(v) for v in rows[0]]
    except ValueError:
        raise InstanceFormatError(
            f"{name}: line 1 must be two integers `jobs machines`, got {' '.join(rows[0])!r}"
        ) from None
    if len(header) != 2 or header[0] <= 0 or header[1] <= 0:
        raise InstanceFormatError(f"{name}: line 1 must be two positive integers `jobs machines`")
    n_jobs, n_machines = header
    if len(rows) - 1 != n_jobs:
        raise InstanceFormatError(f"{name}: header says {n_jobs} jobs, found {len(rows) - 1} rows")
    jobs = []
    for j, row in enumerate(rows[1:]):
        try:
            values = [int(v) for v in row]
        except ValueError:
            raise InstanceFormatError(f"{name}: job {j} has a non-integer value") from None
        if len(values) != 2 * n_machines:
            raise InstanceFormatError(
                f"{name}: job {j} has {len(values)} numbers, expected "
                f"{2 * n_machines} ({n_machines} `machine duration` pairs)"
            )
        pairs = tuple(zip(values[::2], values[1::2], strict=True))
        for machine, duration in pairs:
            if not 0 <= machine < n_machines:
                raise InstanceFormatError(
                    f"{name}: job {j} uses machine {machine}, outside 0..{n_machines - 1}"
                )
            if duration < 0:
                raise InstanceFormatError(f"{name}: job {j} has a negative duration ({duration})")
        jobs.append(pairs)
    comment = " ".join(comments)
    return JobShopInstance(
        name,
        n_machines,
        tuple(jobs),
        _known(comment, "optimum"),
        _known(comment, "lower"),
        _known(comment, "upper"),
    )


def load_instance(path: str | Path) -> JobShopInstance:
    p = Path(path)
    if not p.is_file():
        raise InstanceFormatError(f"no instance file at {p}")
    return parse_instance(p.read_text(), p.stem)


def to_problem(instance: JobShopInstance) -> Problem:
    """Each job becomes a chain of operations on machines M0..Mn-1, always available."""
    horizon = sum(d for job in instance.jobs for _, d in job) + 1
    jobs = [
        Job(id=f"J{j}", operations=tuple(Operation(f"M{m}", d) for m, d in ops), item="")
        for j, ops in enumerate(instance.jobs)
    ]
    machines = [WorkCentre(f"M{m}") for m in range(instance.machines)]
    return Problem(jobs, machines, horizon, objective=Objective.MAKESPAN)


def solve_jobshop(
    instance: JobShopInstance,
    *,
    time_limit: float = 10.0,
    workers: int = 2,
    listener: SolutionListener | None = None,
) -> JobShopResult:
    """Minimise makespan, warm-started from the best dispatch rule and bounded by it."""
    problem = to_problem(instance)
    heuristic = min(
        (dispatch(problem, rule) for rule in (Rule.MWKR, Rule.SPT)), key=lambda s: s.makespan
    )
    solution = solve(
        problem,
        time_limit=time_limit,
        workers=workers,
        hint=heuristic,
        upper_bound=heuristic.makespan,
        listener=listener,
    )
    if not solution.feasible:
        return JobShopResult(None, None, solution.status, solution.seconds, solution)
    bound = int(round(solution.bound)) if solution.bound is not None else None
    return JobShopResult(solution.makespan, bound, solution.status, solution.seconds, solution)
