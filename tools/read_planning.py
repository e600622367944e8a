"""Read tools over the material projection: shortages and clear-to-build, in plant local time."""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, BaseModel, Field
from sqlalchemy import Engine, text

from domain import master_data
from domain.clock import as_of
from domain.formatting import line_hours
from domain.planning.clear_to_build import ClearToBuild
from domain.planning.policy import ArrivalPart, SupplyPolicy, SupposedArrival
from domain.planning.repository import (
    clear_to_build,
    item_projection,
    plant_timezone,
    receipt_names,
    shortages_for_plant,
)
from domain.planning.shortages import Shortage
from domain.uow import read_snapshot
from tools.lookup import resolve_item
from tools.plant_time import local
from tools.result_data import (
    BalanceStep,
    ClearToBuildFact,
    ClearToBuildRows,
    MaterialBalance,
    ShortageFact,
    Shortages,
    SupplyPolicyFact,
)
from tools.results import ToolError, ToolResult, jsonable, listing
from tools.scope import home_plants, line_plant, visible_plants
from tools.tool import Tool

if TYPE_CHECKING:
    from governance.context import Actor, CallContext


class PolicyArgs(BaseModel):
    include_unconfirmed: bool = Field(
        default=False,
        description="Count PO quantities the supplier has not confirmed as supply (default no).",
    )
    include_held: bool = Field(
        default=False, description="Count stock on quality hold or blocked (default no)."
    )
    held_released_at: AwareDatetime | None = Field(
        default=None,
        description="What-if: count held stock from this time on, as if its quality hold were "
        "released then, e.g. '2026-03-03T12:00:00-05:00' (with its UTC offset); ignored when "
        "include_held is true.",
    )

    arrival_of: str | None = Field(
        default=None,
        pattern=r"^(?:[A-Za-z]{2,4}-\d+(?:/\d+)?)$",
        description="What-if: a PO ('PO-7795'), PO line ('PO-7781/1') or shipment ('ASN-55102') "
        "supposed to arrive at arrival_at instead of its own date; what it moves counts as "
        "supply then, confirmed or not.",
    )
    arrival_at: AwareDatetime | None = Field(
        default=None,
        description="When arrival_of is supposed to arrive, with its UTC offset, e.g. "
        "'2026-03-04T06:00:00-05:00'.",
    )
    arrival_part: ArrivalPart = Field(
        default="all",
        description="Which of its open quantity arrives then: all, only the unconfirmed "
        "quantity ('the 600 they haven't confirmed'), or only what is shipped (its ASNs).",
    )

    def policy(self, engine: Engine | None = None) -> SupplyPolicy:
        arrivals = _arrivals(engine, self) if engine is not None else ()
        return SupplyPolicy(
            self.include_unconfirmed, self.include_held, self.held_released_at, arrivals
        )


def _arrivals(engine: Engine, args: PolicyArgs) -> tuple[SupposedArrival, ...]:
    """The PO lines a supposed arrival names (a PO's open lines, one line, or an ASN's line)."""
    if (args.arrival_of is None) != (args.arrival_at is None):
        raise ToolError("give both arrival_of (a PO, PO line or ASN) and arrival_at (when)")
    if args.arrival_of is None or args.arrival_at is None:
        return ()
    ref = args.arrival_of.upper()
    asn = ref.startswith("ASN-")
    po, _, line_no = ref.partition("/")
    sql = (
        "SELECT l.id, l.po_number, l.line_no FROM po_line l JOIN shipment s ON s.po_line_id = l.id "
        "WHERE upper(s.asn_number) = :ref"
        if asn
        else "SELECT id, po_number, line_no FROM po_line WHERE upper(po_number) = :po"
        + (" AND line_no = :line" if line_no else "")
        + " AND status = 'open'"
    )
    with engine.connect() as conn:
        rows = conn.execute(text(sql), {"ref": ref, "po": po, "line": int(line_no or 0)}).all()
    if not rows:
        raise ToolError(f"no open PO line or shipment {args.arrival_of!r}; check arrival_of "
                        "(e.g. 'PO-7795', 'PO-7781/1', 'ASN-55102')", "not_found")  # fmt: skip
    part: ArrivalPart = "shipped" if asn and args.arrival_part == "all" else args.arrival_part
    label = (lambda r: f"{ref} ({r.po_number}/{r.line_no})") if asn else (
        lambda r: f"{r.po_number}/{r.line_no}")  # fmt: skip
    return tuple(SupposedArrival(int(r.id), part, args.arrival_at, label(r)) for r in rows)


class ShortagesArgs(PolicyArgs):
    plant: str | None = Field(
        default=None, description="Plant code (LKS, SAL, GYR); default: your own plant."
    )
    line: str | None = Field(
        default=None, description="Only shortages hitting this line, e.g. 'LKS-SEAT1'."
    )
    item: str | None = Field(default=None, description="Only this item (code or name).")
    horizon: str = Field(
        default="14d",
        pattern=r"^\s*\d+(\.\d+)?\s*[wdhmWDHM]\s*$",
        description="How far ahead: '7d', '36h', '2w' (default 14d).",
    )
    my_families: bool = Field(
        default=False,
        description="Only items of the families you work on (a buyer's 'which of those are "
        "mine?'); the others found are named as not yours.",
    )
    all_plants: bool = Field(
        default=False,
        description="Every plant you see ('across all 3 plants'), not only your own; "
        "ignored when plant or line is given.",
    )
    clock: str | None = Field(
        default=None,
        description="Plant code on whose clock to state the times ('in Budapest time' is "
        "'GYR'); default: each plant's own clock.",
    )


def _planning_plants(
    plant: str | None, line: str | None, actor: Actor, engine: Engine
) -> list[str]:
    if plant:
        return [plant.upper()]
    if line:
        found = line_plant(engine, line)
        return [found] if found else []
    return home_plants(actor, engine)


def _shortage_plants(args: ShortagesArgs, actor: Actor, engine: Engine) -> list[str]:
    if args.all_plants and not (args.plant or args.line):
        return visible_plants(actor, engine)
    return _planning_plants(args.plant, args.line, actor, engine)


def describe_shortage(s: Shortage, tz: str) -> str:
    """One line: item, first-short time and quantity, lines, WOs, line hours, recovery."""
    wos = ", ".join(s.work_orders[:4]) + (
        f" +{len(s.work_orders) - 4} more" if len(s.work_orders) > 4 else ""
    )
    text = (
        f"{s.item} first short {local(s.first_short_at, tz)}, {s.qty_short:,.0f} short, "
        f"hits {', '.join(s.lines)} ({wos}), {line_hours(s.line_hours_at_risk)} at risk"
    )
    if s.recovered_at is not None:
        text += f"; covered again {local(s.recovered_at, tz)}"
        if s.recovered_by:
            text += f" by {', '.join(s.recovered_by)}"
    else:
        text += "; not covered within the horizon"
        if s.covered_later_at is not None:
            text += f", covered again {local(s.covered_later_at, tz)}"
            if s.covered_later_by:
                text += f" by {', '.join(s.covered_later_by)}"
    return text


def _run_shortages(engine: Engine, ctx: CallContext, args: ShortagesArgs) -> ToolResult:
    item = resolve_item(engine, args.item).code if args.item else None
    plants = _shortage_plants(args, ctx.actor, engine)
    if not plants:
        raise ToolError(f"no line {args.line!r}; check line (e.g. 'LKS-SEAT1')")
    policy = args.policy(engine)
    data: list[ShortageFact] = []
    lines: list[str] = []
    sources: list[str] = []
    others: list[str] = []  # with my_families: the items found that are not the caller's
    with read_snapshot(engine) as conn:  # every plant's projection from one committed state
        shown = plant_timezone(conn, args.clock.upper()) if args.clock else None
        for plant in plants:
            tz = shown or plant_timezone(conn, plant)
            found = [
                s
                for s in shortages_for_plant(
                    conn, plant, args.horizon.strip(), policy, line=args.line
                )
                if item is None or s.item == item  # whole-plant projection: the line's plan order
            ]
            if args.my_families:  # a buyer's own: the items of the families they work on
                families = {
                    c: str(r.get("family") or "")
                    for c, r in master_data.item_rows(conn, [s.item for s in found]).items()
                }
                others += [f"{s.item} ({families.get(s.item) or 'no family'})" for s in found
                           if families.get(s.item) not in ctx.actor.item_families]  # fmt: skip
                found = [s for s in found if families.get(s.item) in ctx.actor.item_families]
            data += [ShortageFact.model_validate(s.as_dict(tz)) for s in found]
            lines += [f"{plant}: {describe_shortage(s, tz)}" for s in found]
            for s in found:
                sources += [s.item, *s.work_orders, *s.recovered_by]
    found_all = Shortages(data)
    scope = ", ".join(x for x in (args.line, item) if x) or ", ".join(plants)
    if shown:
        scope += f" (times on {args.clock.upper() if args.clock else ''}'s clock, {shown})"
    if args.my_families:
        scope += f" of your families ({', '.join(ctx.actor.item_families) or 'none'})"
    # Stated by the tool, so any model may cite it; each WO once, as the line-stop risk KPI.
    total = (
        f", {line_hours(found_all.line_hours_at_risk_total)} at risk in all"
        if len(data) > 1
        else ""
    )
    if others:  # "which of those are mine?": the rest found, named as not the caller's
        total += f" (not yours: {', '.join(others)})"
    said = (
        listing(f"{len(data)} shortage(s) in {scope} over {args.horizon.strip()}{total}", lines)
        if data
        else {"summary": f"No shortages in {scope} over {args.horizon.strip()}{total}."}
    )
    return ToolResult(
        ok=True,
        tool="shortages",
        data=found_all,
        **said,
        sources=list(dict.fromkeys(sources)),
        policy=policy.describe(),
    )


class ClearToBuildArgs(PolicyArgs):
    plant: str | None = Field(
        default=None, description="Plant code (LKS, SAL, GYR); default: your own plant."
    )
    line: str | None = Field(default=None, description="Only this line, e.g. 'LKS-SEAT1'.")
    date: Date | None = Field(
        default=None,
        description="Day to check, ISO 'YYYY-MM-DD' in plant local time; default: today "
        "(the as-of day). For 'tomorrow' pass the next day.",
    )


def _ctb_plants(args: ClearToBuildArgs, actor: Actor, engine: Engine) -> list[str]:
    return _planning_plants(args.plant, args.line, actor, engine)


def _clear_to_build_fact(c: ClearToBuild, tz: str) -> ClearToBuildFact:
    fields = {k: v for k, v in jsonable(c).items() if k != "policy"}  # stated once, as policy
    return ClearToBuildFact.model_validate(
        fields
        | {"start_local": local(c.start, tz), "start_at_plant": c.start.astimezone(ZoneInfo(tz))}
    )


def _clear_to_build_line(plant: str, day: Date, rows: list[ClearToBuild], tz: str) -> str:
    blocked = [c for c in rows if not c.clear]
    text = f"{plant} {day:%a %Y-%m-%d}: {len(rows) - len(blocked)} of {len(rows)} WOs clear"
    if blocked:
        text += "; not clear: " + ", ".join(
            f"{c.work_order} {local(c.start, tz)[-5:]} ("
            + ", ".join(f"{s.item} {s.qty_short:,.0f} short" for s in c.short)
            + ")"
            for c in blocked
        )
    return text


def _run_clear_to_build(engine: Engine, ctx: CallContext, args: ClearToBuildArgs) -> ToolResult:
    plants = _ctb_plants(args, ctx.actor, engine)
    if not plants:
        raise ToolError(f"no line {args.line!r}; check line (e.g. 'LKS-SEAT1')")
    policy = args.policy(engine)
    data: list[ClearToBuildFact] = []
    lines: list[str] = []
    with read_snapshot(engine) as conn:  # the as-of time and every plant's WOs from one state
        now = as_of(conn)
        for plant in plants:
            tz = ZoneInfo(plant_timezone(conn, plant))
            day = args.date or now.astimezone(tz).date()
            end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
            if end <= now:
                raise ToolError(
                    f"date {day.isoformat()} is in the past (as of {local(now, str(tz))})"
                )
            # Project from now, so every draw before the day is counted, then keep the day's WOs.
            rows = [
                c
                for c in clear_to_build(conn, plant, end - now, policy, line=args.line, start=now)
                if c.start.astimezone(tz).date() == day
            ]
            data += [_clear_to_build_fact(c, str(tz)) for c in rows]
            lines.append(_clear_to_build_line(plant, day, rows, str(tz)))
    return ToolResult(
        ok=True,
        tool="clear_to_build",
        data=ClearToBuildRows(data),
        **listing("", lines),  # one point per plant
        sources=[row.work_order for row in data],
        policy=policy.describe(),
    )


class MaterialBalanceArgs(PolicyArgs):
    item: str = Field(description="The item (code or name) whose projection to walk.")
    plant: str | None = Field(
        default=None, description="Plant code (LKS, SAL, GYR); default: your own plant."
    )
    horizon: str = Field(
        default="7d",
        pattern=r"^\s*\d+(\.\d+)?\s*[wdhmWDHM]\s*$",
        description="How far ahead: '7d' (default), '36h', '2w'.",
    )


STEPS_PAST_SHORT = 3  # the walk goes on a little past the first short: how it deepens


def _run_material_balance(
    engine: Engine, ctx: CallContext, args: MaterialBalanceArgs
) -> ToolResult:
    item = resolve_item(engine, args.item).code
    plant = (args.plant or home_plants(ctx.actor, engine)[0]).upper()
    policy = args.policy(engine)
    with read_snapshot(engine) as conn:  # the projection and the receipts' names from one state
        tz = plant_timezone(conn, plant)
        walk = item_projection(conn, plant, item, args.horizon.strip(), policy)
        names = receipt_names(conn, [int(e.ref.split(":")[1]) for e in walk.events
                                     if e.ref.startswith("po_line:")])  # fmt: skip
        start = local(as_of(conn), tz)
    first = next((i for i, e in enumerate(walk.events) if e.balance < 0), None)
    shown = walk.events if first is None else walk.events[: first + 1 + STEPS_PAST_SHORT]
    steps = [
        BalanceStep(
            at=e.at, at_local=local(e.at, tz), kind="receipt" if e.kind == "receipt" else
            "consumption", qty=e.qty, balance=e.balance, supply_kind=e.supply_kind,
            ref=names.get(int(e.ref.split(":")[1]), e.ref) if e.ref.startswith("po_line:")
            else e.ref,
        )
        for e in shown
    ]  # fmt: skip
    short = walk.events[first] if first is not None else None
    data = MaterialBalance(
        item=item, plant=plant, start_local=start, opening_available=walk.opening, held=walk.held,
        steps=steps, more_steps=len(walk.events) - len(shown),
        first_short_at=short.at if short else None,
        first_short_qty=-short.balance if short else None,
        policy=SupplyPolicyFact.model_validate(policy.as_dict()),
    )  # fmt: skip
    held = f" ({walk.held:,.0f} held, not counted)" if walk.held and not policy.include_held else ""
    head = f"{item} at {plant}: {walk.opening:,.0f} available at {start}{held}"
    points = [
        f"{s.at_local} {s.ref} {'+' if s.kind == 'receipt' else '−'}{s.qty:,.0f}"
        + (f" {s.supply_kind}" if s.supply_kind else "")
        + " → "
        f"{s.balance:,.0f}" + (f" ({-s.balance:,.0f} short)" if s.balance < 0 else "")
        for s in steps
    ]
    if short is not None and first is not None:  # the draw that goes below zero, by its WO
        head += (
            f"; first short {local(short.at, tz)}, {-short.balance:,.0f} short ({steps[first].ref})"
        )
    else:
        head += f"; not short within {args.horizon.strip()}"
    if data.more_steps:
        points.append(f"… {data.more_steps} more step(s) within {args.horizon.strip()}")
    return ToolResult(
        ok=True,
        tool="material_balance",
        data=data,
        **listing(head, points),
        sources=[item, *dict.fromkeys(s.ref for s in steps)],
        policy=policy.describe(),
    )


TOOLS = [
    Tool(
        name="material_balance",
        kind="read",
        description=(
            "The projection walked for one item: stock available at the as-of time, then each "
            "receipt and each work order's draw in time order with the balance after it, up to "
            "a little past the first short. Use it to show the arithmetic behind a shortage "
            "('why only 30 short?', 'how is 620 on hand + 400 coming short on Wednesday?'). "
            "Same supply policy defaults as shortages."
        ),
        input_model=MaterialBalanceArgs,
        plants=lambda a, actor, engine: (
            [a.plant.upper()] if a.plant else home_plants(actor, engine)
        ),
        run=_run_material_balance,
        result_model=MaterialBalance,
    ),
    Tool(
        name="shortages",
        kind="read",
        description=(
            "Material shortages from the time-phased projection: for each short item, the first "
            "time projected available goes below zero, the quantity short, the work orders and "
            "customer orders it hits, the line hours at risk and when (and by which receipt) it "
            "is covered again. Defaults: your plant, 14 days, unconfirmed supply and held stock "
            "NOT counted, components consumed at WO start. Use it for 'what will stop my lines "
            "this week?' or 'is E-4410 short?'."
        ),
        input_model=ShortagesArgs,
        plants=_shortage_plants,
        run=_run_shortages,
        result_model=Shortages,
    ),
    Tool(
        name="clear_to_build",
        kind="read",
        description=(
            "Clear-to-build for one day: each scheduled work order of the plant (or a line) "
            "starting that day, whether all its components are covered at its start, and for "
            "those that are not, which components are short, by how much and when they would "
            "be covered. Use it for 'what is clear to build tomorrow on SEAT1?'."
        ),
        input_model=ClearToBuildArgs,
        plants=_ctb_plants,
        run=_run_clear_to_build,
        result_model=ClearToBuildRows,
    ),
]
