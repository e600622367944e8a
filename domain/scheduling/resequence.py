"""Line resequencing: current plan in, proposed plan with diff, KPI deltas and reasons out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from domain.scheduling.dispatch import Rule, dispatch
from domain.scheduling.model import (
    Job,
    Operation,
    Problem,
    SchedulingInputError,
    Weights,
    WorkCentre,
)
from domain.scheduling.solver import SolutionListener, solve

Span = tuple[datetime, datetime]


@dataclass(frozen=True)
class PlannedWorkOrder:
    """A WO as the current plan has it, with when its components are covered (None: never)."""

    work_order: str
    item: str
    family: str
    start: datetime
    end: datetime
    due: datetime | None
    material_ready: datetime | None
    weight: int = 1
    short_components: tuple[str, ...] = ()


@dataclass(frozen=True)
class LineSetup:
    """A line's available windows, downtime and changeover minutes between families."""

    line: str
    windows: Sequence[Span]
    downtime: Sequence[Span] = ()
    changeover_minutes: Mapping[tuple[str, str], int] = field(default_factory=dict)
    initial_family: str | None = None


@dataclass(frozen=True)
class PlanEntry:
    work_order: str
    item: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class MovedWorkOrder:
    work_order: str
    item: str
    old_start: datetime
    new_start: datetime
    delta_minutes: int
    why: str


@dataclass(frozen=True)
class LateWorkOrder:
    work_order: str
    item: str
    due: datetime
    end: datetime
    lateness_minutes: int


@dataclass(frozen=True)
class UnplacedWorkOrder:
    work_order: str
    item: str
    reason: str


@dataclass(frozen=True)
class PlanKpis:
    weighted_tardiness_minutes: int
    changeovers: int
    changeover_minutes: int
    line_hours_at_risk: float
    late: tuple[LateWorkOrder, ...]
    uncovered: tuple[str, ...]


@dataclass
class ResequenceResult:
    """The proposal: plan, diff, KPIs before/after, and what could not be placed and why."""

    line: str
    status: str
    plan: list[PlanEntry]
    moved: list[MovedWorkOrder]
    before: PlanKpis
    after: PlanKpis
    unschedulable: list[UnplacedWorkOrder]
    warnings: list[str]
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float

    @property
    def made_clear_to_build(self) -> list[str]:
        """WOs that would have started uncovered and now start with every component covered."""
        scheduled = {p.work_order for p in self.plan}
        return [
            wo for wo in self.before.uncovered if wo in scheduled and wo not in self.after.uncovered
        ]

    def kpis(self) -> dict[str, Any]:
        before, after = asdict(self.before), asdict(self.after)
        delta = {
            k: round(after[k] - before[k], 2)
            for k in (
                "weighted_tardiness_minutes",
                "changeovers",
                "changeover_minutes",
                "line_hours_at_risk",
            )
        }
        delta["late_work_orders"] = len(self.after.late) - len(self.before.late)
        return {
            "before": before,
            "after": after,
            "delta": delta,
            "made_clear_to_build": self.made_clear_to_build,
        }

    def to_json(self) -> dict[str, Any]:
        def jsonable(value: Any) -> Any:
            if isinstance(value, datetime):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: jsonable(v) for k, v in value.items()}
            if isinstance(value, list | tuple):
                return [jsonable(v) for v in value]
            return value

        return jsonable(
            {
                "line": self.line,
                "status": self.status,
                "plan": [asdict(p) for p in self.plan],
                "moved": [asdict(m) for m in self.moved],
                "kpis": self.kpis(),
                "unschedulable": [asdict(u) for u in self.unschedulable],
                "warnings": self.warnings,
                "solver": {
                    "objective": self.objective,
                    "bound": self.bound,
                    "gap": self.gap,
                    "seconds": round(self.seconds, 3),
                },
            }
        )


class Clock:
    """Converts aware datetimes to integer minutes from as-of, in absolute (UTC) time."""

    def __init__(self, as_of: datetime) -> None:
        if as_of.tzinfo is None:
            raise SchedulingInputError("as_of must be timezone-aware")
        self.tz = as_of.tzinfo
        self.origin = as_of.astimezone(UTC)

    def minutes(self, when: datetime) -> int:
        if when.tzinfo is None:
            raise SchedulingInputError(f"{when} has no timezone; plans use aware datetimes")
        # Subtracting in UTC keeps DST changes (e.g. 2026-03-08 in Detroit) correct.
        return int((when.astimezone(UTC) - self.origin).total_seconds() // 60)

    def at(self, minutes: int) -> datetime:
        return (self.origin + timedelta(minutes=minutes)).astimezone(self.tz)


def minutes_between(a: datetime, b: datetime) -> int:
    """Elapsed minutes from a to b, in absolute time even across a DST change."""
    return int((b.astimezone(UTC) - a.astimezone(UTC)).total_seconds() // 60)


def _fmt(when: datetime) -> str:
    return when.strftime("%a %m-%d %H:%M")


def _kpis(wos: Sequence[PlannedWorkOrder], spans: Mapping[str, Span], setup: LineSetup) -> PlanKpis:
    tardiness, late, uncovered, risk_minutes = 0, [], [], 0.0
    for wo in wos:
        if wo.work_order not in spans:
            continue
        start, end = spans[wo.work_order]
        if wo.due is not None and end > wo.due:
            minutes = minutes_between(wo.due, end)
            tardiness += wo.weight * minutes
            late.append(LateWorkOrder(wo.work_order, wo.item, wo.due, end, minutes))
        if wo.material_ready is None or wo.material_ready > start:
            uncovered.append(wo.work_order)
            # Line time at risk: the part of the WO that runs before its components arrive.
            covered_from = end if wo.material_ready is None else min(end, wo.material_ready)
            risk_minutes += minutes_between(start, covered_from)
    families = {wo.work_order: wo.family for wo in wos}
    order = sorted(spans, key=lambda w: spans[w][0])
    seq = ([setup.initial_family] if setup.initial_family else []) + [families[w] for w in order]
    changes = [(a, b) for a, b in zip(seq, seq[1:], strict=False) if a != b]
    minutes = sum(setup.changeover_minutes.get(c, 0) for c in changes)
    return PlanKpis(
        tardiness, len(changes), minutes, round(risk_minutes / 60, 2), tuple(late), tuple(uncovered)
    )


def _why(wo: PlannedWorkOrder, old: datetime, new: datetime, material_moves: list[str]) -> str:
    delta = minutes_between(old, new)
    shift = f"{abs(delta) // 60}h{abs(delta) % 60:02d}"
    what = ", ".join(wo.short_components) or "its components"
    if delta > 0 and wo.material_ready is not None and old < wo.material_ready <= new:
        return (
            f"later by {shift}: {what} covered only from {_fmt(wo.material_ready)}; "
            f"at {_fmt(old)} it would start uncovered"
        )
    if delta < 0:
        freed = f" freed by {', '.join(material_moves[:3])}" if material_moves else ""
        return f"earlier by {shift}: pulled into line time{freed} (it is covered then)"
    return f"later by {shift}: makes room for WOs that are due earlier or now covered"


def build_line_problem(
    setup: LineSetup,
    wos: Sequence[PlannedWorkOrder],
    clock: Clock,
    horizon: int,
    frozen: int,
    weights: Weights,
) -> Problem:
    wc = WorkCentre(
        setup.line,
        windows=tuple((clock.minutes(s), clock.minutes(e)) for s, e in setup.windows),
        downtime=tuple((clock.minutes(s), clock.minutes(e)) for s, e in setup.downtime),
        changeovers=dict(setup.changeover_minutes),
        initial_family=setup.initial_family,
    )
    jobs = []
    for wo in wos:
        duration = clock.minutes(wo.end) - clock.minutes(wo.start)
        if duration < 0:
            raise SchedulingInputError(f"{wo.work_order} ends before it starts")
        release = None if wo.material_ready is None else max(0, clock.minutes(wo.material_ready))
        why = f"{', '.join(wo.short_components) or 'components'} covered " + (
            "never in known supply"
            if wo.material_ready is None
            else f"from {_fmt(wo.material_ready)}"
        )
        jobs.append(
            Job(
                wo.work_order,
                (Operation(setup.line, duration, planned_start=clock.minutes(wo.start)),),
                family=wo.family,
                item=wo.item,
                release=release,
                due=None if wo.due is None else clock.minutes(wo.due),
                weight=wo.weight,
                why_release=why,
            )
        )
    # Long lines: let a WO follow only nearby WOs of the current order, to keep CP-SAT small.
    span = None if len(jobs) <= 150 else 60
    return Problem(jobs, [wc], horizon, frozen_until=frozen, weights=weights, max_arc_span=span)


def _local(wo: PlannedWorkOrder, tz: tzinfo) -> PlannedWorkOrder:
    return replace(
        wo,
        start=wo.start.astimezone(tz),
        end=wo.end.astimezone(tz),
        due=None if wo.due is None else wo.due.astimezone(tz),
        material_ready=None if wo.material_ready is None else wo.material_ready.astimezone(tz),
    )


def resequence_line(
    setup: LineSetup,
    work_orders: Sequence[PlannedWorkOrder],
    *,
    as_of: datetime,
    horizon: timedelta = timedelta(days=14),
    frozen: timedelta = timedelta(hours=8),
    time_limit: float = 10.0,
    workers: int = 2,
    weights: Weights | None = None,
    listener: SolutionListener | None = None,
    spill: timedelta = timedelta(days=7),
) -> ResequenceResult:
    """Propose a new sequence for one line that never starts a WO before its material.

    WOs planned to start inside the horizon may move, also up to `spill` past its end (they are
    then reported late); WOs planned after the horizon keep their line time.
    """
    clock = Clock(as_of)
    end_of_horizon = as_of + horizon
    # Every time in the answer is in the as-of time zone (the plant's), whatever came in.
    work_orders = [_local(wo, clock.tz) for wo in work_orders]
    # WOs already finished or planned past the horizon are not ours to move.
    wos = [wo for wo in work_orders if wo.end > as_of and wo.start < end_of_horizon]
    if len({wo.work_order for wo in wos}) != len(wos):
        raise SchedulingInputError("duplicate work orders in the line plan")
    later = [(wo.start, wo.end) for wo in work_orders if wo.start >= end_of_horizon]
    setup = replace(setup, downtime=[*setup.downtime, *later])
    problem = build_line_problem(
        setup,
        wos,
        clock,
        clock.minutes(end_of_horizon + spill),
        clock.minutes(as_of + frozen),
        weights or Weights(),
    )
    hint = dispatch(problem, Rule.PLAN)
    solution = solve(problem, time_limit=time_limit, workers=workers, hint=hint, listener=listener)

    by_wo = {wo.work_order: wo for wo in wos}
    old_spans = {wo.work_order: (wo.start, wo.end) for wo in wos}
    new_spans = {op.job: (clock.at(op.start), clock.at(op.end)) for op in solution.operations}
    plan = [PlanEntry(op.job, by_wo[op.job].item, *new_spans[op.job]) for op in solution.operations]
    shifted = [
        wo
        for wo in wos
        if wo.work_order in new_spans
        and minutes_between(wo.start, new_spans[wo.work_order][0]) != 0
    ]
    material_moves = [
        wo.work_order
        for wo in shifted
        if wo.material_ready is not None and wo.start < wo.material_ready
    ]
    moved = [
        MovedWorkOrder(
            wo.work_order,
            wo.item,
            wo.start,
            new_spans[wo.work_order][0],
            minutes_between(wo.start, new_spans[wo.work_order][0]),
            _why(wo, wo.start, new_spans[wo.work_order][0], material_moves),
        )
        for wo in sorted(shifted, key=lambda w: new_spans[w.work_order][0])
    ]
    return ResequenceResult(
        line=setup.line,
        status=solution.status,
        plan=plan,
        moved=moved,
        before=_kpis(wos, old_spans, setup),
        after=_kpis(wos, new_spans, setup),
        unschedulable=[
            UnplacedWorkOrder(u.job, by_wo[u.job].item, u.reason) for u in solution.unschedulable
        ],
        warnings=solution.warnings,
        objective=solution.objective,
        bound=solution.bound,
        gap=solution.gap,
        seconds=solution.seconds,
    )
