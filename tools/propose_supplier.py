"""Propose tools toward suppliers: escalation emails, PO date changes, premium freight."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from domain.formatting import money
from domain.planning.repository import plant_timezone
from domain.procurement.expedite import RATES_SOURCE, quote_expedite
from domain.procurement.open_supply import open_supply
from domain.uow import read_snapshot
from tools.facts import (
    expedite_line,
    item_shortage,
    open_po_line,
    open_po_lines,
    plant_name,
    shortage_fact_text,
    supplier_contact,
    supplier_otif,
    user_contact,
)
from tools.lookup import resolve_supplier
from tools.plant_time import local
from tools.proposing import approval_policy, fact, propose
from tools.result_data import ProposalResult
from tools.results import ToolError, ToolResult
from tools.scope import plants_of, po_plant, po_plants, require_po, visible_plants
from tools.tool import Tool

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from governance.context import Actor, CallContext

PO_PATTERN = r"^[A-Za-z]{2,4}-\d+$"


class PoLineArgs(BaseModel):
    po_number: str = Field(pattern=PO_PATTERN, description="Purchase order, e.g. 'PO-7781'.")
    line_no: int = Field(default=1, ge=1, description="PO line number (default 1).")


def _po_subject(args: Any) -> str | None:
    return str(args.po_number) if getattr(args, "po_number", None) else None


def _line_payload(args: PoLineArgs, line: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A PO-line proposal's payload: which line and item, then what the proposal changes."""
    return {
        "po_number": args.po_number,
        "line_no": args.line_no,
        "item_code": line["item_code"],
        **fields,
    }


def _line_facts(line: dict[str, Any], tz: str) -> list[dict[str, Any]]:
    ref = f"{line['po_number']}/{line['line_no']}"
    promised = local(datetime.fromisoformat(line["promised_at"]), tz)
    facts = [
        fact(
            f"{ref}: {line['qty_ordered']:,.0f} {line['item_code']} ordered, promised {promised}",
            ref,
            qty_ordered=line["qty_ordered"],
            promised_at=line["promised_at"],
        )
    ]
    for c in line["confirmations"]:
        when = local(datetime.fromisoformat(c["confirmed_for"]), tz)
        facts.append(fact(f"{ref}: supplier confirmed {c['qty']:,.0f} for {when}", ref,
                          confirmed_qty=c["qty"], confirmed_for=c["confirmed_for"]))  # fmt: skip
    if line["unconfirmed_qty"]:
        facts.append(
            fact(
                f"{ref}: {line['unconfirmed_qty']:,.0f} not confirmed by the supplier",
                ref,
                unconfirmed_qty=line["unconfirmed_qty"],
            )  # fmt: skip
        )
    for a in line["asns"]:
        eta = local(datetime.fromisoformat(a["eta"]), tz)
        was = local(datetime.fromisoformat(a["original_eta"]), tz)
        moved = "" if a["eta"] == a["original_eta"] else f", ETA moved from {was}"
        hub = f" at {a['hub']}" if a["hub"] else ""
        facts.append(
            fact(
                f"{a['asn_number']} ({a['qty']:,.0f}) is {a['hub_status']}{hub}, ETA {eta}{moved}",
                a["asn_number"],
                eta=a["eta"],
                hub_status=a["hub_status"],
            )  # fmt: skip
        )
    return facts


# ---------------------------------------------------------------- supplier escalation

_TONES = {
    "friendly": ("Could you help us with", "We would be grateful if you could"),
    "firm": ("Action needed on", "Please"),
    "urgent": ("URGENT – line stop risk on", "We need you to"),
}


class EscalationArgs(BaseModel):
    supplier: str = Field(min_length=1, description="Supplier code or name, e.g. 'Voltaic'.")
    po_number: str | None = Field(
        default=None,
        pattern=PO_PATTERN,
        description="The PO to escalate; default: the supplier's open POs with unconfirmed or "
        "delayed quantities at your plants.",
    )
    tone: Literal["friendly", "firm", "urgent"] = Field(
        default="firm", description="How pressing the email reads."
    )


def _escalation_plants(args: EscalationArgs, actor: Actor, engine: Engine) -> list[str]:
    if args.po_number:
        return plants_of([po_plant(engine, args.po_number)])
    return visible_plants(actor, engine)


def _problem_po(engine: Engine, actor: Actor, supplier_code: str) -> str:
    """The supplier's open PO most in need of a chase: unconfirmed or held quantity, soonest."""
    plants = visible_plants(actor, engine)
    with read_snapshot(engine) as conn:
        lines = open_supply(conn, plants)
    candidates = [
        line
        for line in lines
        if line.supplier_code == supplier_code
        and (line.unconfirmed_qty > 0 or any(a.eta_moved for a in line.asns))
    ]
    if not candidates:
        raise ToolError(
            f"{supplier_code} has no open PO with unconfirmed or delayed quantity at your plants;"
            " name the po_number to escalate"
        )
    return min(candidates, key=lambda x: (x.promised_at, x.po_number, x.line_no)).po_number


def _run_escalation(engine: Engine, ctx: CallContext, args: EscalationArgs) -> ToolResult:
    supplier = resolve_supplier(engine, args.supplier)
    po_number = args.po_number or _problem_po(engine, ctx.actor, supplier.code)
    plant = require_po(engine, po_number)
    lines = open_po_lines(engine, plant, po_number)
    if lines[0]["supplier_code"] != supplier.code:
        raise ToolError(f"{po_number} is with {lines[0]['supplier_code']}, not {supplier.code}")
    tz = plant_timezone(engine, plant)
    name, email = supplier_contact(engine, supplier.code)
    me, my_email = user_contact(engine, ctx.actor.username)
    facts: list[dict[str, Any]] = []
    asks: list[str] = []
    impacts: list[str] = []
    for line in lines:
        facts += _line_facts(line, tz)
        ref = f"{po_number} line {line['line_no']} ({line['item_code']})"
        if line["unconfirmed_qty"]:
            asks.append(
                f"confirm a delivery date for the remaining {line['unconfirmed_qty']:,.0f} "
                f"of {ref}, or the fastest way to get them to us"
            )
        for a in line["asns"]:
            if a["eta"] != a["original_eta"] or a["hub_status"] == "held":
                asks.append(f"get {a['asn_number']} released and moving ({ref})")
        shortage = item_shortage(engine, plant, line["item_code"])
        if shortage is not None:
            said = shortage_fact_text(shortage, engine)
            facts.append(fact(said, f"shortage:{shortage.item}@{plant}",
                              first_short_at=shortage.first_short_at,
                              qty_short=shortage.qty_short))  # fmt: skip
            late = any(a["eta"] != a["original_eta"] or a["hub_status"] == "held"
                       for a in line["asns"])  # fmt: skip
            missing = "the delayed shipment" if late and not line["unconfirmed_qty"] else (
                "the missing quantity")  # fmt: skip
            impacts.append(
                f"without {missing} our {', '.join(shortage.lines)} line runs short of "
                f"{shortage.item} from {local(shortage.first_short_at, tz)} "
                f"({shortage.qty_short:,.0f} short)"
            )
    otif = supplier_otif(engine, supplier.code, name)
    if otif is not None:
        facts.append(otif)
    if not asks:
        asks.append(f"confirm that {po_number} ships complete and on time")
    opener, verb = _TONES[args.tone]
    subject = f"{opener} {po_number} – {', '.join(dict.fromkeys(x['item_code'] for x in lines))}"
    # The PO's lines and its shipments (held at a hub, ETA moved): what the supplier is asked
    asns = {a["asn_number"] for line in lines for a in line["asns"]}
    status_lines = [
        f"- {f['fact']}" for f in facts if f["source"].startswith(po_number) or f["source"] in asns
    ]
    body = "\n".join(
        [
            f"Dear {name} team,",
            "",
            f"Regarding {po_number} for {plant_name(engine, plant)}:",
            *status_lines,
            *(["", "Impact: " + "; ".join(impacts) + "."] if impacts else []),
            *(["", f"For context, {otif['fact']}."] if otif is not None else []),
            "",
            f"{verb} " + "; and ".join(asks) + ".",
            "Please reply today with your committed dates.",
            "",
            "Regards,",
            me,
            f"{plant_name(engine, plant)} purchasing",
        ]
    )
    recipients = [email] if email else []
    payload = {
        "supplier_code": supplier.code,
        "subject": subject,
        "body": body,
        "recipients": recipients,
        "cc": [my_email] if my_email else [],
        "po_number": po_number,
        "tone": args.tone,
    }
    return propose(
        engine,
        ctx,
        "draft_supplier_escalation",
        kind="supplier_escalation",
        payload=payload,
        rationale=(
            "; ".join(impacts) or f"{po_number} needs the supplier's commitment"
        ).capitalize(),
        cited_facts=facts,
        expected_effect=f"Email to {name} ({email or 'no address on file'}) asking them to "
        + "; ".join(asks),
        cost=0.0,
        plant_code=plant,
        headline=f"escalation email to {name} about {po_number}: {subject!r}",
        sources=[supplier.code, *dict.fromkeys(f["source"] for f in facts)],
    )


# ---------------------------------------------------------------- PO date change


class PoDateChangeArgs(PoLineArgs):
    new_date: datetime = Field(
        description="New promised delivery time, ISO 8601 (e.g. '2026-03-09T06:00'); without an "
        "offset it is read in the plant's local time."
    )
    new_qty: float | None = Field(default=None, ge=0, description="New quantity, if it changes.")
    reason: str = Field(min_length=3, max_length=500, description="Why the date should change.")


def _run_po_date_change(engine: Engine, ctx: CallContext, args: PoDateChangeArgs) -> ToolResult:
    plant = require_po(engine, args.po_number)
    line = open_po_line(engine, plant, args.po_number, args.line_no)
    tz = plant_timezone(engine, plant)
    new_date = args.new_date if args.new_date.tzinfo else args.new_date.replace(tzinfo=ZoneInfo(tz))
    ref = f"{args.po_number}/{args.line_no}"
    supplier = str(line.get("supplier_name") or line.get("supplier_code") or "the supplier")
    old = local(datetime.fromisoformat(line["promised_at"]), tz)
    change = f"promised date {old} → {local(new_date, tz)}"
    if args.new_qty is not None:
        change += f", quantity {line['qty_ordered']:,.0f} → {args.new_qty:,.0f}"
    payload = _line_payload(
        args,
        line,
        new_promised_at=new_date,
        new_qty=args.new_qty,
        reason=args.reason,
        old_promised_at=line["promised_at"],
    )
    return propose(
        engine,
        ctx,
        "request_po_date_change",
        kind="po_date_change",
        payload=payload,
        rationale=args.reason,
        cited_facts=_line_facts(line, tz),
        expected_effect=f"{ref} ({line['item_code']}, {supplier}): {change} in the ERP; "
        f"{supplier} informed",
        cost=0.0,
        plant_code=plant,
        headline=f"{ref} ({line['item_code']}) from {supplier}: {change}",
        sources=[ref],
    )


# ---------------------------------------------------------------- expedite


class ExpediteArgs(PoLineArgs):
    qty: float | None = Field(
        default=None,
        gt=0,
        description="Quantity to expedite; default: the line's unconfirmed quantity "
        "(else all that is open).",
    )
    mode: Literal["air", "truck"] = Field(default="air", description="Premium freight mode.")
    reason: str = Field(default="", max_length=500, description="Why (optional).")


def _run_expedite(engine: Engine, ctx: CallContext, args: ExpediteArgs) -> ToolResult:
    plant, line, tz, ref, qty = expedite_line(engine, args.po_number, args.line_no, args.qty)
    quote = quote_expedite(args.po_number, args.line_no, qty, args.mode)
    facts = _line_facts(line, tz)
    priced = f"{args.mode} expedite of {qty:,.0f} costs {money(quote.cost)} ({quote.basis})"
    facts.append(fact(priced, RATES_SOURCE, cost=quote.cost, mode=args.mode))
    shortage = item_shortage(engine, plant, line["item_code"])
    effect = f"{qty:,.0f} {line['item_code']} of {ref} move by premium {args.mode} freight"
    if shortage is not None:
        facts.append(fact(shortage_fact_text(shortage, engine), f"shortage:{shortage.item}@{plant}",
                          first_short_at=shortage.first_short_at,
                          qty_short=shortage.qty_short))  # fmt: skip
        effect += f", to cover the shortage from {local(shortage.first_short_at, tz)}"
    payload = _line_payload(
        args, line, qty=qty, mode=args.mode, supplier_code=line["supplier_code"],
        cost_basis=quote.basis,
    )  # fmt: skip
    rationale = args.reason or (
        f"{line['unconfirmed_qty']:,.0f} of {ref} are unconfirmed"
        + (
            f" and {shortage.item} runs short {local(shortage.first_short_at, tz)}"
            if shortage
            else ""
        )
    )
    return propose(
        engine,
        ctx,
        "expedite_po",
        kind="expedite_po",
        payload=payload,
        rationale=rationale,
        cited_facts=facts,
        expected_effect=effect,
        cost=quote.cost,
        plant_code=plant,
        headline=f"{args.mode} expedite of {qty:,.0f} {line['item_code']} on {ref}",
        sources=[ref, RATES_SOURCE],
        policy=approval_policy(engine, "expedite_po", plant, "premium freight"),
    )


TOOLS = [
    Tool(
        name="draft_supplier_escalation",
        kind="propose",
        description=(
            "Draft an escalation email to a supplier about a PO (or, without po_number, its most "
            "urgent open PO with unconfirmed or delayed quantity). Builds subject, body and "
            "recipients from the supplier's address and the facts it cites (ordered vs confirmed "
            "quantities, ASN status, the shortage it causes, the supplier's OTIF). Creates a "
            "PENDING proposal: nothing is sent until a person approves it. Returns the draft and "
            "the proposal id and approver."
        ),
        input_model=EscalationArgs,
        plants=_escalation_plants,
        run=_run_escalation,
        result_model=ProposalResult,
        subject=_po_subject,
    ),
    Tool(
        name="request_po_date_change",
        kind="propose",
        description=(
            "Propose changing the promised date (and optionally quantity) of a PO line, with a "
            "reason. Creates a PENDING proposal citing the line's current promise and "
            "confirmations; the ERP changes only after approval."
        ),
        input_model=PoDateChangeArgs,
        plants=po_plants,
        run=_run_po_date_change,
        result_model=ProposalResult,
        subject=_po_subject,
    ),
    Tool(
        name="expedite_po",
        kind="propose",
        description=(
            "Propose premium freight (air or truck) for a PO line's quantity (default: its "
            "unconfirmed quantity). Prices it from the freight cost model (carrier quote, else "
            "rate table) and creates a PENDING proposal whose approver depends on the cost "
            "(the approval rules; approval_rule lists them). Returns cost, approver role, the "
            "rule's tiers and the shortage it covers."
        ),
        input_model=ExpediteArgs,
        plants=po_plants,
        run=_run_expedite,
        result_model=ProposalResult,
        subject=_po_subject,
    ),
]
