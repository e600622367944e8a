"""Plain dataclasses describing a scheduling problem and its solution, in integer minutes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from domain.scheduling.errors import SchedulingInputError as SchedulingInputError
from domain.scheduling.frozen import is_frozen

Window = tuple[int, int]


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
    # Never moves (e.g. a WO planned after the resequence horizon): it only takes line time.
    fixed: bool = False
    # If it cannot start after its release, it stays in its planned slot (reported as kept)
    # and other jobs are planned around it, never on top of it.
    keep_slot: bool = False


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
    kept: int = 1_000_000_000  # per WO left in its planned slot before its material


class Objective(StrEnum):
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
    # Let a `keep_slot` job whose material comes after its planned start stay in that slot
    # (at the `kept` weight) when no slot after its material is free; off: only when forced.
    keep_short_slots: bool = False

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
    # `keep_slot` jobs left in their planned slot (not in `operations`), with the reason.
    kept: list[Unschedulable] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    message: str = ""
    # Unweighted objective terms of a plan: tardiness, changeover, moved, distance (minutes).
    terms: dict[str, int] = field(default_factory=dict)

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
            for wc_id in op.eligible:
                if wc_id not in ids:
                    raise SchedulingInputError(
                        f"job {job.id} operation {k} uses unknown work centre {wc_id!r}"
                    )
    for wc in problem.work_centres:
        for s, e in [*(wc.windows or ()), *wc.downtime]:
            if e < s:
                raise SchedulingInputError(
                    f"work centre {wc.id} has a window ending before it starts"
                )
        for pair, minutes in wc.changeovers.items():
            if minutes < 0:
                raise SchedulingInputError(f"work centre {wc.id} changeover {pair} is negative")


def same_item_chains(problem: Problem) -> list[list[str]]:
    """Runs of identical single-op jobs on one line that may keep their current order.

    Swapping two jobs with the same item, duration and weight never helps when release and
    due do not decrease along the run, so fixing their order removes symmetric search.
    """
    if not problem.keep_item_order:
        return []
    groups: dict[tuple[str, str, str, int, int], list[Job]] = {}
    for job in problem.jobs:
        op = job.operations[0]
        frozen = op.planned_start is not None and is_frozen(op.planned_start, problem.frozen_until)
        if (
            job.fixed
            # A job that may stay short in its slot is no longer like its siblings.
            or (problem.keep_short_slots and may_keep_slot(job, problem))
            or len(job.operations) != 1
            or op.alternatives
            or not job.item
            or frozen
            or job.release is None
        ):
            continue
        key = (op.work_centre, job.item, job.family, op.duration, job.weight)
        groups.setdefault(key, []).append(job)
    chains: list[list[str]] = []
    for members in groups.values():
        members.sort(key=lambda j: (_order(j), j.id))
        run = [members[0]]
        for a, b in zip(members, members[1:], strict=False):
            monotone = (b.release or 0) >= (a.release or 0) and (
                a.due is None or b.due is None or b.due >= a.due
            )
            if not monotone:
                chains.append([j.id for j in run])
                run = []
            run.append(b)
        chains.append([j.id for j in run])
    return [c for c in chains if len(c) > 1]


def keepable(job: Job, frozen_until: int) -> bool:
    """A job that may stay in its planned slot: one operation, one work centre, not frozen."""
    op = job.operations[0]
    return (
        job.keep_slot
        and not job.fixed
        and len(job.operations) == 1
        and not op.alternatives
        and op.planned_start is not None
        and not is_frozen(op.planned_start, frozen_until)
    )


def may_keep_slot(job: Job, problem: Problem) -> bool:
    """A keepable job whose material comes after its planned start (it would start short)."""
    start = job.operations[0].planned_start
    return keepable(job, problem.frozen_until) and (
        job.release is None or start is None or job.release > start
    )


def _order(job: Job) -> int:
    planned = job.operations[0].planned_start
    return planned if planned is not None else (job.due or 0)


def plan_terms(problem: Problem, operations: Sequence[ScheduledOperation]) -> dict[str, int]:
    """The unweighted objective terms of any plan, so heuristics and CP-SAT compare alike."""
    jobs = {j.id: j for j in problem.jobs}
    terms = {"tardiness": 0, "changeover": 0, "moved": 0, "distance": 0}
    last: dict[str, ScheduledOperation] = {}
    moved: set[str] = set()
    for op in operations:
        job = jobs[op.job]
        if op.index == len(job.operations) - 1 and job.due is not None:
            terms["tardiness"] += job.weight * max(0, op.end - job.due)
        planned = job.operations[op.index]
        if planned.planned_start is not None:
            terms["distance"] += abs(op.start - planned.planned_start)
            if op.start != planned.planned_start or op.work_centre != (
                planned.planned_work_centre or planned.work_centre
            ):
                moved.add(op.job)
    for op in sorted(operations, key=lambda o: o.start):
        wc = problem.work_centre(op.work_centre)
        prev = last.get(op.work_centre)
        family = jobs[op.job].family
        if prev is not None:
            terms["changeover"] += wc.changeover(jobs[prev.job].family, family)
        elif wc.initial_family is not None:
            terms["changeover"] += wc.changeover(wc.initial_family, family)
        last[op.work_centre] = op
    terms["moved"] = len(moved)
    return terms


def weighted_cost(weights: Weights, terms: Mapping[str, int]) -> int:
    """The plan objective the solver minimises, from its terms."""
    return (
        weights.tardiness * terms.get("tardiness", 0)
        + weights.changeover * terms.get("changeover", 0)
        + weights.moved * terms.get("moved", 0)
        + weights.distance * terms.get("distance", 0)
        + weights.kept * terms.get("kept", 0)
    )
