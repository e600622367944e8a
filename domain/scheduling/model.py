"""Plain dataclasses describing a scheduling problem and its solution, in integer minutes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

Window = tuple[int, int]


class SchedulingInputError(ValueError):
    """A problem the caller can fix: bad data, unknown references, impossible numbers."""


@dataclass(frozen=True)
class Operation:
    """One routing step: `duration` minutes on `work_centre` or one of its `alternatives`."""

    work_centre: str
    duration: int
    alternatives: tuple[str, ...] = ()
    # The current plan, used for the frozen horizon and to measure disruption.
    planned_start: int | None = None
    planned_work_centre: str | None = None

    @property
    def eligible(self) -> tuple[str, ...]:
        return (self.work_centre, *[a for a in self.alternatives if a != self.work_centre])


@dataclass(frozen=True)
class Job:
    """A work order: a chain of operations, a product family for changeovers, due and release."""

    id: str
    operations: tuple[Operation, ...]
    family: str = ""
    item: str = ""
    # Earliest start of the first operation (components covered); None: never in the horizon.
    release: int | None = 0
    due: int | None = None
    weight: int = 1
    why_release: str = ""


@dataclass(frozen=True)
class WorkCentre:
    """A machine or line: when it can run, when it is down, and its changeover matrix."""

    id: str
    # Available intervals; None means always available.
    windows: tuple[Window, ...] | None = None
    downtime: tuple[Window, ...] = ()
    # Minutes to change from family a to family b; missing pairs cost nothing.
    changeovers: Mapping[tuple[str, str], int] = field(default_factory=dict)
    # Family running when the plan starts, so the first changeover is counted.
    initial_family: str | None = None

    def changeover(self, a: str, b: str) -> int:
        return 0 if a == b else self.changeovers.get((a, b), 0)

    @property
    def has_changeovers(self) -> bool:
        return any(v > 0 for (a, b), v in self.changeovers.items() if a != b)

    def available(self, horizon: int) -> list[Window]:
        """Available intervals inside [0, horizon), with downtime cut out."""
        base = list(self.windows) if self.windows is not None else [(0, horizon)]
        return subtract_windows(
            [(max(0, s), min(horizon, e)) for s, e in base if min(horizon, e) > max(0, s)],
            self.downtime,
        )


@dataclass(frozen=True)
class Weights:
    """Objective weights, per unit: ordered so each term dominates the next in practice."""

    tardiness: int = 100_000  # per weighted minute late
    changeover: int = 1_000  # per changeover minute
    moved: int = 500  # per work order whose start or work centre changes
    distance: int = 1  # per minute a work order moves


class Objective(str, Enum):
    MAKESPAN = "makespan"
    PLAN = "plan"


@dataclass(frozen=True)
class Problem:
    """Jobs on work centres over [0, horizon) minutes; ops starting before `frozen_until` stay."""

    jobs: Sequence[Job]
    work_centres: Sequence[WorkCentre]
    horizon: int
    frozen_until: int = 0
    objective: Objective = Objective.PLAN
    weights: Weights = Weights()
    # Same-item, same-duration jobs on one line keep their current order (symmetry breaking).
    keep_item_order: bool = True
    # On big lines, allow a job to follow only jobs within this many positions (None: all).
    max_arc_span: int | None = None

    def work_centre(self, wc_id: str) -> WorkCentre:
        for wc in self.work_centres:
            if wc.id == wc_id:
                return wc
        raise SchedulingInputError(f"unknown work centre {wc_id!r}")


@dataclass(frozen=True)
class ScheduledOperation:
    job: str
    index: int
    work_centre: str
    start: int
    end: int


@dataclass(frozen=True)
class Unschedulable:
    job: str
    reason: str


@dataclass
class Solution:
    """What the solver found: status, objective and bound, the operations, what it left out."""

    status: str
    objective: float | None
    bound: float | None
    seconds: float
    operations: list[ScheduledOperation] = field(default_factory=list)
    unschedulable: list[Unschedulable] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    message: str = ""

    @property
    def feasible(self) -> bool:
        return self.status in ("OPTIMAL", "FEASIBLE")

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        if self.objective == 0:
            return 0.0
        return abs(self.objective - self.bound) / abs(self.objective)

    @property
    def makespan(self) -> int:
        return max((op.end for op in self.operations), default=0)

    def by_job(self) -> dict[str, list[ScheduledOperation]]:
        out: dict[str, list[ScheduledOperation]] = {}
        for op in self.operations:
            out.setdefault(op.job, []).append(op)
        for ops in out.values():
            ops.sort(key=lambda o: o.index)
        return out


def subtract_windows(windows: Sequence[Window], cuts: Sequence[Window]) -> list[Window]:
    """Windows minus the cut intervals, sorted and without empty pieces."""
    pieces = sorted(windows)
    for cs, ce in cuts:
        nxt: list[Window] = []
        for s, e in pieces:
            if ce <= s or cs >= e:
                nxt.append((s, e))
                continue
            if cs > s:
                nxt.append((s, cs))
            if ce < e:
                nxt.append((ce, e))
        pieces = nxt
    return pieces


def validate(problem: Problem) -> None:
    """Raise SchedulingInputError for data a user can fix."""
    if problem.horizon <= 0:
        raise SchedulingInputError("the horizon must be positive")
    ids = [wc.id for wc in problem.work_centres]
    if len(set(ids)) != len(ids):
        raise SchedulingInputError("duplicate work centre ids")
    seen: set[str] = set()
    for job in problem.jobs:
        if job.id in seen:
            raise SchedulingInputError(f"duplicate job id {job.id!r}")
        seen.add(job.id)
        if not job.operations:
            raise SchedulingInputError(f"job {job.id} has no operations")
        if job.weight < 0:
            raise SchedulingInputError(f"job {job.id} has a negative weight")
        for k, op in enumerate(job.operations):
            if op.duration < 0:
                raise SchedulingInputError(
                    f"job {job.id} operation {k} has a negative duration ({op.duration})"
                )
            for wc in op.eligible:
                if wc not in ids:
                    raise SchedulingInputError(
                        f"job {job.id} operation {k} uses unknown work centre {wc!r}"
                    )
    for wc in problem.work_centres:
        for s, e in [*(wc.windows or ()), *wc.downtime]:
            if e < s:
                raise SchedulingInputError(f"work centre {wc.id} has a window ending before it starts")
        for pair, minutes in wc.changeovers.items():
            if minutes < 0:
                raise SchedulingInputError(f"work centre {wc.id} changeover {pair} is negative")
