"""Line resequencing: current plan in, proposed plan with diff, KPI deltas and reasons out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from domain.scheduling.dispatch import Rule, dispatch
from domain.scheduling.frozen import LineFrozenHours, frozen_horizon
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
    """A WO the proposal cannot place: it keeps its current slot and the reason says why."""

    work_order: str
    item: str
    reason: str
    stays_at: datetime | None = None
    material_ready: datetime | None = None
    due: datetime | None = None
    # If it ran from the moment its material is covered: the least it would be late.
    min_lateness_minutes: int | None = None


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
    # How the plan was checked against the material projection of the plan itself.
    material_check: dict[str, Any] = field(default_factory=dict)
    # What each WO of the current plan is short of (its components not covered at its start).
    short_before: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def gaps_closed(self) -> list[dict[str, Any]]:
        """The components whose gap the plan closes: what each WO it makes clear-to-build was
        short of in the current plan, with those WOs, item by item."""
        by_item: dict[str, list[str]] = {}
        for wo in self.made_clear_to_build:
            for item in self.short_before.get(wo, ()):
                by_item.setdefault(item, []).append(wo)
        return [{"item": item, "work_orders": wos} for item, wos in by_item.items()]

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
        delta["uncovered_work_orders"] = len(self.after.uncovered) - len(self.before.uncovered)
        made = self.made_clear_to_build
        delta["made_clear_to_build"] = len(made)
        return {
            "before": before,
            "after": after,
            "delta": delta,
            "made_clear_to_build": made,
            "gaps_closed": self.gaps_closed,
            "summary": self.summary(),
            # The same lines without the late WOs, for an answer that lists those itself.
            "summary_without_late": self.summary(name_late=False),
        }

    def summary(self, *, name_late: bool = True) -> list[str]:
        """One line per KPI delta, in the objective's order, for people and proposals."""
        b, a = self.before, self.after
        late = ", ".join(f"{x.work_order} by {_hours(x.lateness_minutes)}" for x in a.late)
        late = late if name_late else ""
        lines = [
            f"WOs starting without material: {len(b.uncovered)} → {len(a.uncovered)}; "
            f"{len(self.made_clear_to_build)} made clear-to-build",
            f"line hours at risk from shortages: {b.line_hours_at_risk:g} → "
            f"{a.line_hours_at_risk:g}",
            f"weighted tardiness: {_hours(b.weighted_tardiness_minutes)} → "
            f"{_hours(a.weighted_tardiness_minutes)}; late WOs {len(b.late)} → {len(a.late)}"
            + (f" ({late})" if late else ""),
            f"changeovers: {b.changeovers} ({b.changeover_minutes} min) → {a.changeovers} "
            f"({a.changeover_minutes} min)",
            f"WOs moved: {len(self.moved)}",
        ]
        if self.unschedulable:
            lines.append(
                f"not placed (keep their slot): {len(self.unschedulable)}: "
                + ", ".join(u.work_order for u in self.unschedulable)
            )
        return lines

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
                "material_check": self.material_check,
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


def _hours(minutes: int) -> str:
    sign = "-" if minutes < 0 else ""
    return f"{sign}{abs(minutes) // 60}h{abs(minutes) % 60:02d}"


def plan_kpis(
    wos: Sequence[PlannedWorkOrder], spans: Mapping[str, Span], setup: LineSetup
) -> PlanKpis:
    """Tardiness, changeovers and material cover of a plan (WOs not in `spans` are skipped)."""
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


def _sequence(spans: Mapping[str, Span]) -> list[str]:
    return sorted(spans, key=lambda w: (spans[w][0], w))


def _neighbours(order: Sequence[str], wo: str) -> tuple[str | None, str | None]:
    k = order.index(wo)
    return (order[k - 1] if k else None, order[k + 1] if k + 1 < len(order) else None)


class _Explainer:
    """One-line reasons for each moved WO, naming the actual cause (material, slot, changeover)."""

    def __init__(
        self,
        wos: Mapping[str, PlannedWorkOrder],
        old: Mapping[str, Span],
        new: Mapping[str, Span],
        setup: LineSetup,
    ) -> None:
        self.wos, self.old, self.new, self.setup = wos, old, new, setup
        self.old_order, self.new_order = _sequence(old), _sequence(new)

    def _changeover(self, a: str | None, b: str | None) -> int:
        fa = self.setup.initial_family if a is None else self.wos[a].family
        if fa is None or b is None:
            return 0
        fb = self.wos[b].family
        return 0 if fa == fb else self.setup.changeover_minutes.get((fa, fb), 0)

    def _around(self, order: Sequence[str], wo: str) -> int:
        before, after = _neighbours(order, wo)
        return self._changeover(before, wo) + (self._changeover(wo, after) if after else 0)

    def changeover_saved(self, wo: str) -> tuple[int, str | None]:
        """Changeover minutes saved next to this WO, and the same-model WO it now runs beside."""
        saved = self._around(self.old_order, wo) - self._around(self.new_order, wo)
        before, after = _neighbours(self.new_order, wo)
        family = self.wos[wo].family
        mate = next((n for n in (before, after) if n and self.wos[n].family == family), None)
        return saved, mate

    def waits_for_material(self, wo: str) -> bool:
        w = self.wos[wo]
        start = self.new[wo][0] if wo in self.new else None
        return (
            w.material_ready is not None
            and w.start < w.material_ready
            and (start is None or start >= w.material_ready)
        )

    def _material(self, wo: str) -> str:
        w = self.wos[wo]
        what = ", ".join(w.short_components) or "its components"
        ready = (
            "never in known supply"
            if w.material_ready is None
            else (f"covered from {_fmt(w.material_ready)}")
        )
        return f"waits for {what} ({ready})"

    def _short_cause(self, wo: str) -> str:
        if self.waits_for_material(wo):
            w = self.wos[wo]
            what = ", ".join(w.short_components) or "its components"
            until = "" if w.material_ready is None else f" until {_fmt(w.material_ready)}"
            return f"waits for {what}{until}"
        if wo not in self.new:
            return "not placed"
        w = self.wos[wo]
        return "moved later" if self.new[wo][0] > w.start else "moved earlier"

    def freed_by(self, wo: str) -> list[str]:
        """WOs that moved later (or out) from the line time this WO now uses or jumps over."""
        new_start, new_end = self.new[wo]
        old_start = self.old[wo][0]
        found = []
        for other in self.old_order:
            if other == wo:
                continue
            s, e = self.old[other]
            left = other not in self.new or self.new[other][0] > s
            if left and s < max(new_end, old_start) and e > new_start:
                found.append(other)
        # Material-delayed WOs first: they are why the line time is free.
        found.sort(
            key=lambda o: (
                not self.waits_for_material(o),
                abs(minutes_between(self.old[o][0], new_start)),
            )
        )
        return found[:2]

    def taker(self, wo: str) -> str | None:
        """The WO that now runs where this one was planned."""
        s, e = self.old[wo]
        takers = [
            o for o in self.new_order if o != wo and self.new[o][0] < e and self.new[o][1] > s
        ]
        return takers[0] if takers else None

    def why(self, wo: str) -> str:
        w = self.wos[wo]
        new_start = self.new[wo][0]
        delta = minutes_between(w.start, new_start)
        saved, mate = self.changeover_saved(wo)
        one = saved in self.setup.changeover_minutes.values()
        amount = f"a {saved}-min changeover" if one else f"{saved} min of changeovers"
        grouped = (
            f"grouped with {mate} to save {amount}"
            if saved > 0 and mate
            else f"saves {amount}"
            if saved > 0
            else ""
        )
        if delta > 0 and self.waits_for_material(wo):
            return self._material(wo)
        if delta > 0 and w.material_ready is not None and w.material_ready > w.start:
            # Covered only later than planned, and other WOs also needed the line first.
            return self._material(wo) + f"; starts {_fmt(new_start)}, the first free line time"
        if delta < 0:
            freed = self.freed_by(wo)
            if freed:
                text = "moved ahead into the slot freed by " + ", ".join(
                    f"{f} ({self._short_cause(f)})" for f in freed
                )
                return text + (f"; {grouped}" if grouped else "")
            return grouped or "moved ahead into free line time before its old slot"
        taker = self.taker(wo)
        t = self.wos[taker] if taker else None
        if t is not None and t.due is not None and w.due is not None and t.due < w.due:
            reason = f"its slot goes to {taker}, due earlier ({_fmt(t.due)})"
            if self.waits_for_material(taker or ""):
                reason += f", which {self._short_cause(taker or '')}"
            return reason + (f"; {grouped}" if grouped else "")
        if grouped:
            return grouped
        if taker is not None:
            return f"its slot goes to {taker} ({self._short_cause(taker)})"
        return "later: its line time goes to WOs that are due earlier or now covered"


def build_line_problem(
    setup: LineSetup,
    wos: Sequence[PlannedWorkOrder],
    clock: Clock,
    horizon: int,
    frozen: int,
    weights: Weights,
    *,
    fixed: Sequence[PlannedWorkOrder] = (),
    keep_short_slots: bool = False,
) -> Problem:
    """The line as a Problem: `wos` may move (or keep their slot); `fixed` WOs never move."""
    wc = WorkCentre(
        setup.line,
        windows=tuple((clock.minutes(s), clock.minutes(e)) for s, e in setup.windows),
        downtime=tuple((clock.minutes(s), clock.minutes(e)) for s, e in setup.downtime),
        changeovers=dict(setup.changeover_minutes),
        initial_family=setup.initial_family,
    )
    jobs = []
    fixed_ids = {wo.work_order for wo in fixed}
    for wo in [*wos, *fixed]:
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
                fixed=wo.work_order in fixed_ids,
                # A WO that cannot be placed stays where the ERP has it, and others go around.
                keep_slot=wo.work_order not in fixed_ids,
            )
        )
    # Long lines: let a WO follow only nearby WOs of the current order, to keep CP-SAT small.
    span = None if len(jobs) <= 150 else 60
    return Problem(
        jobs,
        [wc],
        horizon,
        frozen_until=frozen,
        weights=weights,
        max_arc_span=span,
        keep_short_slots=keep_short_slots,
    )


def in_zone(wo: PlannedWorkOrder, tz: tzinfo) -> PlannedWorkOrder:
    """The WO with every time in `tz` (the plant's zone), so answers read in local time."""
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
    then reported late); WOs planned after the horizon keep their line time. A WO that cannot be
    placed after its material keeps its current slot (reported unplaced, with the reason), and
    the plan is built around those slots, changeovers included: the line is never double-booked.
    """
    clock = Clock(as_of)
    end_of_horizon = as_of + horizon
    # Every time in the answer is in the as-of time zone (the plant's), whatever came in.
    work_orders = [in_zone(wo, clock.tz) for wo in work_orders]
    # WOs already finished or planned past the horizon are not ours to move.
    wos = [wo for wo in work_orders if wo.end > as_of and wo.start < end_of_horizon]
    if len({wo.work_order for wo in wos}) != len(wos):
        raise SchedulingInputError("duplicate work orders in the line plan")
    by_wo = {wo.work_order: wo for wo in wos}
    old_spans = {wo.work_order: (wo.start, wo.end) for wo in wos}
    spill_end = end_of_horizon + spill
    # WOs planned after the horizon take their line time as fixed WOs (changeovers count).
    in_spill = [wo for wo in work_orders if end_of_horizon <= wo.start < spill_end]
    beyond = [(wo.start, wo.end) for wo in work_orders if wo.start >= spill_end]

    hours = LineFrozenHours(setup.line, frozen / timedelta(hours=1))
    frozen_until = frozen_horizon(hours, as_of).until

    def problem_for(keep_short_slots: bool) -> Problem:
        return build_line_problem(
            replace(setup, downtime=[*setup.downtime, *beyond]),
            wos,
            clock,
            clock.minutes(spill_end),
            clock.minutes(frozen_until),
            weights or Weights(),
            fixed=in_spill,
            keep_short_slots=keep_short_slots,
        )

    # First every placed WO starts after its material; WOs that fit nowhere keep their slot.
    problem = problem_for(False)
    hint = dispatch(problem, Rule.PLAN)
    solution = solve(problem, time_limit=time_limit, workers=workers, hint=hint, listener=listener)
    warnings: list[str] = []
    if solution.status == "INFEASIBLE":
        # Kept slots leave no room for some WO that waits for material: it keeps its slot too.
        problem = problem_for(True)
        hint = dispatch(problem, Rule.PLAN)
        left = max(1.0, time_limit - solution.seconds)
        solution = solve(problem, time_limit=left, workers=workers, hint=hint)
        if solution.kept:
            warnings.append(
                "no free line time after their material for "
                + ", ".join(sorted(k.job for k in solution.kept if k.job in by_wo))
                + " without running over WOs that keep their slots: the least number of WOs "
                "stay where they are, before their material"
            )
    unplaced = {u.job: u.reason for u in [*solution.unschedulable, *solution.kept]}
    if solution.kept:
        warnings.append(
            "WOs not placed keep their current slots (as the ERP has them) and every placed WO "
            "is planned around them, changeovers included, so no slot of the line is "
            "double-booked; replan them once their material is confirmed"
        )
    solution.warnings.extend(warnings)

    new_spans = {op.job: (clock.at(op.start), clock.at(op.end)) for op in solution.operations}
    plan = [PlanEntry(op.job, by_wo[op.job].item, *new_spans[op.job]) for op in solution.operations]
    # The line as it would be if approved: placed WOs at their new time, the rest where they are.
    after_spans = {**{u: old_spans[u] for u in unplaced}, **new_spans}
    explain = _Explainer(by_wo, old_spans, after_spans, setup)
    shifted = [
        wo
        for wo in wos
        if wo.work_order in new_spans
        and minutes_between(wo.start, new_spans[wo.work_order][0]) != 0
    ]
    moved = [
        MovedWorkOrder(
            wo.work_order,
            wo.item,
            wo.start,
            new_spans[wo.work_order][0],
            minutes_between(wo.start, new_spans[wo.work_order][0]),
            explain.why(wo.work_order),
        )
        for wo in sorted(shifted, key=lambda w: new_spans[w.work_order][0])
    ]
    feasible = solution.status in ("OPTIMAL", "FEASIBLE")
    return ResequenceResult(
        line=setup.line,
        status=solution.status,
        plan=plan,
        moved=moved,
        before=plan_kpis(wos, old_spans, setup),
        after=plan_kpis(wos, after_spans if feasible else old_spans, setup),
        unschedulable=[
            _unplaced(by_wo[wo], reason, setup.line, end_of_horizon, spill_end)
            for wo, reason in sorted(unplaced.items(), key=lambda kv: by_wo[kv[0]].start)
        ],
        warnings=solution.warnings,
        objective=solution.objective,
        bound=solution.bound,
        gap=solution.gap,
        seconds=solution.seconds,
    )


def _unplaced(
    wo: PlannedWorkOrder, reason: str, line: str, horizon_end: datetime, spill_end: datetime
) -> UnplacedWorkOrder:
    """Why a WO cannot be placed, in the plant's words, and the least it would be late."""
    what = ", ".join(wo.short_components) or "its components"
    duration = minutes_between(wo.start, wo.end)
    ready = wo.material_ready
    if ready is None:
        text = f"waits for {what} (not covered by any known supply)"
    elif ready > wo.start:
        text = f"waits for {what} (covered from {_fmt(ready)})"
        if ready + timedelta(minutes=duration) > spill_end:
            text += f", too late to finish by {_fmt(spill_end)}"
        else:
            text += (
                f"; {line} has no free line time from then to {_fmt(spill_end)}: the horizon "
                f"ends {_fmt(horizon_end)}, and WOs planned after it and WOs not placed keep "
                "their slots, which nothing is planned over"
            )
    else:
        text = reason
    text += (
        f". It keeps its slot {_fmt(wo.start)} and would start short there: lengthen the "
        f"horizon or expedite {what}"
        if ready is None or ready > wo.start
        else f". It keeps its slot {_fmt(wo.start)}"
    )
    late = None
    if ready is not None and wo.due is not None:
        late = max(0, minutes_between(wo.due, max(ready, wo.start) + timedelta(minutes=duration)))
    return UnplacedWorkOrder(wo.work_order, wo.item, text, wo.start, ready, wo.due, late)
