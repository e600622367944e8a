"""A plant's profile from its master data: lines, run rates, shift calendar, changeovers, the
usual work-order size of each item and what the plant makes; the answer to 'seat1 run rate and
wo size', 'how many shifts does lks run', 'what lines does saltillo have'."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field
from sqlalchemy import Engine

from domain.plant_profile import LineProfile, PlantProfile, line_directory, plant_directory
from domain.plant_profile import plant_profiles as read_profiles
from domain.uow import read_snapshot
from tools.result_data import (
    ChangeoverFact,
    LineProfileFact,
    MadeItemFact,
    PlantProfileFact,
    PlantProfiles,
    ShiftFact,
    WorkOrderSizeFact,
)
from tools.results import ToolError, ToolResult
from tools.scope import visible_plants
from tools.tool import Tool

if TYPE_CHECKING:
    from governance.context import Actor, CallContext


class PlantProfileArgs(BaseModel):
    plant: str | None = Field(
        default=None,
        description="Plant code (LKS, SAL, GYR) or name; default: every plant you may see.",
    )
    line: str | None = Field(
        default=None,
        description="Only this line, e.g. 'LKS-SEAT1' (or 'SEAT1'); its plant is implied.",
    )


def _plant_code(plant: str, known: dict[str, str]) -> str | None:
    """The plant a code or name means ('lks', 'Saltillo', 'Győr Electronics'), else None."""
    said = plant.strip().casefold()
    for code, name in known.items():
        if said in (code.casefold(), name.casefold(), name.split()[0].casefold()):
            return code
    return None


def _line_code(line: str, known: dict[str, str]) -> str | None:
    """The line a code means, with or without its plant ('LKS-SEAT1', 'seat1'), else None."""
    said = line.strip().upper().replace(" ", "")
    if said in known:
        return said
    ends = [code for code in known if code.split("-", 1)[-1] == said]
    return ends[0] if len(ends) == 1 else None


def _resolved(args: PlantProfileArgs, engine: Engine) -> tuple[str | None, str | None]:
    """(plant, line) as codes; an unknown plant or line, or a line of another plant, is a
    ToolError naming the known ones."""
    plants, lines = plant_directory(engine), line_directory(engine)
    plant = line = None
    if args.plant:
        plant = _plant_code(args.plant, plants)
        if plant is None:
            listed = ", ".join(f"{c} ({n})" for c, n in plants.items())
            raise ToolError(f"no plant {args.plant!r}; the plants are {listed}", "not_found")
    if args.line:
        line = _line_code(args.line, lines)
        if line is None:
            raise ToolError(f"no line {args.line!r}; the lines are {', '.join(lines)}", "not_found")
        if plant is not None and lines[line] != plant:
            raise ToolError(f"{line} is a line of {lines[line]}, not of {plant}")
        plant = lines[line]
    return plant, line


def _plants(args: PlantProfileArgs, actor: Actor, engine: Engine) -> list[str]:
    """The plant named (or the named line's), else every plant the actor sees; an unknown
    name touches no plant (the run says which names are known)."""
    try:
        plant, _ = _resolved(args, engine)
    except ToolError:
        return []
    return [plant] if plant else visible_plants(actor, engine)


def _subject(args: PlantProfileArgs) -> str | None:
    return args.line.upper() if args.line else None


def changeover_words(line: LineProfileFact) -> str:
    """'30 min between models (ORION→VEGA, VEGA→ORION)', 'none between models', or each rule."""
    rules = line.changeovers
    if not rules:
        return "no changeover rule"
    minutes = {r.minutes for r in rules}
    pairs = ", ".join(f"{r.from_family}→{r.to_family}" for r in rules)
    if minutes == {0}:
        return f"none between models ({pairs})"
    if len(minutes) == 1:
        return f"{minutes.pop()} min between models ({pairs})"
    return ", ".join(f"{r.from_family}→{r.to_family} {r.minutes} min" for r in rules)


def shift_words(line: LineProfileFact) -> str:
    """'A Mon–Fri 06:00–14:00, B Mon–Fri 14:00–22:00', or 'no shifts'."""
    if not line.shifts:
        return "no shifts"
    return ", ".join(f"{s.name} {s.days} {s.start}–{s.end}" for s in line.shifts)


def size_words(line: LineProfileFact) -> str:
    """'FS-ORN-H 210 (3.5 h), FS-VEG 210 (3.5 h)', or 'no work orders'."""
    if not line.work_order_sizes:
        return "no work orders"
    return ", ".join(f"{s.item} {s.qty:,.0f} ({s.hours:g} h)" for s in line.work_order_sizes)


def _line_fact(line: LineProfile) -> LineProfileFact:
    shifts = [
        ShiftFact(
            name=s.name,
            days=s.days,
            weekdays=list(s.weekdays),
            start=s.start,
            end=s.end,
            hours=s.hours,
        )  # fmt: skip
        for s in line.shifts
    ]
    return LineProfileFact(
        line=line.code, name=line.name, plant=line.plant, rate_per_hour=line.rate_per_hour,
        frozen_hours=line.frozen_hours, shifts=shifts,
        hours_per_week=sum(s.hours * len(s.weekdays) for s in shifts),
        changeovers=[ChangeoverFact(from_family=c.from_family, to_family=c.to_family,
                                    minutes=c.minutes) for c in line.changeovers],
        work_order_sizes=[
            WorkOrderSizeFact(item=s.item, description=s.description, qty=s.qty,
                              hours=round(s.qty / line.rate_per_hour, 2),
                              work_orders=s.work_orders, of_work_orders=s.of_work_orders)
            for s in line.sizes
        ],
    )  # fmt: skip


def _plant_fact(p: PlantProfile) -> PlantProfileFact:
    return PlantProfileFact(
        plant=p.code, name=p.name, timezone=p.timezone,
        lines=[_line_fact(line) for line in p.lines],
        makes=[MadeItemFact(item=code, description=d) for code, d in p.makes],
    )  # fmt: skip


def _summary(profiles: PlantProfiles) -> str:
    parts = []
    for p in profiles.plants:
        makes = ", ".join(f"{m.item} ({m.description})" for m in p.makes) or "nothing scheduled"
        lines = "; ".join(
            f"{ln.line} ({ln.name}): {ln.rate_per_hour:g}/h, shifts {shift_words(ln)} "
            f"({ln.hours_per_week:g} h a week), WO size {size_words(ln)}, changeover "
            f"{changeover_words(ln)}, frozen horizon {ln.frozen_hours:g} h"
            for ln in p.lines
        )
        parts.append(
            f"{p.plant} {p.name} ({p.timezone}) makes {makes}; "
            f"{len(p.lines)} line(s): {lines or 'none'}."
        )
    return " ".join(parts) or "No plant in your scope."


def _run(engine: Engine, ctx: CallContext, args: PlantProfileArgs) -> ToolResult:
    plant, line = _resolved(args, engine)
    plants = [plant] if plant else visible_plants(ctx.actor, engine)
    with read_snapshot(engine) as conn:  # lines, calendar and work orders in one state
        found = read_profiles(conn, plants, line)
    profiles = PlantProfiles(plants=[_plant_fact(p) for p in found], line=line)
    sources = [ln.line for p in profiles.plants for ln in p.lines]
    return ToolResult(
        ok=True,
        tool="plant_profile",
        data=profiles,
        summary=_summary(profiles),
        sources=[*(p.plant for p in profiles.plants), *sources],
        policy="master data of the plant's lines; shift times on the plant's clock; WO size: "
        "the most common quantity of the item's work orders on the line, run time = quantity "
        "/ rate",
    )


TOOLS = [
    Tool(
        name="plant_profile",
        kind="read",
        description=(
            "Master data of your plants (or the plant or line named): each plant's name and "
            "timezone, what it makes, and its lines with rate per hour, frozen horizon, shift "
            "calendar (shift names, weekdays, local start and end), changeover minutes between "
            "model families, and the usual work-order size of each item with its run time. Use "
            "it for 'seat1 run rate and wo size', 'how many shifts does LKS run', 'what's the "
            "changeover on SEAT1', 'what lines does Saltillo have', 'what does GYR make'."
        ),
        input_model=PlantProfileArgs,
        plants=_plants,
        run=_run,
        subject=_subject,
        result_model=PlantProfiles,
    ),
]
