"""Reads a line's plan, calendar, changeovers and material-ready times for the rescheduler."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from domain.clock import as_of as clock_as_of
from domain.models import ChangeoverRule, Downtime, Item, Line, Plant, Shift, WorkCentre, WorkOrder
from domain.planning.clear_to_build import clear_to_build, material_ready_times
from domain.planning.policy import SupplyPolicy, parse_horizon
from domain.planning.projection import project
from domain.planning.repository import load_projection_input
from domain.scheduling.model import SchedulingInputError
from domain.scheduling.resequence import (
    LineSetup,
    PlannedWorkOrder,
    ResequenceResult,
    Span,
    resequence_line,
)

OPEN_STATUSES = ("released", "started")
# WOs may be pushed this far past the horizon; the projection looks a week further still.
SPILL = timedelta(days=7)
PROJECTION_MARGIN = timedelta(days=14)


@dataclass(frozen=True)
class LinePlan:
    """Everything resequence_line needs for one line, read from one set of queries."""

    setup: LineSetup
    work_orders: list[PlannedWorkOrder]
    as_of: datetime
    horizon: timedelta
    frozen: timedelta
    plant: str


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
    end = start + span + SPILL
    with Session(engine) as s:
        line_row = s.get(Line, line)
        if line_row is None:
            known = ", ".join(s.exec(select(Line.code).order_by(Line.code)).all())
            raise SchedulingInputError(f"unknown line {line!r}; known lines: {known or 'none'}")
        plant = s.get(Plant, line_row.plant_code)
        tz = ZoneInfo(plant.timezone if plant else "UTC")
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
    start = start.astimezone(tz)
    if not shifts:
        raise SchedulingInputError(f"line {line} has no shifts: nothing can be scheduled")

    data = load_projection_input(engine, line_row.plant_code, start, span + PROJECTION_MARGIN)
    projection = project(data, policy or SupplyPolicy())
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
        setup, planned, start, span, timedelta(hours=line_row.frozen_hours), line_row.plant_code
    )


def resequence_line_from_db(
    engine: Engine,
    line: str,
    horizon: timedelta | str = timedelta(days=14),
    *,
    time_limit: float = 10.0,
    workers: int = 2,
    policy: SupplyPolicy | None = None,
    start: datetime | None = None,
) -> ResequenceResult:
    """Load the line and propose a material-feasible resequence (nothing is written)."""
    plan = load_line_plan(engine, line, horizon, start=start, policy=policy)
    return resequence_line(
        plan.setup,
        plan.work_orders,
        as_of=plan.as_of,
        horizon=plan.horizon,
        frozen=plan.frozen,
        time_limit=time_limit,
        workers=workers,
    )
