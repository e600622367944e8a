"""Reads a line's plan, calendar, changeovers and material-ready times for the rescheduler."""

from __future__ import annotations

import time as timer
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from domain.clock import as_of as clock_as_of
from domain.models import ChangeoverRule, Downtime, Item, Line, Shift, WorkCentre, WorkOrder
from domain.planning.clear_to_build import clear_to_build, material_ready_times
from domain.planning.inputs import ProjectionInput, epoch
from domain.planning.policy import SupplyPolicy, parse_horizon
from domain.planning.projection import project
from domain.planning.repository import load_projection_input, plant_timezone
from domain.scheduling.frozen import FrozenHorizon, frozen_horizon
from domain.scheduling.model import SchedulingInputError
from domain.scheduling.resequence import (
    LineSetup,
    PlannedWorkOrder,
    ResequenceResult,
    Span,
    in_zone,
    plan_kpis,
    resequence_line,
)

OPEN_STATUSES = ("released", "started")
# WOs may be pushed this far past the horizon; the projection looks a week further still.
SPILL = timedelta(days=7)
PROJECTION_MARGIN = timedelta(days=14)
# Solve, re-project material on the proposed plan, re-solve if a WO would start short.
MAX_ROUNDS = 4


@dataclass(frozen=True)
class LinePlan:
    """Everything resequence_line needs for one line, read from one set of queries."""

    setup: LineSetup
    work_orders: list[PlannedWorkOrder]
    as_of: datetime
    horizon: timedelta
    frozen: FrozenHorizon
    plant: str
    projection_input: ProjectionInput
    policy: SupplyPolicy


def _merge(spans: list[Span]) -> list[Span]:
    """Back-to-back shifts (A 06-14, B 14-22) become one window so a WO may span the handover."""
    out: list[Span] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _windows(shifts: list[Shift], tz: ZoneInfo, start: datetime, end: datetime) -> list[Span]:
    spans: list[Span] = []
    day = start.astimezone(tz).date() - timedelta(days=1)
    while datetime.combine(day, time(), tz) < end:
        for sh in shifts:
            if sh.weekday == day.weekday():
                midnight = datetime.combine(day, time(), tz)
                # Wall-clock minutes of the day, so shifts stay at 06:00 across DST.
                s = midnight + timedelta(minutes=sh.start_minute)
                e = midnight + timedelta(minutes=sh.end_minute)
                spans.append((s, e))
        day += timedelta(days=1)
    return _merge(spans)


def _family_of(item: Item, rule_families: set[str]) -> str:
    """Changeover rules name programs (ORION/VEGA) or item families; use whichever matches."""
    for key in (item.program, item.family):
        if key and key in rule_families:
            return key
    return item.program or item.family or item.code


def load_line_plan(
    engine: Engine,
    line: str,
    horizon: timedelta | str = timedelta(days=14),
    *,
    start: datetime | None = None,
    policy: SupplyPolicy | None = None,
) -> LinePlan:
    """The line's open WOs in [start, start + horizon) with calendar, changeovers and material."""
    span = parse_horizon(horizon)
    start = start or clock_as_of(engine)
    policy = policy or SupplyPolicy()
    end = start + span + SPILL
    with Session(engine) as s:
        line_row = s.get(Line, line)
        if line_row is None:
            known = ", ".join(s.exec(select(Line.code).order_by(Line.code)).all())
            raise SchedulingInputError(f"unknown line {line!r}; known lines: {known or 'none'}")
        shifts = list(s.exec(select(Shift).where(Shift.line_code == line)).all())
        rules = list(s.exec(select(ChangeoverRule).where(ChangeoverRule.line_code == line)).all())
        centres = [w.code for w in s.exec(select(WorkCentre).where(WorkCentre.line_code == line))]
        downtime = list(
            s.exec(
                select(Downtime).where(
                    col(Downtime.work_centre_code).in_(centres),
                    Downtime.end_at > start,
                    Downtime.start_at < end,
                )
            ).all()
        )
        wos = list(
            s.exec(
                select(WorkOrder)
                .where(
                    WorkOrder.line_code == line,
                    col(WorkOrder.status).in_(OPEN_STATUSES),
                    WorkOrder.planned_end > start,
                    WorkOrder.planned_start < end,
                )
                .order_by(col(WorkOrder.planned_start), col(WorkOrder.sequence))
            ).all()
        )
        items = {
            i.code: i
            for i in s.exec(
                select(Item).where(col(Item.code).in_({w.item_code for w in wos}))
            ).all()
        }
        previous = s.exec(
            select(WorkOrder)
            .where(
                WorkOrder.line_code == line,
                WorkOrder.planned_start < start,
            )
            .order_by(col(WorkOrder.planned_start).desc())
        ).first()
        previous_item = s.get(Item, previous.item_code) if previous else None
    # Report in the plant's zone (the stored as-of carries only a fixed UTC offset).
    tz = ZoneInfo(plant_timezone(engine, line_row.plant_code))
    start = start.astimezone(tz)
    if not shifts:
        raise SchedulingInputError(f"line {line} has no shifts: nothing can be scheduled")

    data = load_projection_input(engine, line_row.plant_code, start, span + PROJECTION_MARGIN)
    projection = project(data, policy)
    ready = material_ready_times(projection)
    short = {
        c.work_order: tuple(sorted({x.item for x in c.short})) for c in clear_to_build(projection)
    }

    rule_families = {r.from_family for r in rules} | {r.to_family for r in rules}
    setup = LineSetup(
        line=line,
        windows=_windows(shifts, tz, start, end),  # to the end of the spill
        downtime=[(d.start_at, d.end_at) for d in downtime],
        changeover_minutes={(r.from_family, r.to_family): r.minutes for r in rules},
        initial_family=_family_of(previous_item, rule_families) if previous_item else None,
    )
    planned = [
        PlannedWorkOrder(
            work_order=w.id,
            item=w.item_code,
            family=_family_of(items[w.item_code], rule_families),
            start=w.planned_start,
            end=w.planned_end,
            due=w.due_at,
            material_ready=ready.get(w.id, start),
            short_components=short.get(w.id, ()),
        )
        for w in wos
    ]
    return LinePlan(
        setup,
        planned,
        start,
        span,
        frozen_horizon(line_row, start),
        line_row.plant_code,
        data,
        policy,
    )


def replanned(data: ProjectionInput, spans: dict[str, Span]) -> ProjectionInput:
    """The same projection input with some WOs at new times (draws follow, in the new order)."""
    start_s = data.start_s
    wos = [
        replace(w, start=spans[w.id][0], end=spans[w.id][1]) if w.id in spans else w
        for w in data.work_orders
    ]
    order = sorted(
        range(len(wos)),
        key=lambda k: (max(epoch(wos[k].start), start_s), wos[k].sequence, wos[k].id),
    )
    new_index = np.empty(len(wos), dtype=np.int32)
    new_index[order] = np.arange(len(wos), dtype=np.int32)
    demand_at = data.demand_at.copy()
    for k, w in enumerate(wos):
        if w.id in spans:
            demand_at[data.demand_wo == k] = max(epoch(w.start), start_s)
    demand_wo = new_index[data.demand_wo]
    rows = np.lexsort((data.demand_item, demand_wo))
    return replace(
        data,
        work_orders=tuple(wos[k] for k in order),
        demand_item=data.demand_item[rows],
        demand_at=demand_at[rows],
        demand_qty=data.demand_qty[rows],
        demand_wo=demand_wo[rows],
    )


@dataclass(frozen=True)
class MaterialCheck:
    """Material cover of a proposed plan, from the projection of that plan itself."""

    ready: dict[str, datetime | None]
    short: dict[str, tuple[str, ...]]
    uncovered: list[str]  # placed, movable WOs that would still start short


def check_material(plan: LinePlan, result: ResequenceResult) -> MaterialCheck:
    """Project the plant's material with the proposed plan and list WOs that start short."""
    spans = {p.work_order: (p.start, p.end) for p in result.plan}
    projection = project(replanned(plan.projection_input, spans), plan.policy)
    ctb = {c.work_order: c for c in clear_to_build(projection)}
    uncovered = [
        p.work_order
        for p in result.plan
        if not plan.frozen.covers(p.start) and p.work_order in ctb and not ctb[p.work_order].clear
    ]
    return MaterialCheck(
        material_ready_times(projection),
        {w: tuple(sorted({x.item for x in c.short})) for w, c in ctb.items()},
        uncovered,
    )


def _with_ready(
    wos: list[PlannedWorkOrder], check: MaterialCheck, only: set[str] | None = None
) -> list[PlannedWorkOrder]:
    out = []
    for w in wos:
        if w.work_order not in check.ready or (only is not None and w.work_order not in only):
            out.append(w)
            continue
        ready = check.ready[w.work_order]
        if only is not None and w.material_ready is not None and ready is not None:
            ready = max(ready, w.material_ready)  # tighten only: never re-open a shortage
        short = check.short.get(w.work_order) or w.short_components
        out.append(replace(w, material_ready=ready, short_components=short))
    return out


def resequence_line_from_db(
    engine: Engine,
    line: str,
    horizon: timedelta | str = timedelta(days=14),
    *,
    time_limit: float = 10.0,
    workers: int = 2,
    policy: SupplyPolicy | None = None,
    start: datetime | None = None,
    keep_until: datetime | None = None,
) -> ResequenceResult:
    """Load the line and propose a material-feasible resequence (nothing is written); nothing
    starting before the frozen horizon's end (or `keep_until`, when later) moves."""
    plan = load_line_plan(engine, line, horizon, start=start, policy=policy)
    kept = max(plan.frozen.until, keep_until) if keep_until else plan.frozen.until
    started = timer.perf_counter()
    wos = plan.work_orders
    best: tuple[ResequenceResult, MaterialCheck, list[PlannedWorkOrder]] | None = None
    last: tuple[ResequenceResult, MaterialCheck, list[PlannedWorkOrder]] | None = None
    rounds = 0
    # Release times come from the current plan; a new order shifts who draws shared parts
    # first, so each proposal is re-projected and solved again until it checks clean.
    while rounds < MAX_ROUNDS:
        rounds += 1
        left = time_limit - (timer.perf_counter() - started)
        result = resequence_line(
            plan.setup,
            wos,
            as_of=plan.as_of,
            horizon=plan.horizon,
            frozen=kept - plan.as_of,
            time_limit=max(left, 1.0),
            workers=workers,
        )
        if result.status not in ("OPTIMAL", "FEASIBLE"):
            if last is None:
                return result
            break
        check = check_material(plan, result)
        last = (result, check, wos)
        clean = not check.uncovered
        if clean and (best is None or (result.objective or 0) <= (best[0].objective or 0)):
            best = last
        nxt = _with_ready(wos, check) if clean else _with_ready(wos, check, set(check.uncovered))
        if nxt == wos or timer.perf_counter() - started >= time_limit:
            break
        wos = nxt
    assert last is not None
    result, check, _ = best or last
    # Before: the current plan and its material; after: the proposed plan's own projection.
    tz = plan.as_of.tzinfo or ZoneInfo("UTC")
    ids = {p.work_order for p in result.plan} | {u.work_order for u in result.unschedulable}
    current = [in_zone(w, tz) for w in plan.work_orders if w.work_order in ids]
    old = {w.work_order: (w.start, w.end) for w in current}
    new = {**old, **{p.work_order: (p.start, p.end) for p in result.plan}}
    result.short_before = {w.work_order: w.short_components for w in current if w.short_components}
    result.before = plan_kpis(current, old, plan.setup)
    result.after = plan_kpis(_with_ready(current, check), new, plan.setup)
    result.material_check = {
        "against": "material projection of the proposed plan (components consumed at WO start)",
        "rounds": rounds,
        "starts_short": check.uncovered,
        "clear_to_build": sum(1 for p in result.plan if p.work_order not in result.after.uncovered),
        "scheduled": len(result.plan),
    }
    result.seconds = timer.perf_counter() - started
    return result
