"""Read tools about actions, not actions: what an expedite would cost and who approves what.

They answer "what would air cost?", "who has to approve it?", "was it approved?" and "what if we
don't?" with facts, and never create a proposal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, get_args

from pydantic import BaseModel, Field, model_validator

from domain.clock import as_of
from domain.formatting import action_name, approver_words, money, role_name
from domain.planning.repository import plant_timezone
from domain.procurement.expedite import (
    FREIGHT_MODES,
    RATES_SOURCE,
    FreightMode,
    quote_expedite,
)
from domain.scheduling.frozen import line_frozen_horizon, planned_start, plant_frozen_horizons
from governance.approval_rules import (
    ApprovalTier,
    approval_tiers,
    rule_for_cost,
    tier_of_cost,
    tiers_above,
    tiers_in_words,
)
from governance.authority import (
    Decision,
    authority_refusal,
    deciders,
    is_rule_approver,
    plants_acted_on,
    rule_refusal,
    would_refuse,
)
from governance.errors import GovernanceError, OutOfScope
from governance.identity import list_actors
from governance.payloads import ProposalKind
from governance.proposals import ProposalView, get_proposal, list_proposals
from tools.facts import expedite_line, item_shortage
from tools.plant_time import local
from tools.results import ToolError, ToolResult
from tools.scope import (
    default_plant,
    line_plant,
    plants_of,
    po_plant,
    po_plants,
    require_line,
    require_po,
)
from tools.tool import Tool

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from governance.context import Actor, CallContext


def _applies(tiers: list[ApprovalTier], kind: str, plant: str, cost: float) -> dict[str, Any]:
    """Who would have to approve `kind` at this cost, in data and words (or why nobody could)."""
    try:
        rule = rule_for_cost(tiers, kind, plant, cost)
    except GovernanceError as err:
        return {"approver_role": None, "four_eyes": False, "note": str(err)}
    return {
        "approver_role": rule.approver_role,
        "four_eyes": rule.four_eyes,
        "approver": approver_words(rule.approver_role, rule.four_eyes),
        "expires_after_hours": rule.ttl_hours,
    }


def _asker(
    actor: Actor, plant: str, kind: str, cost: float, rule: dict[str, Any]
) -> dict[str, Any]:
    """What the asker could do with this action at this cost, by governance's own check: confirm
    it as its requester, or approve it when someone else requested it ("is 12k mine to sign?")."""
    role = rule.get("approver_role")
    if not role:
        return {}
    four_eyes = bool(rule.get("four_eyes"))
    own = would_refuse(actor, plant, kind, cost, role, four_eyes, requested_by=actor.username)
    other = would_refuse(actor, plant, kind, cost, role, four_eyes, requested_by=None)
    return {
        "username": actor.username,
        "role": actor.role,
        "may_confirm_own": own is None,
        "may_approve_others": other is None,
        "why_not_own": None if own is None else str(own),
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


def _named_approvers(
    engine: Engine, plant: str, kind: str, cost: float, rule: dict[str, Any], requester: str
) -> list[str]:
    """Who holds the approver's role for this action at the plant and could decide it, were it
    raised by `requester` ('the plant manager' is priya.nair at LKS); none for 'the requester'."""
    role = rule.get("approver_role")
    if not role or role == "requester":
        return []
    four_eyes = bool(rule.get("four_eyes"))
    return [a.username for a in list_actors(engine) if a.role == role and would_refuse(
        a, plant, kind, cost, str(role), four_eyes, requested_by=requester) is None]  # fmt: skip


def _run_quote(engine: Engine, ctx: CallContext, args: ExpediteQuoteArgs) -> ToolResult:
    plant, line, tz, ref, qty = expedite_line(engine, args.po_number, args.line_no, args.qty)
    modes = [args.mode] if args.mode else list(FREIGHT_MODES)
    with engine.connect() as conn:
        tiers = approval_tiers(conn, "expedite_po", plant)
    options = []
    for mode in modes:
        quote = quote_expedite(args.po_number, args.line_no, qty, mode)
        rule = _applies(tiers, "expedite_po", plant, quote.cost)
        you = _asker(ctx.actor, plant, "expedite_po", quote.cost, rule)
        named = _named_approvers(engine, plant, "expedite_po", quote.cost, rule,
                                 ctx.actor.username)  # fmt: skip
        options.append({"mode": mode, "qty": qty, "cost": quote.cost, "basis": quote.basis,
                        **rule, "you": you, "approvers": named})  # fmt: skip
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
        policy="a quote only: nothing was proposed; premium freight approval rules: "
        + (tiers_in_words(tiers) or "none"),
    )


def mode_text(option: dict[str, Any]) -> str:
    who = option.get("approver") or option.get("note") or "no approval rule"
    return f"{option['mode']} {money(option['cost'])} ({option['basis']}), approved by {who}"


# ---------------------------------------------------------------- approval rule


class ApprovalRuleArgs(BaseModel):
    kind: ProposalKind | None = Field(
        default=None,
        description="The action: expedite_po (premium freight), "
        "supplier_escalation, po_date_change, transfer_inventory, "
        "resequence or quality_review (default: the proposal's, with proposal_id).",
    )
    cost: float = Field(default=0.0, ge=0, description="The action's cost in USD, if any.")
    above: bool = Field(
        default=False,
        description="The cost is a floor ('anything over 25k', 'above $5,000'): who approves "
        "costs above it.",
    )
    plant: str | None = Field(default=None, description="Plant code; default: your plant.")
    po_number: str | None = Field(
        default=None, pattern=r"^[A-Za-z]{2,4}-\d+$", description="Its PO (gives the plant)."
    )
    line: str | None = Field(
        default=None,
        max_length=40,
        description="A resequence's line, e.g. 'LKS-SEAT1' (gives the plant): its frozen "
        "horizon now. Default for a resequence: every line of the plant.",
    )
    work_order: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z]{2}-[\w-]+$",
        description="A work order, e.g. 'WO-SEAT1-0302-1400': whether it starts inside its "
        "line's frozen horizon (a resequence cannot move it).",
    )
    proposal_id: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z]{2}-\d+$",
        description="A proposal, e.g. 'AP-000001': what it asks, the rule at its cost, who may "
        "decide it and whether you may (four-eyes, role, limit), and when it expires "
        "unanswered: 'can I approve that myself?', 'does it need the plant manager?', 'what "
        "does AP-000001 want from me?', 'what if I ignore it?'.",
    )

    person: str | None = Field(
        default=None,
        max_length=64,
        description="A person asked about as the approver ('does it need morgan?', 'can sam "
        "sign it off?'): a username or first name; whether their role and plants make them "
        "the one who approves it, or who may.",
    )
    mode: FreightMode | None = Field(
        default=None,
        description="For an expedite of po_number with no cost: the freight mode priced (air).",
    )

    @model_validator(mode="after")
    def _an_action_or_a_proposal(self) -> ApprovalRuleArgs:
        asks_of_one = self.cost or self.above or self.po_number or self.work_order or self.person
        if self.kind is None and self.proposal_id is None and asks_of_one:
            raise ValueError("give the action's kind or a proposal_id")
        return self


def _rule_plants(args: ApprovalRuleArgs, actor: Actor, engine: Engine) -> list[str]:
    if args.proposal_id:
        return []  # the proposal's own plant is checked against the scope when it is read
    if args.po_number:
        return plants_of([po_plant(engine, args.po_number)])
    if args.work_order:
        found = planned_start(engine, args.work_order)
        return plants_of([found.plant if found else None])
    if args.line:
        return plants_of([line_plant(engine, args.line)])
    return [args.plant.upper()] if args.plant else [default_plant(actor, engine)]


def _frozen_facts(engine: Engine, args: ApprovalRuleArgs, plant: str) -> tuple[dict[str, Any], str]:
    """A resequence's frozen horizon now, per line (or for the WO asked about), and in words."""
    now, tz = as_of(engine), plant_timezone(engine, plant)
    wo = planned_start(engine, args.work_order) if args.work_order else None
    if args.work_order and wo is None:
        raise ToolError(f"no work order {args.work_order!r}; check it (e.g. "
                        "'WO-SEAT1-0302-1400')", "not_found")  # fmt: skip
    if wo is not None:
        horizons = [line_frozen_horizon(engine, wo.line, now)]
    elif args.line:
        require_line(engine, args.line)
        horizons = [line_frozen_horizon(engine, args.line.upper(), now)]
    else:
        horizons = plant_frozen_horizons(engine, plant, now)
    words = "; ".join(f"{h.line}: the first {h.hours:g} h, until {local(h.until, tz)}"
                      for h in horizons)  # fmt: skip
    text = f" Frozen horizon now ({local(now, tz)}): {words}; nothing starting before then moves."
    data: dict[str, Any] = {
        "frozen": [
            {"line": h.line, "hours": h.hours, "until": h.until.isoformat()} for h in horizons
        ],  # fmt: skip
    }
    if wo is not None:
        inside = horizons[0].covers(wo.start)
        data["work_order"] = {"id": wo.work_order, "line": wo.line,
                              "start": wo.start.isoformat(), "frozen": inside}  # fmt: skip
        text += (
            f" {wo.work_order} starts {local(wo.start, tz)}: "
            + ("inside the frozen horizon, so no resequence may move it."
               if inside else "after the frozen horizon, so a resequence may move it.")
        )  # fmt: skip
    return data, text


def _decision_facts(
    engine: Engine, actor: Actor, p: ProposalView, tiers: list[ApprovalTier]
) -> tuple[dict[str, Any], str]:
    """One proposal as its approver needs it: what it asks, the approver its cost needs, who may
    decide it and whether the caller may (governance's own check), and its expiry."""
    tz = plant_timezone(engine, p.plant_code)
    refusal = authority_refusal(actor, p, p.cost, p.required_role, p.four_eyes)
    may = p.status == "pending" and refusal is None
    who = deciders(engine, p)
    confirm = [t.max_cost for t in tiers if t.approver_role == "requester" and not t.four_eyes]
    own_limit = confirm[0] if confirm and confirm[0] is not None else None
    hours = (p.expires_at - p.created_at).total_seconds() / 3600
    data: dict[str, Any] = {
        "proposal": {
            "id": p.id, "kind": p.kind, "status": p.status, "plant": p.plant_code,
            "cost": p.cost, "requested_by": p.requested_by, "required_role": p.required_role,
            "four_eyes": p.four_eyes, "approver": approver_words(p.required_role, p.four_eyes),
            "expected_effect": p.expected_effect, "created_at": p.created_at.isoformat(),
            "expires_at": p.expires_at.isoformat(), "expires_local": local(p.expires_at, tz),
            "expires_after_hours": hours, "decided_by": p.decided_by,
        },
        "you": {
            "username": actor.username, "role": actor.role,
            "approval_limit": actor.approval_limit,
            "requester": actor.username == p.requested_by, "may_decide": may,
            "why_not": None if may else (str(refusal) if refusal else f"it is {p.status}"),
        },
        "requester_may_confirm_up_to": own_limit,
        "deciders": [{"username": a.username, "role": a.role} for a in who],
    }  # fmt: skip
    action = action_name(p.kind, article=True)
    text = (
        f"{p.id} ({action} at {p.plant_code}, {money(p.cost)}, requested by {p.requested_by}, "
        f"{p.status}): {p.expected_effect}."
    )
    if p.status != "pending":
        decided = f" by {p.decided_by}" if p.decided_by else ""
        return data, text + f" It is {p.status}{decided}: nothing is left to decide."
    needs = approver_words(p.required_role, p.four_eyes)
    text += f" It needs approval by {needs}"
    text += f" ({tier_of_cost(tiers, p.cost)})." if tiers else "."
    if own_limit is not None and p.cost > own_limit and actor.username == p.requested_by:
        text += (
            f" The requester may confirm {action} themselves only up to "
            f"{money(own_limit, cents=False)}; above that four-eyes applies: someone other than "
            "the requester decides it."
        )
    you = f"You ({actor.username}, {role_name(actor.role)})"
    if may and actor.username == p.requested_by:
        text += f" {you} may confirm it yourself (with the approval buttons, not in chat)."
    elif may:
        text += f" {you} may approve or reject it (with the approval buttons, not in chat)."
    else:
        text += f" {you} may not decide it: {refusal}."
    if who:
        names = ", ".join(f"{a.username} ({role_name(a.role)})" for a in who)
        text += f" Who may decide it: {names}."
    text += f" Unanswered, it expires {local(p.expires_at, tz)} (denied by default)."
    return data, text


def _person(engine: Engine, name: str) -> Actor:
    """The Lineside user a question names: by username or first name ('morgan', 'Priya')."""
    wanted = name.strip().lower()
    for actor in list_actors(engine):
        if wanted in (actor.username.lower(), actor.username.split(".")[0].lower()):
            return actor
    raise ToolError(f"no Lineside user named {name!r}; give a username, e.g. 'priya.nair'",
                    "not_found")  # fmt: skip


def _person_facts(person: Actor, d: Decision) -> tuple[dict[str, Any], str]:
    """Whether `person` is the one who approves decision `d`, may decide it, or may not (and
    why), from governance's own authority check."""
    refusal = rule_refusal(person, d)
    needed = is_rule_approver(person, d)
    plants = "all plants" if person.all_plants else ", ".join(person.plant_scope)
    who = f"{person.username} ({role_name(person.role)}, {plants})"
    wanted = approver_words(d.approver_role, d.four_eyes)
    if needed:
        text = f"Yes: {who} is the approver {d.subject} needs: {wanted}."
    elif refusal is None:
        text = f"It does not need {person.username}: {d.subject} needs {wanted}; {who} may too."
    else:
        text = f"No: {who} may not decide {d.subject} ({_their(refusal, d)}); it needs {wanted}."
    data = {"username": person.username, "role": person.role, "plants": list(person.plant_scope),
            "needed": needed, "may_decide": refusal is None,
            "why_not": None if refusal is None else str(refusal)}  # fmt: skip
    return data, text


def _their(refusal: GovernanceError, d: Decision) -> str:
    """Governance's reason, said of the person asked about rather than to them."""
    if isinstance(refusal, OutOfScope):
        return f"it is at {', '.join(d.plants)}, outside their plants"
    words = str(refusal).replace("you cannot approve your own", "nobody approves their own")
    return words.replace("you are", "they are").replace("your approval limit", "their limit")


def _priced(engine: Engine, args: ApprovalRuleArgs) -> ApprovalRuleArgs:
    """An expedite of a PO asked about with no cost: its quote's cost (the line's unconfirmed
    quantity, air unless another mode is named), as `expedite_quote` prices it."""
    if args.kind != "expedite_po" or not args.po_number or args.cost or args.proposal_id:
        return args
    _, _, _, _, qty = expedite_line(engine, args.po_number, 1, None)
    quote = quote_expedite(args.po_number, 1, qty, args.mode or "air")
    return args.model_copy(update={"cost": quote.cost})


def _expiry_words(tiers: list[ApprovalTier]) -> str:
    """'unanswered proposals expire 24 h after they are made (deny by default)'."""
    hours = sorted({t.ttl_hours for t in tiers})
    after = f" {hours[0]:g} h after they are made" if len(hours) == 1 else ""
    return f"unanswered proposals expire{after} (deny by default)"


def _whole_policy(engine: Engine, ctx: CallContext, args: ApprovalRuleArgs) -> ToolResult:
    """No kind and no proposal: every action's rule at the plant, and when proposals expire."""
    plant = (_rule_plants(args, ctx.actor, engine) or [default_plant(ctx.actor, engine)])[0]
    rules, every = [], []
    with engine.connect() as conn:
        for kind in get_args(ProposalKind):
            found = approval_tiers(conn, kind, plant)
            every.extend(found)
            rules.append({
                "kind": kind,
                "tiers": [{"up_to": t.max_cost, "approver_role": t.approver_role,
                           "four_eyes": t.four_eyes} for t in found],
                "expires_after_hours": found[0].ttl_hours if found else None,
                "in_words": tiers_in_words(found) or "no rule (nobody could approve it)",
            })  # fmt: skip
    expiry = _expiry_words(every)
    hours = sorted({t.ttl_hours for t in every})
    summary = (
        f"Every write is a proposal first. Approval rules at {plant}: "
        + "; ".join(f"{action_name(str(r['kind']))}: {r['in_words']}" for r in rules)
        + f". {expiry[0].upper()}{expiry[1:]}."
    )
    return ToolResult(
        ok=True,
        tool="approval_rule",
        data={
            "kind": None,
            "plant": plant,
            "rules": rules,
            "expires_after_hours": hours[0] if len(hours) == 1 else None,
        },  # fmt: skip
        summary=summary,
        sources=[f"approval_rule:{r['kind']}@{plant}" for r in rules],
        policy=expiry,
    )


def _run_rule(engine: Engine, ctx: CallContext, args: ApprovalRuleArgs) -> ToolResult:
    if args.kind is None and args.proposal_id is None:
        return _whole_policy(engine, ctx, args)
    proposal = get_proposal(engine, args.proposal_id, ctx.actor) if args.proposal_id else None
    args = _priced(engine, args)
    if proposal is not None:
        args = args.model_copy(update={"kind": proposal.kind, "cost": proposal.cost})
    plant = (
        proposal.plant_code
        if proposal is not None
        else require_po(engine, args.po_number)
        if args.po_number
        else (_rule_plants(args, ctx.actor, engine) or [default_plant(ctx.actor, engine)])[0]
    )
    assert args.kind is not None  # the validator: a kind, or a proposal that has one
    with engine.connect() as conn:
        found = approval_tiers(conn, args.kind, plant)
    tiers = [
        {
            "up_to": t.max_cost,
            "approver_role": t.approver_role,
            "four_eyes": t.four_eyes,
            "approver": approver_words(t.approver_role, t.four_eyes),
        }
        for t in found
    ]
    above = tiers_above(found, args.cost) if args.above else found
    applies = _applies(above, args.kind, plant, args.cost)
    tier_text = tiers_in_words(found)
    action = action_name(args.kind, article=True)
    rule_words = f"Approval rule for {action} at {plant}: {tier_text or 'none'}."
    summary = rule_words  # the rule asked for; with a proposal or a cost, the tier that applies
    decision: dict[str, Any] = {}
    if proposal is None:  # an action not raised yet: what the asker could do with it
        decision["you"] = _asker(ctx.actor, plant, args.kind, args.cost, applies)
        decision["approvers"] = _named_approvers(engine, plant, args.kind, args.cost, applies,
                                                 ctx.actor.username)  # fmt: skip
    if proposal is not None:
        decision, summary = _decision_facts(engine, ctx.actor, proposal, found)
    elif args.above and above:  # the answer first, then the whole rule
        words = (
            tiers_in_words(above)
            if len(above) > 1
            else approver_words(above[0].approver_role, above[0].four_eyes)
        )
        summary = f"Above {money(args.cost, cents=False)}: {words}."
    elif args.cost:
        at = f"At {money(args.cost)}: {applies.get('approver') or applies.get('note')}"
        summary = at + (f" ({tier_of_cost(found, args.cost)})." if found else ".")
    frozen: dict[str, Any] = {}
    if args.kind == "resequence" and proposal is None:
        frozen, words = _frozen_facts(engine, args, plant)
        summary += words
    person: dict[str, Any] = {}
    if args.person:
        rule = applies if proposal is None else {"approver_role": proposal.required_role,
                                                  "four_eyes": proposal.four_eyes}  # fmt: skip
        d = Decision(
            proposal.id if proposal else f"{action} at {plant} ({money(args.cost)})",
            # A transfer's yes also acts on the plant that ships: its side must be theirs too.
            args.kind, tuple(plants_acted_on(proposal)) if proposal else (plant,),
            proposal.requested_by if proposal else ctx.actor.username,
            args.cost, str(rule.get("approver_role") or "executive"), bool(rule.get("four_eyes")),
        )  # fmt: skip
        facts, words = _person_facts(_person(engine, args.person), d)
        person = {"person": facts}
        who = ", ".join(f"{a['username']} ({role_name(a['role'])})"
                        for a in decision.get("deciders") or [])  # fmt: skip
        # The person asked about, then who may decide it; the rest stays in the data.
        summary = words + (f" Who may decide it: {who}." if who else f" {summary}")
    return ToolResult(
        ok=True,
        tool="approval_rule",
        data={
            "kind": args.kind,
            "plant": plant,
            "cost": args.cost,
            "above": args.above,
            "tiers": tiers,
            "applies": applies,
            "asker": {"username": ctx.actor.username, "role": ctx.actor.role},
            **frozen,
            **decision,
            **person,
        },
        summary=summary,
        sources=[*([proposal.id] if proposal else []), f"approval_rule:{args.kind}@{plant}"],
        policy=(f"{rule_words.rstrip('.')}; " if summary != rule_words else "")
        + _expiry_words(found),
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
            "approves premium freight over a cost?' or 'can I confirm this myself?'. For a "
            "resequence it also gives each line's frozen horizon now (nothing starting before "
            "its end moves) and whether a given work order is inside it: 'is WO-... in the "
            "frozen window?', 'can a resequence touch first shift?'. With a proposal_id: that "
            "proposal's facts, who may decide it, whether you may and why not, and when it "
            "expires unanswered."
        ),
        input_model=ApprovalRuleArgs,
        plants=_rule_plants,
        run=_run_rule,
    ),
]
