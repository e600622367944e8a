"""Read tools about actions, not actions: what an expedite would cost and who approves what.

They answer "what would air cost?", "who has to approve it?", "was it approved?" and "what if we
don't?" with facts, and never create a proposal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import text

from domain.formatting import money
from domain.planning.repository import plant_timezone
from domain.procurement.expedite import (
    FREIGHT_MODES,
    RATES_SOURCE,
    FreightMode,
    expedite_quantity,
    quote_expedite,
)
from governance.errors import GovernanceError
from governance.proposals import list_proposals, resolve_rule
from tools.facts import item_shortage, open_po_line
from tools.plant_time import local
from tools.results import ToolResult
from tools.scope import default_plant, plants_of, po_plant, po_plants, require_po
from tools.tool import Tool

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from governance.context import Actor, CallContext

ActionKind = Literal[
    "expedite_po",
    "supplier_escalation",
    "po_date_change",
    "inventory_transfer",
    "resequence",
    "quality_review",
]
ROLE_WORDS = {
    "requester": "the requester themselves",
    "buyer": "a buyer",
    "plant_manager": "the plant manager",
    "executive": "an executive",
}


def approver_words(role: str, four_eyes: bool) -> str:
    """'the plant manager (not the requester)' — who must say yes, in words."""
    return ROLE_WORDS.get(role, role) + (" (not the requester)" if four_eyes else "")


def _rule(engine: Engine, kind: str, plant: str, cost: float) -> dict[str, Any]:
    with engine.connect() as conn:
        try:
            rule = resolve_rule(conn, kind, plant, cost)
        except GovernanceError as err:
            return {"approver_role": None, "four_eyes": False, "note": str(err)}
    return {
        "approver_role": rule.approver_role,
        "four_eyes": rule.four_eyes,
        "approver": approver_words(rule.approver_role, rule.four_eyes),
        "expires_after_hours": rule.ttl_hours,
    }


# ---------------------------------------------------------------- expedite quote


class ExpediteQuoteArgs(BaseModel):
    po_number: str = Field(pattern=r"^[A-Za-z]{2,4}-\d+$", description="PO, e.g. 'PO-7781'.")
    line_no: int = Field(default=1, ge=1, description="PO line number (default 1).")
    qty: float | None = Field(
        default=None, gt=0, description="Quantity; default: the line's unconfirmed quantity."
    )
    mode: FreightMode | None = Field(default=None, description="air or truck; default: both.")


def _existing(engine: Engine, actor: Actor, po_number: str, kind: str) -> list[dict[str, Any]]:
    """Proposals of this kind already raised for the PO, newest first, with their status."""
    found = []
    for p in list_proposals(engine, actor):
        if p.kind == kind and (p.payload or {}).get("po_number") == po_number:
            found.append(
                {
                    "id": p.id,
                    "status": p.status,
                    "cost": p.cost,
                    "requested_by": p.requested_by,
                    "decided_by": p.decided_by,
                    "qty": (p.payload or {}).get("qty"),
                    "mode": (p.payload or {}).get("mode"),
                }
            )
    return found


def _run_quote(engine: Engine, ctx: CallContext, args: ExpediteQuoteArgs) -> ToolResult:
    plant = require_po(engine, args.po_number)
    line = open_po_line(engine, plant, args.po_number, args.line_no)
    tz = plant_timezone(engine, plant)
    ref = f"{args.po_number}/{args.line_no}"
    qty = expedite_quantity(ref, float(line["qty_ordered"]), float(line["received"]),
                            float(line["unconfirmed_qty"]), args.qty)  # fmt: skip
    modes = [args.mode] if args.mode else list(FREIGHT_MODES)
    options = []
    for mode in modes:
        quote = quote_expedite(args.po_number, args.line_no, qty, mode)
        rule = _rule(engine, "expedite_po", plant, quote.cost)
        options.append({"mode": mode, "qty": qty, "cost": quote.cost, "basis": quote.basis, **rule})
    shortage = item_shortage(engine, plant, line["item_code"])
    without = None
    if shortage is not None:
        without = {
            "item": shortage.item,
            "first_short_at": local(shortage.first_short_at, tz),
            "qty_short": shortage.qty_short,
            "lines": list(shortage.lines),
        }
    existing = _existing(engine, ctx.actor, args.po_number, "expedite_po")
    parts = [f"{mode_text(o)}" for o in options]
    summary = f"Expedite options for {qty:,.0f} {line['item_code']} of {ref}: " + "; ".join(parts)
    if without:
        summary += (
            f". Without it: {without['item']} is first short {without['first_short_at']}"
            f" ({without['qty_short']:,.0f} short)"
        )
    summary += "." + (
        " Existing: " + ", ".join(f"{e['id']} {e['status']}" for e in existing) + "."
        if existing
        else " No expedite has been proposed for it."
    )
    return ToolResult(
        ok=True,
        tool="expedite_quote",
        data={
            "po_number": args.po_number,
            "line_no": args.line_no,
            "item": line["item_code"],
            "plant": plant,
            "qty": qty,
            "unconfirmed_qty": line["unconfirmed_qty"],
            "options": options,
            "without_expedite": without,
            "existing_proposals": existing,
        },
        summary=summary,
        sources=[ref, RATES_SOURCE, *(e["id"] for e in existing)],
        policy="a quote only: nothing was proposed; premium freight up to $5,000 the buyer may "
        "confirm, above a plant manager who is not the requester, above $25,000 an executive",
    )


def mode_text(option: dict[str, Any]) -> str:
    who = option.get("approver") or option.get("note") or "no approval rule"
    return f"{option['mode']} {money(option['cost'])} ({option['basis']}), approved by {who}"


# ---------------------------------------------------------------- approval rule


class ApprovalRuleArgs(BaseModel):
    kind: ActionKind = Field(
        description="The action: expedite_po (premium freight), "
        "supplier_escalation, po_date_change, inventory_transfer, "
        "resequence or quality_review."
    )
    cost: float = Field(default=0.0, ge=0, description="The action's cost in USD, if any.")
    plant: str | None = Field(default=None, description="Plant code; default: your plant.")
    po_number: str | None = Field(
        default=None, pattern=r"^[A-Za-z]{2,4}-\d+$", description="Its PO (gives the plant)."
    )


def _rule_plants(args: ApprovalRuleArgs, actor: Actor, engine: Engine) -> list[str]:
    if args.po_number:
        return plants_of([po_plant(engine, args.po_number)])
    return [args.plant.upper()] if args.plant else [default_plant(actor, engine)]


def _run_rule(engine: Engine, ctx: CallContext, args: ApprovalRuleArgs) -> ToolResult:
    plant = (
        require_po(engine, args.po_number)
        if args.po_number
        else (args.plant or default_plant(ctx.actor, engine)).upper()
    )
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT max_cost, approver_role, four_eyes, plant_code FROM approval_rule "
                "WHERE kind = :k AND (plant_code = :p OR plant_code IS NULL) "
                "ORDER BY plant_code NULLS LAST, max_cost NULLS LAST"
            ),
            {"k": args.kind, "p": plant},
        ).all()
    own = [r for r in rows if r.plant_code == plant]
    tiers = [
        {
            "up_to": None if r.max_cost is None else float(r.max_cost),
            "approver_role": r.approver_role,
            "four_eyes": bool(r.four_eyes),
            "approver": approver_words(r.approver_role, bool(r.four_eyes)),
        }
        for r in (own or rows)
    ]
    applies = _rule(engine, args.kind, plant, args.cost)
    tier_text = "; ".join(
        (f"up to {money(t['up_to'], cents=False)}" if t["up_to"] is not None else "above that")
        + f": {t['approver']}"
        for t in tiers
    )
    summary = f"Approval rule for {args.kind} at {plant}: {tier_text or 'none'}."
    if args.cost:
        summary += f" At {money(args.cost)}: {applies.get('approver') or applies.get('note')}."
    return ToolResult(
        ok=True,
        tool="approval_rule",
        data={
            "kind": args.kind,
            "plant": plant,
            "cost": args.cost,
            "tiers": tiers,
            "applies": applies,
        },
        summary=summary,
        sources=[f"approval_rule:{args.kind}@{plant}"],
        policy="every write is a proposal first; nothing is sent or changed before the approver "
        "says yes; unanswered proposals expire (deny by default)",
    )


TOOLS = [
    Tool(
        name="expedite_quote",
        kind="read",
        description=(
            "Price premium freight for a PO line WITHOUT proposing it: options (air, truck) with "
            "cost, cost basis and who would have to approve each, the shortage it would cover "
            "(what happens without it) and any expedite already proposed for the PO with its "
            "status. Use it for 'what would air cost?', 'who would approve an expedite?', 'was "
            "the expedite approved?', 'what if we don't expedite?'. Creates nothing."
        ),
        input_model=ExpediteQuoteArgs,
        plants=po_plants,
        run=_run_quote,
        subject=lambda args: str(args.po_number),
    ),
    Tool(
        name="approval_rule",
        kind="read",
        description=(
            "Who must approve an action of a kind at a plant: the approval tiers (by cost) and, "
            "for a given cost, the approver role and whether four-eyes applies. Use it for 'who "
            "approves premium freight over $5,000?' or 'can I confirm this myself?'."
        ),
        input_model=ApprovalRuleArgs,
        plants=_rule_plants,
        run=_run_rule,
    ),
]
