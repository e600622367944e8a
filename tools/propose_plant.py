"""Propose tools inside the plants: stock transfers, line resequences and quality reviews."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from pydantic import AwareDatetime, BaseModel, Field

from domain import master_data
from domain.clock import as_of
from domain.planning.repository import material_ready_times_for_plant, plant_timezone
from domain.scheduling.frozen import FrozenHorizon, line_frozen_horizon
from domain.scheduling.repository import resequence_line_from_db
from domain.scheduling.slots import Slot, swap_into_slots
from tools.facts import item_shortage, shortage_fact_text
from tools.lookup import resolve_item
from tools.plant_time import local
from tools.proposing import fact, propose
from tools.result_data import (
    GapClosedFact,
    ProposalResult,
    ResequenceFacts,
    ResequenceMoveFact,
)
from tools.results import ToolError, ToolResult
from tools.scope import line_plant, plants_of, require_line, shipping_stock
from tools.tool import Tool

SCHEDULER_SECONDS = 10.0  # CP-SAT time limit: a planner waits for an answer in chat

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from governance.context import Actor, CallContext


def _shortage_facts(engine: Engine, plant: str, item: str) -> list[dict[str, Any]]:
    shortage = item_shortage(engine, plant, item)
    if shortage is None:
        return []
    return [
        fact(shortage_fact_text(shortage, engine), f"shortage:{item}@{plant}",
             first_short_at=shortage.first_short_at, qty_short=shortage.qty_short)
    ]  # fmt: skip


# ---------------------------------------------------------------- transfer


class TransferArgs(BaseModel):
    item: str = Field(min_length=1, description="Item code or name, e.g. 'T-3105'.")
    from_plant: str = Field(
        min_length=2, max_length=16, description="Plant that ships, e.g. 'SAL'."
    )
    to_plant: str = Field(
        min_length=2, max_length=16, description="Plant that receives, e.g. 'LKS'."
    )
    qty: float = Field(gt=0, description="Quantity to move.")
    lot: str | None = Field(default=None, description="A specific lot, if it matters.")
    reason: str = Field(default="", max_length=500, description="Why (optional).")


def _transfer_plants(args: TransferArgs, actor: Actor, engine: Engine) -> list[str]:
    # The receiving plant asks; what it may know of the shipping plant is shipping_stock's rule.
    return [args.to_plant.upper()]


def _run_transfer(engine: Engine, ctx: CallContext, args: TransferArgs) -> ToolResult:
    item = resolve_item(engine, args.item)
    src, dst = args.from_plant.upper(), args.to_plant.upper()
    if src == dst:
        raise ToolError("from_plant and to_plant are the same plant; name two different plants")
    plant_timezone(engine, src), plant_timezone(engine, dst)  # unknown plants are named
    stock = shipping_stock(engine, ctx.actor, src, item.code, args.qty, args.lot)
    facts = [
        fact(stock, f"inventory:{item.code}@{src}"),
        *_shortage_facts(engine, dst, item.code),
    ]
    payload = {
        "item_code": item.code,
        "from_plant": src,
        "to_plant": dst,
        "qty": args.qty,
        "lot": args.lot,
        "reason": args.reason,
    }
    move = f"{args.qty:,.0f} {item.code} from {src} to {dst}"
    return propose(
        engine,
        ctx,
        "transfer_inventory",
        kind="transfer_inventory",
        payload=payload,
        rationale=args.reason or (facts[1]["fact"] if len(facts) > 1 else f"move {move}"),
        cited_facts=facts,
        expected_effect=f"Stock transfer of {move}",
        cost=0.0,
        plant_code=dst,
        headline=f"transfer {move}",
        sources=[item.code],
    )


# ---------------------------------------------------------------- resequence


class ResequenceArgs(BaseModel):
    line: str = Field(min_length=1, description="Line to resequence, e.g. 'LKS-SEAT1'.")
    sequence: list[str] | None = Field(
        default=None,
        min_length=2,
        description="Optional: work order ids in a new order of your own; they swap into each "
        "other's time slots. Leave it out to let the scheduler (OR-Tools) compute a "
        "material-feasible sequence.",
    )
    reason: str = Field(default="", max_length=500, description="Why (optional).")
    keep_until: AwareDatetime | None = Field(
        default=None,
        description="Optional: nothing starting before this time moves, on top of the frozen "
        "horizon ('leave today alone': the next day 00:00 on the plant's clock; 'nothing before "
        "the B shift': 14:00), with its UTC offset.",
    )
    horizon: str = Field(
        default="14d",
        pattern=r"^\d+[dh]$",
        description="How far ahead the scheduler may move WOs, e.g. '5d' or '14d' (default).",
    )
    time_limit_s: float = Field(
        default=SCHEDULER_SECONDS,
        gt=0,
        le=60,
        description="Scheduler time limit in seconds (default 10, at most 60).",
    )


def _resequence_plants(args: ResequenceArgs, actor: Actor, engine: Engine) -> list[str]:
    return plants_of([line_plant(engine, args.line)])


def _line_work_orders(engine: Engine, line: str) -> dict[str, dict[str, Any]]:
    return master_data.released_work_orders(engine, line)


def _swap_moves(
    rows: dict[str, dict[str, Any]], sequence: list[str], horizon: FrozenHorizon, tz: str
) -> list[dict[str, Any]]:
    """The given order placed into the listed WOs' own slots (the domain's swap rule)."""
    current = {wo: Slot(wo, r["sequence"], r["planned_start"], r["planned_end"])
               for wo, r in rows.items()}  # fmt: skip
    return [
        {"work_order_id": m.work_order, "sequence": m.sequence, "planned_start": m.start,
         "planned_end": m.end}
        for m in swap_into_slots(current, sequence, horizon, tz)
    ]  # fmt: skip


def _scheduler_moves(
    engine: Engine, args: ResequenceArgs, rows: dict[str, dict[str, Any]]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Moves from the OR-Tools resequence of the line, and its plan, diff and KPI deltas."""
    line = args.line
    result = resequence_line_from_db(engine, line, args.horizon, time_limit=args.time_limit_s,
                                     keep_until=args.keep_until)  # fmt: skip
    if result.status not in ("OPTIMAL", "FEASIBLE"):
        raise ToolError(f"the scheduler found no feasible sequence for {line} ({result.status})")
    # Sequence numbers stay the line's own; they are handed out again in the new plan order.
    planned = [p for p in sorted(result.plan, key=lambda p: p.start) if p.work_order in rows]
    numbers = sorted(rows[p.work_order]["sequence"] for p in planned)
    moves = [
        {"work_order_id": p.work_order, "sequence": n, "planned_start": p.start,
         "planned_end": p.end}
        for p, n in zip(planned, numbers, strict=True)
        if p.start != rows[p.work_order]["planned_start"]
        or n != rows[p.work_order]["sequence"]
    ]  # fmt: skip
    return moves, result.to_json()


@dataclass(frozen=True)
class ResequenceDraft:
    """A resequence as it would be proposed: what moves, its facts and the frozen horizon."""

    plant: str
    frozen: FrozenHorizon
    payload: dict[str, Any]
    cited: list[dict[str, Any]]
    effect: str
    facts: ResequenceFacts
    headline: str
    sources: list[str]


def _draft_resequence(engine: Engine, args: ResequenceArgs) -> ResequenceDraft:
    """The scheduler's (or the given) new order of the line, computed, not yet proposed."""
    plant = require_line(engine, args.line)
    now = as_of(engine)
    tz = plant_timezone(engine, plant)
    frozen = line_frozen_horizon(engine, args.line, now)
    kept = args.keep_until if args.keep_until and args.keep_until > frozen.until else None
    rows = _line_work_orders(engine, args.line)
    schedule: dict[str, Any] | None = None
    if args.sequence:
        held = replace(frozen, until=kept) if kept else frozen  # nothing before it swaps either
        moves = _swap_moves(rows, args.sequence, held, tz)
        method = "given sequence (slot swap)"
    else:
        moves, schedule = _scheduler_moves(engine, args, rows)
        method = "OR-Tools CP-SAT resequence"
    if not moves:
        raise ToolError(f"nothing on {args.line} would move; the current sequence stands")
    ready = material_ready_times_for_plant(engine, plant)
    facts: list[dict[str, Any]] = []
    moved_text = []
    for m in moves:
        wo, start = rows[m["work_order_id"]], m["planned_start"]
        moved_text.append(
            f"{wo['id']} ({wo['item_code']}) {local(wo['planned_start'], tz)} → {local(start, tz)}"
            if start != wo["planned_start"]
            else f"{wo['id']} ({wo['item_code']}) keeps {local(start, tz)}, sequence renumbered"
        )
        material = ready.get(wo["id"])
        status = (
            "material not covered within the horizon"
            if material is None
            else "material ready"
            if material <= start
            else f"material ready only {local(material, tz)}"
        )
        facts.append(fact(f"{wo['id']} at its new start {local(start, tz)}: {status}", wo["id"],
                          material_ready_at=material))  # fmt: skip
    # Moved = start time changes (as the scheduler counts); a renumbered WO keeps its time.
    shifted = sum(m["planned_start"] != rows[m["work_order_id"]]["planned_start"] for m in moves)
    effect = f"{args.line}: " + "; ".join(moved_text)
    for m in moves:  # what the answer shows: the item and where the WO came from
        m["item_code"] = rows[m["work_order_id"]]["item_code"]
        m["from_start"] = rows[m["work_order_id"]]["planned_start"]
    payload: dict[str, Any] = {
        "line_code": args.line,
        "moves": moves,
        "method": method,
        # The rule's own numbers, so a reader need not parse the policy text.
        "frozen_hours": frozen.hours,
        "frozen_until": frozen.until,
        **({"kept_until": kept} if kept else {}),  # asked: nothing before it moves either
    }
    if schedule is not None:
        kpis = schedule["kpis"]
        effect += ". " + "; ".join(kpis["summary"])
        facts.append(fact("scheduler KPIs before/after", f"scheduler:{args.line}", **kpis))
        # What the approver reads: the whole plan, the diff with reasons, the KPI deltas.
        payload |= {
            "horizon": args.horizon,
            "status": schedule["status"],
            "plan": schedule["plan"],
            "moved": schedule["moved"],
            "kpis": kpis,
            "unschedulable": schedule["unschedulable"],
            "material_check": schedule["material_check"],
            "warnings": schedule["warnings"],
        }
        for u in schedule["unschedulable"]:
            effect += f". Not placed: {u['work_order']}: {u['reason']}"
    facts_of_plan = ResequenceFacts(
        line=args.line,
        plant=plant,
        timezone=tz,
        method=method,
        moves=[
            ResequenceMoveFact(
                work_order=m["work_order_id"],
                item=rows[m["work_order_id"]]["item_code"],
                sequence=m["sequence"],
                old_start=rows[m["work_order_id"]]["planned_start"],
                new_start=m["planned_start"],
                new_end=m["planned_end"],
                renumbered_only=m["planned_start"] == rows[m["work_order_id"]]["planned_start"],
            )
            for m in moves
        ],
        moved=shifted,
        renumbered=len(moves) - shifted,
        frozen_hours=frozen.hours,
        frozen_until=frozen.until,
        kept_until=kept,
        kpis=None if schedule is None else schedule["kpis"],
        gaps_closed=[
            GapClosedFact(**g) for g in (schedule or {}).get("kpis", {}).get("gaps_closed") or []
        ],
    )
    headline = f"resequence {args.line} ({method}): {shifted} WO(s) move" + (
        f", {len(moves) - shifted} renumbered only" if len(moves) > shifted else ""
    )
    return ResequenceDraft(plant, frozen, payload, facts, effect, facts_of_plan, headline,
                           [m["work_order_id"] for m in moves])  # fmt: skip


def _run_resequence(engine: Engine, ctx: CallContext, args: ResequenceArgs) -> ToolResult:
    draft = _draft_resequence(engine, args)
    return propose(
        engine,
        ctx,
        "propose_resequence",
        resequence=draft.facts,
        kind="resequence",
        payload=draft.payload,
        rationale=args.reason or f"resequence {args.line} around material availability",
        cited_facts=draft.cited,
        expected_effect=draft.effect,
        cost=0.0,
        plant_code=draft.plant,
        headline=draft.headline,
        sources=draft.sources,
        policy=draft.frozen.describe(),
    )


class ResequencePreview(BaseModel):
    """What a resequence would change, computed and shown, never proposed."""

    payload: dict[str, Any]
    cited_facts: list[dict[str, Any]]
    resequence: ResequenceFacts


def _run_preview(engine: Engine, ctx: CallContext, args: ResequenceArgs) -> ToolResult:
    draft = _draft_resequence(engine, args)
    data = ResequencePreview(payload=draft.payload, cited_facts=draft.cited,
                             resequence=draft.facts)  # fmt: skip
    return ToolResult(
        ok=True,
        tool="resequence_preview",
        data=data,
        summary=f"Preview, nothing proposed: {draft.headline}. {draft.effect}",
        sources=draft.sources,
        policy=draft.frozen.describe() + "; a preview only: nothing was proposed",
    )


# ---------------------------------------------------------------- quality review


class QualityReviewArgs(BaseModel):
    lot: str = Field(min_length=1, description="The held lot, e.g. 'L-3105-0311'.")
    question: str = Field(
        default="",
        max_length=500,
        description="What to ask quality (default: a disposition before the shortage hits).",
    )


def _hold(engine: Engine, lot: str) -> dict[str, Any] | None:
    return master_data.quality_hold_of_lot(engine, lot)


def _quality_plants(args: QualityReviewArgs, actor: Actor, engine: Engine) -> list[str]:
    hold = _hold(engine, args.lot)
    return [hold["plant_code"]] if hold else []


def _run_quality_review(engine: Engine, ctx: CallContext, args: QualityReviewArgs) -> ToolResult:
    hold = _hold(engine, args.lot)
    if hold is None:
        raise ToolError(f"no quality hold on lot {args.lot!r}; check the lot number")
    if hold["status"] != "open":
        raise ToolError(f"the hold on lot {args.lot} is already {hold['status']}")
    plant, item = hold["plant_code"], hold["item_code"]
    tz = plant_timezone(engine, plant)
    expected = hold["decision_expected_at"]
    facts = [
        fact(f"lot {hold['lot']} of {item}: {hold['qty']:,.0f} on quality hold since "
             f"{local(hold['placed_at'], tz)} ({hold['reason']})"
             + (f", decision expected {local(expected, tz)}" if expected else ""),
             f"quality_hold:{hold['id']}", qty=hold["qty"], decision_expected_at=expected),
        *_shortage_facts(engine, plant, item),
    ]  # fmt: skip
    question = args.question or (
        f"Can lot {hold['lot']} ({hold['qty']:,.0f} {item}) be dispositioned, fully or by "
        "sorting, before it stops the line?"
    )
    return propose(
        engine,
        ctx,
        "request_quality_review",
        kind="quality_review",
        payload={
            "item_code": item,
            "lot": hold["lot"],
            "question": question,
            "hold_id": hold["id"],
        },  # fmt: skip
        rationale=facts[-1]["fact"],
        cited_facts=facts,
        expected_effect=f"Quality is asked for a priority disposition of lot {hold['lot']}",
        cost=0.0,
        plant_code=plant,
        headline=f"quality review of lot {hold['lot']} ({item})",
        sources=[f"quality_hold:{hold['id']}", item],
    )


TOOLS = [
    Tool(
        name="transfer_inventory",
        kind="propose",
        description=(
            "Propose moving available stock of an item from one plant to another (e.g. T-3105 "
            "from SAL to LKS). Checks the quantity is available at the shipping plant and cites "
            "the shortage it relieves. Creates a PENDING proposal; no stock moves until approved. "
            "The receiving plant must be in your scope."
        ),
        input_model=TransferArgs,
        plants=_transfer_plants,
        run=_run_transfer,
        result_model=ProposalResult,
    ),
    Tool(
        name="propose_resequence",
        kind="propose",
        description=(
            "Propose a new order of work orders on a line, e.g. to avoid starting Orion seats "
            "while the heater module is short. Without `sequence`, the OR-Tools scheduler "
            "computes a material-feasible plan and reports line hours at risk, changeovers and "
            "late WOs before/after; with `sequence`, the listed WOs swap into each other's "
            "slots. Nothing inside the line's frozen horizon moves. Creates a PENDING proposal "
            "for the plant manager; the schedule changes only after approval."
        ),
        input_model=ResequenceArgs,
        plants=_resequence_plants,
        run=_run_resequence,
        result_model=ProposalResult,
    ),
    Tool(
        name="resequence_preview",
        kind="read",
        description=(
            "Show what a resequence of a line would do, without proposing it: the same "
            "OR-Tools plan (or the given `sequence`), moves, late WOs and KPIs before/after as "
            "propose_resequence, for 'can we resequence SEAT1?' or 'what are my options?'. "
            "Nothing is proposed or changed."
        ),
        input_model=ResequenceArgs,
        plants=_resequence_plants,
        run=_run_preview,
        result_model=ResequencePreview,
    ),
    Tool(
        name="request_quality_review",
        kind="propose",
        description=(
            "Propose asking Quality for a priority disposition of a lot on quality hold (e.g. "
            "L-3105-0311), citing the hold and the shortage it causes. Creates a PENDING "
            "proposal; the hold is not released by this tool."
        ),
        input_model=QualityReviewArgs,
        plants=_quality_plants,
        run=_run_quality_review,
        result_model=ProposalResult,
        subject=lambda args: f"Lot {args.lot}",
    ),
]
