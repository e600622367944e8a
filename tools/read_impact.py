"""Open PO lines ranked by how likely they are to hit production within a horizon."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from domain.clock import as_of
from domain.planning.policy import parse_horizon
from domain.procurement.lateness import lateness
from domain.risk import risky_po_lines
from domain.risk.score import PoLineRisk
from tools.lookup import resolve_item, resolve_supplier
from tools.plant_time import local
from tools.result_data import RankedPoLine, RankedPoLines
from tools.results import ToolResult, listing
from tools.scope import requested_or_visible
from tools.tool import Tool

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from governance.context import Actor, CallContext

ALL_OPEN = 100_000  # every open line of a plant is scored, then ranked here


class ImpactArgs(BaseModel):
    horizon: str = Field(
        default="48h",
        description="How far ahead production counts: '8h' (a shift), '48h' (two days), '7d'.",
    )
    plant: str | None = Field(default=None, description="One plant; default: all of yours.")
    supplier: str | None = Field(default=None, description="Only this supplier's lines.")
    item: str | None = Field(default=None, description="Only this item's lines.")
    po_number: str | None = Field(default=None, description="Only this PO's lines.")
    due_on: date | None = Field(
        default=None,
        description="Only lines due that day on their plant's calendar (promised, or best-known "
        "arrival), e.g. '2026-03-05' for 'the Thursday one'.",
    )
    top: int = Field(default=10, ge=1, le=100, description="How many lines to list.")


def _plants(args: ImpactArgs, actor: Actor, engine: Engine) -> list[str]:
    return requested_or_visible(args.plant, actor, engine)


def arrival(risk: PoLineRisk) -> datetime:
    """The line's best-known arrival: ASN ETA, else confirmed date, else promised date."""
    f = risk.facts
    return f.asn_eta or f.confirmed_for or f.promised_at


def _due_days(risk: PoLineRisk) -> set[date]:
    """The days a line is due on its plant's calendar: its promised date and its best-known
    arrival ('the Thursday one' is either)."""
    zone = ZoneInfo(risk.facts.timezone)
    return {risk.facts.promised_at.astimezone(zone).date(), arrival(risk).astimezone(zone).date()}


def _row(risk: PoLineRisk, end: datetime) -> dict[str, Any]:
    f = risk.facts
    late = lateness(f.promised_at, arrival(risk), f.as_of, f.open_qty)
    hits = f.first_short_at is not None and f.first_short_at <= end
    needed = f.first_need_at is not None and f.first_need_at <= end
    return {
        "po_number": risk.po_number,
        "line_no": risk.line_no,
        "plant": risk.plant,
        "item": risk.item,
        "item_description": f.item_description,
        "supplier": risk.supplier,
        "supplier_name": risk.supplier_name,
        "score": round(risk.score, 1),
        "level": risk.level,
        "hits_production_in_horizon": hits,
        "needed_in_horizon": needed,
        "first_short_at": local(f.first_short_at, f.timezone) if f.first_short_at else None,
        "qty_short": f.qty_short,
        "first_need_at": local(f.first_need_at, f.timezone) if f.first_need_at else None,
        "first_need_work_order": f.first_need_work_order,
        "qty_ordered": f.qty_ordered,
        "qty_received": f.qty_received,
        "open_qty": f.open_qty,
        "confirmed_qty": f.qty_confirmed,
        "confirmed_for": local(f.confirmed_for, f.timezone) if f.confirmed_for else None,
        "unconfirmed_qty": f.unconfirmed_qty,
        "holds_up_production": f.holds_up_production,
        "arrives_at": local(arrival(risk), f.timezone),
        # The promised date as the plant's wall clock, ISO: what a date change moves from.
        "promised_at": f.promised_at.astimezone(ZoneInfo(f.timezone)).isoformat(),
        "late": late.late,
        "days_late": late.days_late,
        "arrives_late_hours": late.arrives_late_hours,
        "asn_number": f.asn_number,
        "asn_status": f.asn_status,
        "main_reason": risk.factors[0].sentence if risk.factors else "",
    }


def _run(engine: Engine, ctx: CallContext, args: ImpactArgs) -> ToolResult:
    now = as_of(engine)
    end = now + timedelta(hours=parse_horizon(args.horizon).total_seconds() / 3600)
    supplier = resolve_supplier(engine, args.supplier).code if args.supplier else None
    item = resolve_item(engine, args.item).code if args.item else None
    plants = _plants(args, ctx.actor, engine)
    risks = [r for p in plants for r in risky_po_lines(engine, p, ALL_OPEN, as_of=now)]
    po = args.po_number.upper() if args.po_number else None
    risks = [
        r
        for r in risks
        if (supplier is None or r.supplier == supplier)
        and (item is None or r.item == item)
        and (po is None or r.po_number == po)
        and (args.due_on is None or args.due_on in _due_days(r))
    ]
    rows = [_row(r, end) for r in risks]
    rows.sort(
        key=lambda x: (
            not x["hits_production_in_horizon"],
            not x["needed_in_horizon"],
            -x["score"],
            x["po_number"],
            x["line_no"],
        )
    )
    shown = rows[: args.top]
    hitting = sum(1 for x in rows if x["hits_production_in_horizon"])
    late = sum(1 for x in rows if x["late"])
    head = (
        f"{len(rows)} open PO line(s) at {', '.join(plants)}; {hitting} hit production within "
        f"{args.horizon}"
    )
    parts = [
        f"{x['po_number']}/{x['line_no']} {x['item']} ({x['supplier_name']}) risk "
        f"{x['score']:.0f}"
        + (
            f", short {x['first_short_at']} ({x['qty_short']:,.0f})"
            if x["hits_production_in_horizon"]
            else ""
        )
        + f", {x['open_qty']:,.0f} open"
        + (f", {x['confirmed_qty']:,.0f} confirmed" if x["confirmed_qty"] is not None else "")
        + f", arrives {x['arrives_at']}"
        for x in shown
    ]
    return ToolResult(
        ok=True,
        tool="po_lines_by_impact",
        data=RankedPoLines(
            horizon=args.horizon,
            plants=plants,
            total=len(rows),
            hitting_production=hitting,
            late=late,
            lines=[RankedPoLine.model_validate(x) for x in shown],
        ),
        **listing(head, parts),
        sources=[f"{x['po_number']}/{x['line_no']}" for x in shown],
        policy="ranked: lines whose item runs short inside the horizon first, then lines needed "
        "inside it, then by risk score; shortages under the default supply policy "
        "(unconfirmed quantities and held stock not counted)",
    )


TOOLS = [
    Tool(
        name="po_lines_by_impact",
        kind="read",
        description=(
            "Rank open PO lines by how likely they are to hit production within a horizon "
            "(default 48h; '8h' for a shift): lines whose item runs short inside the horizon "
            "first, then by risk score, with the first-short time, quantity short, best-known "
            "arrival (ASN ETA, confirmed or promised date), what the supplier confirmed (quantity "
            "and the time it is confirmed for) and what is unconfirmed, whether the line is late "
            "(promised before now, not received) and the main reason. For one plant or "
            "across all of yours; optional supplier or item filter (e.g. 'when does the "
            "interplant PO from SAL arrive?': supplier='SAL')."
        ),
        input_model=ImpactArgs,
        plants=_plants,
        run=_run,
        result_model=RankedPoLines,
    ),
]
