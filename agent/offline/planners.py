"""One planner per intent: the tool calls a clause needs, or the question back to ask."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from typing import Any

from agent.offline import clock_said
from agent.offline.date_moves import shift_in
from agent.offline.mentions import Mentions, find_mentions, horizon_for, local_now
from agent.offline.slots import (
    clock_in,
    day_in,
    horizon_in,
    keep_until_in,
    kpi_period,
    mode_in,
    modes_in,
    money_floor_in,
    supply_policy_in,
)
from agent.offline.status_answer import FOCUS_KEY as STATUS_OF
from agent.offline.supplier_record import ranks_by_kpi, ranks_suppliers
from agent.offline.supply_in_full import FOCUS_KEY as SUPPLY_IF
from agent.offline.supply_in_full import arrives_in_full
from agent.offline.vocabulary import Vocabulary
from domain.entities import Entity, EntityKind
from domain.entities.names import fold
from domain.kpis import find_kpi

ToolCall = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class Pending:
    """An action that needs one fact first: the open PO line it is about (named by its item,
    supplier or PO), or that line's date when the change is 'a day later'.

    `args` are what the clause gave (mode, qty, tone, reason); `act` the dialogue act it came
    with; `named` how the user named it, for the question back.
    """

    tool: str
    args: dict[str, Any] = field(default_factory=dict)
    act: str = "request"
    named: str = ""
    shift_days: int | None = None
    prefer: str = ""  # "unconfirmed": the words ask for the rest, the balance, what is missing
    jobs: tuple[dict[str, Any], ...] = ()  # WOs described by start and product ("the 10am vega")
    amount: float | None = None  # "the 6800 air": the line's quantity if it is one, else money


PROPOSAL_KINDS = {
    "expedite_po": "expedite_po",
    "draft_supplier_escalation": "supplier_escalation",
    "request_po_date_change": "po_date_change",
    "transfer_inventory": "transfer_inventory",
    "propose_resequence": "resequence",
    "request_quality_review": "quality_review",
}  # propose tool -> the kind of proposal it raises
# The action a thread's call is about: a proposal's kind, or an expedite it priced.
ACTION_OF_CALL = {**PROPOSAL_KINDS, "expedite_quote": "expedite_po"}
LOOKUP_TOOL = "po_lines_by_impact"  # the open PO lines of an item, supplier or PO, ranked


@dataclass(frozen=True)
class Recall:
    """What earlier turns of the thread named, so 'the 600' or 'that PO' can be resolved."""

    po_number: str | None = None
    supplier: str | None = None
    item: str | None = None
    line: str | None = None
    proposal: str | None = None
    intent: str | None = None  # the previous turn's intent, for "and for DOOR1?"
    calls: tuple[tuple[str, dict[str, Any]], ...] = ()  # the previous turn's read calls
    pending: Pending | None = None  # an action the previous turn asked a question back about
    choices: tuple[dict[str, Any], ...] = ()  # the PO lines that question offered, best first
    listed: tuple[str, ...] = ()  # the POs the previous turn's result listed, in its order
    offer: dict[str, Any] | None = None  # the action the previous turn priced or weighed
    receipt: int | None = None  # which scheduled receipt of an item the previous turn answered
    declined: tuple[tuple[str, dict[str, Any]], ...] = ()  # actions the role may not ask for
    shorts: tuple[str, ...] = ()  # the items the previous turn's shortages listed, in its order
    last_item: str | None = None  # the one item the previous turn's calls and results were about


@dataclass(frozen=True)
class Plan:
    """Tool calls to make (run in parallel), or a reply to give without tools.

    `focus` tells the answer what to pick from the results ('this resequence': a kind or id);
    `act` is the dialogue act it answers; `asks` are questions back beside the calls (one ask
    of several needed a clarification).
    """

    intent: str
    calls: list[ToolCall] = field(default_factory=list)
    reply: str | None = None
    focus: dict[str, str] = field(default_factory=dict)
    act: str = "ask"
    asks: tuple[str, ...] = ()
    then: Pending | None = None  # the action to plan once the calls' results are in
    choices: tuple[dict[str, Any], ...] = ()  # PO lines a question back offers
    offer: ToolCall | None = None  # a propose call the guard did not make; "ok do it" makes it
    declined: tuple[ToolCall, ...] = ()  # propose calls the role may not make (audited as such)


CAPABILITIES = (
    "I can tell you what will stop a line (shortages), what is clear to build, why a PO is at "
    "risk, which open PO lines will hit production soonest, when more of an item arrives, what a "
    "supplier wrote, supplier and KPI figures (OTIF, premium freight, period against period, a "
    "supplier against the portfolio), what an expedite would cost and who approves what, and "
    "what needs your approval; and I can propose escalations, expedites, PO date changes, "
    "transfers, resequences and quality reviews."
)
READ_HELP = (
    "I can still answer questions: shortages, clear-to-build, PO risk, supplier and KPI "
    "figures, what an action would cost and who approves it, and what is pending."
)
CANT = "That is outside what I know about your plants. Here is what I can do: " + CAPABILITIES
CHITCHAT = "Hello! " + CAPABILITIES[0].upper() + CAPABILITIES[1:]
APPROVE_IN_CHAT = (
    "I can't approve or reject anything from chat text. An approver decides with the approval "
    "buttons in Slack/Teams, the console, the API, or `lineside proposals approve ID --as USER`."
)


def _choose(kind: str, codes: list[str], names: dict[str, str], ask: str = "do you mean") -> str:
    listed = [f"{c} ({names.get(c, c)})" for c in codes]
    options = ", ".join(listed[:-1]) + f" or {listed[-1]}" if len(listed) > 1 else listed[0]
    return f"Which {kind} {ask}: {options}?"


def _has(text: str, pattern: str) -> bool:
    return re.search(pattern, text, re.IGNORECASE) is not None


def _supplier(m: Mentions, recall: Recall, vocab: Vocabulary) -> str | Plan | None:
    """The one supplier meant, a clarifying question when the name fits several, else None."""
    if len(m.suppliers) == 1:
        return m.suppliers[0]
    if len(m.suppliers) > 1 or m.supplier_choices:
        choices = m.suppliers or m.supplier_choices
        return Plan("clarify", reply=_choose("supplier", choices, dict(vocab.suppliers)))
    return recall.supplier if recall.supplier else None


def _item(m: Mentions, recall: Recall, vocab: Vocabulary) -> str | Plan | None:
    if len(m.items) == 1:
        return m.items[0]
    if len(m.items) > 1 or len(m.item_choices) > 1:
        return Plan("clarify", reply=_choose("item", m.items or m.item_choices, dict(vocab.items)))
    if m.item_choices:
        return m.item_choices[0]
    return recall.item


def _po(m: Mentions, recall: Recall) -> str | None:
    return m.po_numbers[0] if m.po_numbers else recall.po_number


def _per_line(tool: str, args: dict[str, Any], m: Mentions) -> list[ToolCall]:
    """One call per line named ('seat1 and door1 separately'), else the one call."""
    if len(m.lines) < 2 or args.get("line") != m.lines[0]:
        return [(tool, args)]
    return [(tool, {**args, "line": line}) for line in dict.fromkeys(m.lines)]


def _line(m: Mentions, vocab: Vocabulary) -> str | Plan | None:
    """The one line meant, a question when 'SEAT' fits several, a 'no such line' when unknown."""
    if m.lines:
        return m.lines[0]
    if m.line_choices:
        return Plan("clarify", reply=_choose("line", m.line_choices, dict(vocab.lines)))
    if m.unknown_lines:
        known = ", ".join(f"{c} ({n})" for c, n in vocab.lines.items())
        said = m.unknown_lines[0]
        named = f"“{said}”" if said.endswith(" line") else f"line {said}"  # words, or a code
        return Plan("unknown", reply=f"There is no {named} in the plant data. The lines "
                    f"are: {known}.")  # fmt: skip
    return None


# "the rest", "the balance", "what's missing": the part of a line the supplier has not confirmed.
REST_RE = re.compile(
    r"\b(?:rest|balance|remain\w*|remainder|unconfirmed|un-confirmed|missing|outstanding|"
    r"shortfall|left ?over|what'?s left|what is left|not (?:yet )?confirmed|"
    r"open (?:qty|quantity))\b",
    re.IGNORECASE,
)


def _preferred(text: str) -> str:
    return "unconfirmed" if REST_RE.search(text) else ""


def _plant_args(m: Mentions) -> dict[str, Any]:
    return {"plant": m.plants[0]} if len(m.plants) == 1 and not m.lines else {}


# ---------------------------------------------------------------- one planner per intent


# "show me", "can I see": asking to be shown, not asking what waits for the asker's approval.
SHOW_ME_RE = re.compile(
    r"\b(?:show|give|tell|get|send|list|pull up for|find)\s+me\b|\blet me (?:see|know)\b|"
    r"\bcan i (?:see|get|have)\b|\bi(?:'d| would)? (?:like|want|need) to (?:see|know)\b",
    re.IGNORECASE,
)


ABOVE_PLANT_RE = re.compile(r"\b(?:over|above|beyond|past|exceed\w*)\b.*\blimits?\b", re.I)
# "which of that needs my signature" after shortages or risks: which of those actions would.
OF_THAT_RE = re.compile(r"\b(?:which|what|any) of (?:that|this|those|these|them)\b", re.IGNORECASE)


def plan_approvals(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    mine = _has(SHOW_ME_RE.sub(" ", text), r"\bmy\b|\bme\b|\bi\b")
    calls: list[ToolCall] = [
        ("pending_proposals", {"awaiting_my_approval": mine, **_plant_args(m)})
    ]
    if ABOVE_PLANT_RE.search(text):  # over the plant's limits: those an executive decides
        calls = [("pending_proposals", {"above_plant_limit": True, **_plant_args(m)})]
    proposals = ("pending_proposals", "approval_rule")
    if (
        OF_THAT_RE.search(text)
        and recall.calls
        and not any(n in proposals or n in ACTION_OF_CALL for n, _ in recall.calls)
    ):
        calls.append(("approval_rule", {}))  # the actions those call for: whose sign-off each
    return Plan("approvals", calls)


def _named_lines(
    intent: str, pending: Pending, m: Mentions, recall: Recall, vocab: Vocabulary
) -> Plan | None:
    """Read the open PO lines of the item or supplier an action names (no PO given); the action
    follows once they are in (`then`). None when the clause names neither."""
    item = _item(m, Recall(), vocab) if (m.items or m.item_choices) else None
    if isinstance(item, Plan):
        return item
    supplier = m.suppliers[0] if len(m.suppliers) == 1 else None
    lookup: dict[str, Any] = {"horizon": "14d", **_plant_args(m)}
    if item:
        lookup["item"] = item
    if supplier:
        lookup["supplier"] = supplier
    if not (item or supplier):
        if recall.item is None or recall.po_number is not None:
            return None  # "expedite it": the thread's PO if it named one
        item, lookup["item"] = recall.item, recall.item  # "expedite it" after the item's answer
    named = item or vocab.suppliers.get(supplier or "", supplier or "")
    return Plan(intent, [(LOOKUP_TOOL, lookup)],
                then=replace(pending, named=str(named)))  # fmt: skip


def plan_expedite(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    args: dict[str, Any] = {"mode": mode_in(text) or m.mode or "air"}
    if m.quantities:
        args["qty"] = m.quantities[0]
    po = m.po_numbers[0] if m.po_numbers else None
    # "the 6800 air on 7781": a quantity only if it is one of the line's, else the quote's price
    amount = m.amounts[0] if m.amounts and "qty" not in args else None
    if po is None:
        m = _their_supplier(text, m, recall)  # "the air freight on their modules"
        wanted = Pending("expedite_po", args, prefer=_preferred(text), amount=amount)
        by_name = _named_lines("expedite", wanted, m, recall, vocab)
        if by_name is not None:
            return by_name
        po = recall.po_number
    if po is None:
        return Plan("clarify", reply="Which PO should I expedite? For example: 'air-expedite "
                    "the unconfirmed quantity on PO-7781'.")  # fmt: skip
    if amount is not None:  # the line's quantities are read first
        then = Pending("expedite_po", args, named=po, amount=amount)
        return Plan("expedite", [(LOOKUP_TOOL, {"horizon": "14d", "po_number": po})], then=then)
    return Plan("expedite", [("expedite_po", {"po_number": po, **args})])


THEIR_RE = re.compile(r"\b(?:their|theirs|they|them|that supplier'?s?|those guys'?)\b", re.I)


def _their_supplier(text: str, m: Mentions, recall: Recall) -> Mentions:
    """The thread's supplier, pointed at ('their modules') where the clause names no PO, item
    or supplier of its own."""
    if m.po_numbers or m.items or m.suppliers or not recall.supplier or recall.po_number:
        return m
    return replace(m, suppliers=[recall.supplier]) if THEIR_RE.search(text) else m


def _priced(recall: Recall) -> dict[str, Any] | None:
    """The expedite the thread last priced or proposed, as a quote's arguments."""
    last = [a for n, a in recall.calls if n in ("expedite_quote", "expedite_po")]
    if not last or not last[-1].get("po_number"):
        return None
    return {k: v for k, v in last[-1].items() if k in ("po_number", "line_no", "mode", "qty")}


def plan_expedite_quote(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """What an expedite would cost, who approves it, whether one exists: facts, no proposal.
    Both modes named ('by air vs truck') quote both (the tool's default), one named that one."""
    args: dict[str, Any] = {}
    modes = modes_in(text)
    if len(modes) == 1:
        args["mode"] = modes[0]
    if m.quantities:
        args["qty"] = m.quantities[0]
    po = m.po_numbers[0] if m.po_numbers else None
    priced = _priced(recall)
    if po is None and not (m.items or m.item_choices or m.suppliers) and priced and not args:
        return Plan("expedite_quote", [("expedite_quote", priced)])  # "what's the damage?"
    if po is None:
        m = _their_supplier(text, m, recall)
        quote = Pending("expedite_quote", args, act="ask", prefer=_preferred(text))
        by_name = _named_lines("expedite_quote", quote, m, recall, vocab)
        if by_name is not None:
            return by_name
        po = recall.po_number
    if po is None:
        return Plan("clarify", reply="Which PO do you mean? For example: 'what would air "
                    "freight cost for PO-7781?'.")  # fmt: skip
    priced_plan = Plan("expedite_quote", [("expedite_quote", {"po_number": po, **args})])
    return with_effect(priced_plan, vocab) if FIXES_RE.search(text) else priced_plan


def with_effect(quote: Plan, vocab: Vocabulary) -> Plan:
    """An expedite quote and what it would fix ('... and does it fix wed?'): the shortages with
    the PO's unconfirmed quantity counted as arriving when promised; still no proposal."""
    po = next((a.get("po_number") for n, a in quote.calls if n == "expedite_quote"), None)
    if po is None or any(n == "shortages" for n, _ in quote.calls):
        return quote
    plant = {"plant": vocab.po_plants[po]} if po in vocab.po_plants else {}
    short: ToolCall = ("shortages", {"horizon": "14d", "include_unconfirmed": True, **plant})
    return replace(quote, calls=[*quote.calls, short], focus={**quote.focus, SUPPLY_IF: EXPEDITED})


# "does it fix wed", "would that save tuesday", "are we ok then": what the action would leave.
FIXES_RE = re.compile(
    r"\b(?:fix|fixes|save|saves|solve|solves|close|closes|cover|covers|sort|sorts)\b"
    r"(?:\s+(?:it|that|the \w+|us|wed\w*|thu\w*|tue\w*|mon\w*|fri\w*|the gap|things))?|"
    r"\b(?:are|r) we (?:ok|okay|good|fine|covered|whole)\b|\bstill short\b|\bgap go away\b",
    re.IGNORECASE,
)


# "worst case we dont expedite the heater modules at all, how bad": what that leaves short.
HOW_BAD_RE = re.compile(
    r"\bhow bad\b|\bworst case\b|\bhow much (?:do we|would we) lose\b|\bwhat(?:'s| is| would be)? "
    r"the (?:impact|damage|hit)\b|\bwhat happens\b|\bhow (?:many|much) (?:line[- ]?)?h(?:ou)?rs\b",
    re.IGNORECASE,
)


def with_impact(plan: Plan, clause: str) -> Plan:
    """An action turned down, asked what that costs the lines: the item's shortages beside its
    facts, the default projection (nothing supposed)."""
    if plan.act != "negate" or HOW_BAD_RE.search(clause) is None:
        return plan
    if any(n == "shortages" for n, _ in plan.calls):
        return plan
    item = next((a["item"] for _, a in plan.calls if a.get("item")), None)
    if item is None:
        return plan
    return replace(plan, calls=[*plan.calls, ("shortages", {"horizon": "14d", "item": item})])


def fixes_only(clause: str, vocab: Vocabulary) -> bool:
    """Whether the clause only asks what the action before it would fix ('does it fix wed')."""
    if FIXES_RE.search(clause) is None:
        return False
    m = find_mentions(clause, vocab)
    return not (m.po_numbers or m.items or m.item_choices or m.suppliers or m.asns or m.lots)


EXPEDITED = "expedited"  # the shortages supposed with the expedited quantity arriving on time


ACTION_KINDS = (
    (r"expedit|freight|air|truck|hot[- ]?sh(?:o|i)[tp]|\bfly|\bflew|flown", "expedite_po"),
    (r"escalat|email|chase", "supplier_escalation"),
    (r"date change|move|pull in|push out|reschedul", "po_date_change"),
    (r"transfer", "transfer_inventory"),
    (r"re-?sequenc|sequence|\breseq\b|re-?shuffl|\bshuffl", "resequence"),
    (r"quality|review|hold", "quality_review"),
)


def action_kind(text: str) -> str | None:
    """The kind of action a clause is about ('who approves premium freight?': expedite_po)."""
    return next((kind for pattern, kind in ACTION_KINDS if _has(text, pattern)), None)


# "the expedite", "that request", "my proposal": an action the thread already raised.
THIS_ACTION_RE = re.compile(
    r"\b(?:the|that|this|my|our)\s+(?:\w+\s+)?(?:expedit\w*|escalation|resequence|transfer|"
    r"review|date change|request|proposal|one)\b",
    re.IGNORECASE,
)
# The calls of a turn that was about one proposal: it raised it, or read it.
ABOUT_A_PROPOSAL = (*PROPOSAL_KINDS, "pending_proposals", "approval_rule")


def thread_proposal(text: str, m: Mentions, recall: Recall, kind: str | None) -> str | None:
    """The proposal a question about deciding means: the one it names, else the one the thread's
    last turn raised or read ("can I approve that myself?", "does it need the plant manager?"),
    unless the question names an amount, a PO, an item or a supplier of its own, or another kind
    of action."""
    if m.proposals:
        return m.proposals[0]
    if recall.proposal is None or m.money or m.po_numbers or m.items or m.item_choices:
        return None
    if m.suppliers or (kind is not None and not THIS_ACTION_RE.search(text)):
        return None
    last = [name for name, _ in recall.calls if name in ACTION_OF_CALL or name in ABOUT_A_PROPOSAL]
    return recall.proposal if not last or last[-1] in ABOUT_A_PROPOSAL else None


def plan_approval_rule(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """Who must approve an action: the rule's tiers, and the approver at the cost named; for the
    thread's proposal, who may decide it and whether the user may (`approval_rule` reads it)."""
    kind = action_kind(text)
    proposal = thread_proposal(text, m, recall, kind)
    if proposal is not None:
        return Plan("approval_rule", [("approval_rule", {"proposal_id": proposal})])
    po = m.po_numbers[0] if m.po_numbers else None
    named = po or m.items or m.item_choices or len(m.suppliers) == 1
    if kind == "expedite_po" and named and not m.money:
        # "who'd sign off if we air the 600 heater modules?": the quote names each approver
        return plan_expedite_quote(text, m, recall, vocab)
    if kind is None and not m.money:
        # "who has to sign that off?" after an action: the action the thread just proposed
        recalled = [(n, a) for n, a in recall.calls if n in ACTION_OF_CALL]
        kind = ACTION_OF_CALL[recalled[-1][0]] if recalled else None
        priced = _priced(recall) if kind == "expedite_po" else None
        if priced:  # the expedite just priced or proposed: its quote again
            return Plan("expedite_quote", [("expedite_quote", priced)])
        po = po or recall.po_number
        if kind == "expedite_po" and po:
            return plan_expedite_quote(text, replace(m, po_numbers=[po]), recall, vocab)
    if kind is None:
        kind = "expedite_po" if m.money else None
    if kind is None:  # "what are the approval rules?": every action's rule and the expiry
        return Plan("approval_rule", [("approval_rule", _plant_args(m))])
    args: dict[str, Any] = {"kind": kind, **_plant_args(m)}
    if m.money:
        args["cost"] = m.money[0]
    elif kind == "expedite_po" and m.amounts and PRICED_BARE_RE.search(text):
        args["cost"] = m.amounts[0]  # "the 6800 expedite": a price said without a $
    if m.money and money_floor_in(text):
        args["above"] = True  # "anything over 25k goes to who?": the tiers above it
    if po:
        args["po_number"] = po
    return Plan("approval_rule", [("approval_rule", args)])


# "24h from when he sent it or from when i open it?": when a proposal's expiry clock starts
EXPIRY_START_RE = re.compile(
    r"\b(?:24|twenty[- ]four)\s*(?:h|hrs?|hours?)\b[^.?!;]{0,20}\bfrom\b|"
    r"\b(?:clock|timer|countdown|expiry|24 ?h)\b[^.?!;]{0,30}\b(?:start|starts|begin|begins|"
    r"run from|counts? from)\b|\bfrom when (?:it|he|she|they|i|it'?s|its) (?:was |is |gets? )?"
    r"(?:sent|made|raised|created|submitted|proposed|opened?|read|seen|see)\b",
    re.IGNORECASE,
)


def plan_proposal_facts(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """What a proposal asks of its approver and what happens if nobody answers it: the proposal
    named or the thread's (what it does, its cost, requester, approver, expiry); else the
    pending proposals at the user's plants, each with its expiry."""
    named = m.proposals[0] if m.proposals else recall.proposal
    if named:
        return Plan("proposal_facts", [("approval_rule", {"proposal_id": named})])
    pending: ToolCall = ("pending_proposals", {"status": "pending"})
    kind = weighed_kind(recall) or action_kind(text)  # "leave the air freight sitting there"
    listed = any(name == "pending_proposals" for name, _ in recall.calls)
    if kind is None and EXPIRY_START_RE.search(text):  # "24h from when he sent it?": the rule
        return Plan("proposal_facts", [("approval_rule", _plant_args(m)), pending])
    if kind is None and (listed or _has(text, r"\b(?:it|this|that|them|these|those)\b")):
        return Plan("proposal_facts", [pending])  # "if I ignore it?": each pending one's expiry
    if kind is None:  # "how long do proposals sit before they die?": the rule, then what waits
        return Plan("proposal_facts", [("approval_rule", _plant_args(m)), pending])
    # "and if nobody answers?" after a quote: the rule's expiry for that action, and what waits
    rule: dict[str, Any] = {"kind": kind}
    po = (recall.offer or {}).get("args", {}).get("po_number") or recall.po_number
    if po and kind in ("expedite_po", "po_date_change", "supplier_escalation"):
        rule["po_number"] = po
    return Plan("proposal_facts", [("approval_rule", rule), pending], focus={"unasked": kind})


def weighed_kind(recall: Recall) -> str | None:
    """The kind of the action the thread last weighed: offered, priced or proposed."""
    tool = (recall.offer or {}).get("tool") or next((n for n, _ in recall.calls), None)
    return ACTION_OF_CALL.get(str(tool)) if tool else None


def plan_proposal_status(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """Whether an action was proposed, approved or done: the proposals, with their status."""
    # "did priya approve it?": the action the thread weighed
    kind = action_kind(text) or (
        weighed_kind(recall) if _has(text, r"\b(?:it|that|this|one)\b") else None
    )
    who = _has(text, r"\bwho\b")  # "who asked for it?": the proposals list their requesters
    if kind == "expedite_po" and (m.po_numbers or recall.po_number) and not who:
        quote = plan_expedite_quote(text, m, recall, vocab)  # its proposals, newest first
        return replace(quote, focus={**quote.focus, STATUS_OF: kind})
    focus = {"kind": kind} if kind else {}
    if kind and not who:
        focus[STATUS_OF] = kind  # "did that go out yet?": yes, not yet or no first
    named = m.proposals[0] if m.proposals else None
    if named:
        focus["proposal"] = named
    return Plan("proposal_status", [("pending_proposals", {"status": "all"})], focus=focus)


def plan_withdraw(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """'Cancel the expedite': chat cannot withdraw a proposal; the pending ones, and what ends
    them (its approver rejects it, or it expires unanswered)."""
    focus = {"withdraw": "yes", **({"kind": k} if (k := action_kind(text)) else {})}
    return Plan("withdraw", [("pending_proposals", {"status": "pending"})], focus=focus)


def plan_audit(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """The audit trail, filtered by the proposal or kind of action named (governance decides
    whether the caller's role may read it)."""
    args: dict[str, Any] = {}
    if m.proposals:
        args["proposal_id"] = m.proposals[0]
    tool = next((t for t, k in PROPOSAL_KINDS.items() if k == action_kind(text)), None)
    if tool and not m.proposals:
        args["tool"] = tool
    return Plan("audit", [("audit_lookup", args)])


def plan_ranked_po_lines(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """Open PO lines by how likely they hit production within the horizon asked (default 48h)."""
    args: dict[str, Any] = {"horizon": horizon_in(text, vocab.as_of) or "48h",
                            **_plant_args(m)}  # fmt: skip
    if len(m.suppliers) == 1:
        args["supplier"] = m.suppliers[0]
    if len(m.items) == 1:
        args["item"] = m.items[0]
    return Plan("ranked_po_lines", [("po_lines_by_impact", args)])


def plan_capabilities(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    return Plan("capabilities", reply=CAPABILITIES[0].upper() + CAPABILITIES[1:])


def plan_out_of_domain(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    return Plan("out_of_domain", reply=CANT)


TONES = (
    (r"\b(?:friendly|polite|gentle|nice|soft|courteous)\b", "friendly"),
    (r"\b(?:urgent|asap|right away|immediately)\b", "urgent"),
    (r"\b(?:firm|stern|strong(?:ly)?(?:[- ]worded)?|sharp|serious|tough)\b", "firm"),
)  # the escalation's tone, in the words people use for it


def plan_escalation(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    said = [tone for words, tone in TONES if _has(text, words)]
    tone = {"tone": said[-1]} if said else {}
    shipped = [vocab.asn_pos[a] for a in m.asns if vocab.asn_pos.get(a)]
    if shipped and not m.po_numbers:  # "drop toledo a line": the PO of the shipment held there
        m = replace(m, po_numbers=shipped[:1])
    if len(m.suppliers) != 1 and not m.po_numbers and (m.items or m.item_choices):
        # "chase the heater module order": the supplier and PO of the item's open line
        # a plant that is also the supplier ("write to saltillo") is whom to write, not where
        item_only = replace(m, suppliers=[], supplier_choices=[],
                            plants=[p for p in m.plants if p not in vocab.suppliers])  # fmt: skip
        wanted = Pending("draft_supplier_escalation", dict(tone), prefer=_preferred(text))
        found = _named_lines("escalation", wanted, item_only, Recall(), vocab)
        if found is not None:
            return found
    supplier: str | Plan | None = m.suppliers[0] if len(m.suppliers) == 1 else None
    if supplier is None and not m.po_numbers:
        supplier = _supplier(m, recall, vocab)
    if isinstance(supplier, Plan):
        return supplier
    if supplier is None and m.po_numbers:  # "chase the supplier of PO-7802": the PO's supplier
        then = Pending("draft_supplier_escalation", dict(tone), named=m.po_numbers[0])
        lookup = {"horizon": "14d", "po_number": m.po_numbers[0]}
        return Plan("escalation", [(LOOKUP_TOOL, lookup)], then=then)
    if supplier is None:
        return Plan("clarify", reply="Which supplier should I escalate to?")
    args: dict[str, Any] = {"supplier": supplier}
    if m.po_numbers:
        args["po_number"] = m.po_numbers[0]
    return Plan("escalation", [("draft_supplier_escalation", {**args, **tone})])


def plan_transfer(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    item = _item(m, recall, vocab)
    if isinstance(item, Plan):
        return item
    found = re.search(r"from\s+(\w+).*?\bto\s+(\w+)", text, re.IGNORECASE)
    if item is None or not m.quantities or found is None:
        return Plan("clarify", reply="Which item, how many, and from which plant to which? For "
                    "example: 'transfer five hundred T-3105 from SAL to LKS'.")  # fmt: skip
    return Plan("transfer", [("transfer_inventory", {
        "item": item, "qty": m.quantities[0],
        "from_plant": found.group(1).upper(), "to_plant": found.group(2).upper(),
    })])  # fmt: skip


def held_lots(vocab: Vocabulary, scope: tuple[str, ...] = ()) -> list[Entity]:
    """The lots on quality hold at the plants of `scope` (empty or '*': every plant)."""
    every = not scope or "*" in scope
    return [e for e in vocab.spotter.directory.entities("lot") if every or e.plant in scope]


def plan_quality_review(
    text: str, m: Mentions, recall: Recall, vocab: Vocabulary, scope: tuple[str, ...] = ()
) -> Plan:
    """A quality review of the lot named ('lot 0311'), else the held lot of the item named or
    the thread's item, else the one lot on hold at the user's plants; several: which one."""
    if m.lot_choices and not m.lots:
        return Plan("clarify", reply="Which lot do you mean: " + ", ".join(m.lot_choices) + "?")
    held = held_lots(vocab, scope)
    named = m.items[0] if len(m.items) == 1 else held_item(m, vocab)
    of_item = [e.code for e in held if (named or recall.item) in e.related]
    # "The held lot": the thread's item's, else the one on hold at the user's plants.
    anywhere = [] if m.lots or named else [e.code for e in held]
    lots = m.lots or of_item or anywhere
    if not lots and named:
        return Plan("clarify", reply=f"No lot of {named} is on quality hold at your plants, so "
                    "there is nothing for quality to review.")  # fmt: skip
    if len(lots) > 1:
        listed = ", ".join(f"{e.code} ({', '.join(e.related)})" for e in held if e.code in lots)
        return Plan("clarify", reply=f"Several lots are on quality hold at your plants: {listed}. "
                    "Which one should quality review?")  # fmt: skip
    if not lots:
        return Plan("clarify", reply="No lot is on quality hold at your plants, so there is "
                    "nothing for quality to review.")  # fmt: skip
    return Plan("quality_review", [("request_quality_review", {"lot": lots[0]})])


def plan_po_risk(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    if not m.po_numbers and (m.items or m.item_choices or len(m.suppliers) == 1):
        # "the Voltaic order for the heater modules": the risk of that item's or supplier's
        # open PO line most likely to hit production, read once its lines are in
        explain = Pending("explain_po_risk", act="ask")
        found = _named_lines("po_risk", explain, m, Recall(), vocab)
        if found is not None:
            return found
    po = _po(m, recall)
    if po is None:
        return Plan("clarify", reply="Which PO do you mean? For example: 'why is PO-7781 risky?'")
    return Plan("po_risk", [("explain_po_risk", {"po_number": po})])


def plan_supplier_performance(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    if len(m.suppliers) > 1:  # "how are voltaic and polyform doing (on confirmations)?": each
        if m.kpi:
            return plan_kpi(text, m, recall, vocab)
        return Plan("supplier_performance", [
            ("supplier_performance", {"supplier": s, **_plant_args(m)}) for s in m.suppliers[:3]
        ])  # fmt: skip
    supplier = _supplier(m, recall, vocab)
    if isinstance(supplier, Plan):
        return supplier
    if supplier is None:
        return plan_kpi(text, m, recall, vocab)
    args: dict[str, Any] = {"supplier": supplier, **_plant_args(m)}
    period = kpi_period(text, vocab.as_of).period or m.period  # "how did voltaic do in jan"
    if period:
        args["period"] = period
    return Plan("supplier_performance", [("supplier_performance", args)])


def _line_plant(line: str, vocab: Vocabulary) -> str | None:
    found = vocab.spotter.directory.get("line", line)
    return found.plant if found else None


def _as_written(text: str, plants: list[str], vocab: Vocabulary) -> list[str]:
    """Plants in the order the message names them ('SAL against LKS': SAL first)."""
    folded = fold(text)

    def first_said(code: str) -> int:
        known = vocab.spotter.directory.get("plant", code)
        words = [code, *vocab.plants.get(code, "").split()[:1], *(known.aliases if known else ())]
        found = [m.start() for w in words if w
                 for m in [re.search(rf"\b{re.escape(fold(w))}\b", folded)] if m]  # fmt: skip
        return min(found, default=len(folded))

    return sorted(plants, key=first_said)


def plan_kpi(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """A KPI's value as asked; several KPIs named in one ask ('how late are they on avg, and
    OTIF vs the rest') are each read with the same filters, period and comparison."""
    if m.kpi is None:
        return Plan("unknown", reply=CANT)
    if len(m.kpis) < 2 and len(m.items) > 1 and m.kpi == "days_of_supply":
        # "days of supply on heater module, seat foam and the black armrest cover?": each item's
        plans = [_plan_one_kpi(text, replace(m, items=[c]), recall, vocab) for c in m.items]
        calls = _distinct([call for plan in plans for call in plan.calls])
        return Plan(plans[0].intent, calls) if calls else plans[0]
    if len(m.kpis) < 2:
        return _plan_one_kpi(text, m, recall, vocab)
    plans = [_plan_one_kpi(text, replace(m, kpi=kpi, kpis=[kpi]), recall, vocab) for kpi in m.kpis]
    calls = [call for plan in plans for call in plan.calls]
    if not calls:
        return plans[0]
    first = next(plan for plan in plans if plan.calls)
    return Plan(first.intent, _distinct(calls))


def _distinct(calls: list[ToolCall]) -> list[ToolCall]:
    out: list[ToolCall] = []
    for call in calls:
        if call not in out:
            out.append(call)
    return out


def _plan_one_kpi(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    if m.kpi is None:
        return Plan("unknown", reply=CANT)
    if m.lines and m.kpi == "line_stop_risk_hours":
        return plan_shortages(text, m, recall, vocab)  # a line's hours at risk: its shortages
    args: dict[str, Any] = {"metric": m.kpi, **_plant_args(m)}
    if m.lines and "plant" not in args and (plant := _line_plant(m.lines[0], vocab)):
        args["plant"] = plant  # KPIs are kept per plant: a line's KPI is its plant's
    by = re.search(r"\b(?:by|per|for each|each)\s+(plant|supplier|item family|family|month|item|"
                   r"line)s?\b", text, re.I)  # fmt: skip
    if (
        by
        and by.group(1).lower() in ("item", "line")
        and (by.group(1).lower() not in find_kpi(m.kpi).dimensions)
    ):
        by = None
    if by:
        args["group_by"] = "item_family" if "famil" in by.group(1).lower() else by.group(1).lower()
    elif (
        _has(text, r"\bwhich plant|\bplants\b|\bacross plants\b")
        and not m.plants
        and not clock_said.asks_every_plant(text)
    ):  # "all plants" is the total
        args["group_by"] = "plant"
    elif _has(text, r"\bsuppliers\b|\bwhich supplier|\bsupplier ranking|\bworst supplier|"
              r"\bbest supplier|\bacross suppliers") or (
        _has(text, r"\bsupplier\b") and m.kpi.startswith("supplier") and not m.suppliers
        and not m.supplier_choices and not _has(text, r"\b(?:this|that|the) supplier\b")
    ) or ranks_suppliers(text, m) or ranks_by_kpi(text, m):  # fmt: skip
        args["group_by"] = "supplier"  # "supplier OTIF" across suppliers ranks them
    supplier = m.suppliers[0] if len(m.suppliers) == 1 else None
    if supplier is None and _has(text, r"\b(?:their|they|them|this supplier|that supplier)\b"):
        supplier = recall.supplier
    if supplier:
        args["supplier"] = supplier
        args.pop("group_by", None) if args.get("group_by") == "supplier" else None
    kpi = find_kpi(m.kpi)
    if len(m.items) == 1 and "item" in kpi.dimensions and "group_by" not in args:
        args["item"] = m.items[0]  # "days of supply for F-2200": that item's value
    slot = kpi_period(text, vocab.as_of)
    if kpi.name == "line_stop_risk_hours" and not {"group_by", "item"} & args.keys():
        args["group_by"] = "item"  # hours at risk, and the short items they come from
    if kpi.window == "forward":
        # A look-ahead KPI: only a look-ahead period fits; else the KPI's own default window.
        ahead = slot.period if slot.period and re.match(r"next \d+ (?:days?|weeks?)$|this week$",
                                                        slot.period) else None  # fmt: skip
        return Plan("kpi", [("kpi_query", {**args, **({"period": ahead} if ahead else {})})])
    # A snapshot KPI (exception aging) counts everything open now unless a period is asked.
    period = slot.period or ("" if kpi.window == "snapshot" else "last 90 days")
    if period:
        args["period"] = period
    if len(m.suppliers) > 1 and "group_by" not in args and "supplier" in kpi.dimensions:
        # "otif in jan for voltaic or polyform": the same KPI of each supplier named, all kept
        return Plan("kpi", [("kpi_query", {**args, "supplier": s}) for s in m.suppliers[:3]])
    if len(m.plants) == 2 and "group_by" not in args and slot.compare != "portfolio":
        # "LKS vs SAL": one comparison, both plants' values and the gap between them
        kept = {k: v for k, v in args.items() if k not in ("item", "plant")}
        first, other = _as_written(text, m.plants, vocab)
        return Plan(
            "kpi_compare", [("kpi_compare", {**kept, "plant": first, "other_plant": other})]
        )
    if len(m.plants) > 1 and "group_by" not in args and slot.compare != "portfolio":
        # "LKS, SAL and GYR": the same KPI at each plant named, all kept
        return Plan("kpi", [("kpi_query", {**args, "plant": plant}) for plant in m.plants[:3]])
    if (
        slot.against
        and args.get("group_by") == "supplier"
        and not ranks_suppliers(text, m)
        and (
            not _has(
                text,
                r"\bsuppliers\b|\bwhich supplier|\branking|\bworst\b|\bbest\b|"
                r"\b(?:by|per|across) supplier",
            )
        )
    ):  # "supplier otif at saltillo, october vs november": the KPI's name, not a ranking
        args.pop("group_by")
    if slot.compare is not None and "group_by" not in args:
        compare: dict[str, Any] = {k: v for k, v in args.items() if k != "item"}
        if slot.compare == "portfolio" and supplier:
            compare["compare_to"] = "portfolio"
        elif slot.against:
            compare["compare_to"] = slot.against
        return Plan("kpi_compare", [("kpi_compare", compare)])
    return Plan("kpi", [("kpi_query", args)])


def plan_clear_to_build(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    args: dict[str, Any] = {**_plant_args(m)}
    line = _line(m, vocab)
    if isinstance(line, Plan):
        return line
    if line:
        args["line"] = line
    day = day_in(text, vocab.as_of)
    if day:
        args["date"] = day.isoformat()
    return Plan("clear_to_build", _per_line("clear_to_build", args, m))


def plan_line_options(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """'What can I do for door1 today?': the line's runs that day, which are clear to build and
    which wait on what, and the line's shortages with what covers them, over two weeks."""
    built = plan_clear_to_build(text, m, recall, vocab)
    if not built.calls:
        return built
    if not any("date" in a for _, a in built.calls) and vocab.as_of is not None:
        built = replace(built, calls=[(n, {**a, "date": vocab.as_of.date().isoformat()})
                                      for n, a in built.calls])  # fmt: skip
    shortages = [("shortages", {"horizon": "14d", "line": a["line"]})
                 for _, a in built.calls if a.get("line")]  # fmt: skip
    return Plan("clear_to_build", [*built.calls, *shortages])


def plan_correspondence(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    supplier = _supplier(m, recall, vocab)
    if isinstance(supplier, Plan):
        return supplier
    args: dict[str, Any] = {}
    if supplier:
        args["supplier"] = supplier
    if m.po_numbers:
        args["po_number"] = m.po_numbers[0]
    topic = re.search(r"\babout\s+(.+?)[?.!]*$", text, re.IGNORECASE)
    if topic and not m.po_numbers:
        args["query"] = topic.group(1)
    return Plan("correspondence", [("search_correspondence", args)])


# Words that point back at the thread's item: "the next one", "another batch", "more of it".
BACK_TO_ITEM_RE = re.compile(r"\b(?:one|ones|batch|it|them|more|rest)\b", re.IGNORECASE)


def plan_open_supply(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    shipping = supplying_plants(text, m, vocab)
    suppliers = m.suppliers or shipping  # an interplant PO's supplier is the shipping plant
    # A PO, shipment or supplier named now is what is asked about, not the last turn's item.
    named_now = m.po_numbers or m.asns or suppliers
    item = _item(m, Recall() if named_now else recall, vocab)
    if isinstance(item, Plan):
        return item
    if item is None and (m.po_numbers or suppliers or m.asns):
        # "When does PO-7802 arrive?", "the interplant PO from SAL": that PO's or supplier's lines.
        args: dict[str, Any] = {"horizon": "14d", **_receiving_plant(text, m, vocab)}
        calls: list[ToolCall] = []
        if m.po_numbers:
            args["po_number"] = m.po_numbers[0]
        elif m.asns:
            args["po_number"] = vocab.asn_pos.get(m.asns[0], "")
            # "The Toledo shipment": where it waits and how its ETA moved, beside its PO line.
            shipped = belongs_to(vocab, "shipment", m.asns[0], vocab.items)
            calls = [("open_supply_for_item", {"item": shipped})] if shipped else []
        else:
            args["supplier"] = suppliers[0]
            if shipping and not m.suppliers and recall.item and BACK_TO_ITEM_RE.search(text):
                args["item"] = recall.item  # "the next one from Saltillo": the thread's item
        return Plan("open_supply", [*calls, ("po_lines_by_impact", args)])
    if item is None and recall.po_number:
        return Plan(
            "open_supply",
            [("po_lines_by_impact", {"horizon": "14d", "po_number": recall.po_number})],
        )
    if item is None:
        return Plan("clarify", reply="Which item? For example: 'when does more F-2200 arrive?'")
    # "Status of PO-7781 and when does the foam arrive": the PO named beside the item, too.
    po_calls: list[ToolCall] = [
        ("po_lines_by_impact", {"horizon": "14d", "po_number": po}) for po in m.po_numbers[:1]
    ]
    return Plan(
        "open_supply",
        [*po_calls, ("open_supply_for_item", {"item": item, **_receiving_plant(text, m, vocab)})],
    )


def belongs_to(vocab: Vocabulary, kind: EntityKind, code: str, among: Any) -> str | None:
    """The entity a shipment or lot belongs to, of the kind `among` holds (its item, its PO)."""
    found = vocab.spotter.directory.get(kind, code)
    return next((c for c in found.related if c in among), None) if found else None


def _plant_words(plant: str, vocab: Vocabulary) -> str:
    """A plant's code, town and every other name the directory gives it, as alternatives."""
    known = vocab.spotter.directory.get("plant", plant)
    words = [plant, *(vocab.plants.get(plant, "").split()[:1]), *(known.aliases if known else ())]
    return "|".join(re.escape(w) for w in words if w)


def _ships_from(text: str, plant: str, vocab: Vocabulary) -> bool:
    """'from SAL', 'from Saltillo', 'from mexico': the plant named as where supply comes from."""
    return _has(text, rf"\bfrom\s+(?:the\s+)?(?:{_plant_words(plant, vocab)})\b")


def _received_at(text: str, plant: str, vocab: Vocabulary) -> bool:
    """'at Saltillo', 'to SAL', 'for the Mexican plant': the plant named as where it arrives."""
    named = _plant_words(plant, vocab)
    return _has(text, rf"\b(?:at|in|to|into|for)\s+(?:the\s+)?(?:{named})\b")


def supplying_plants(
    text: str, m: Mentions, vocab: Vocabulary, about_supply: bool = False
) -> list[str]:
    """The plants named as where supply comes from that also supply us (an interplant PO's
    supplier is its shipping plant): 'the one from Saltillo' is supplier SAL, not plant SAL.
    `about_supply`: the thread reads an item's supply, so a plant named bare ('the Mexican
    one?') is where it comes from too, unless named as where it arrives ('and at SAL?')."""
    return [
        p for p in m.plants
        if p in vocab.suppliers and (_ships_from(text, p, vocab)
                                     or about_supply and not _received_at(text, p, vocab))
    ]  # fmt: skip


def _receiving_plant(text: str, m: Mentions, vocab: Vocabulary) -> dict[str, Any]:
    """The plant supply arrives at ('at/to LKS'), never the plant it ships from ('from SAL')."""
    receiving = [p for p in m.plants if not _ships_from(text, p, vocab)]
    return {"plant": receiving[0]} if len(receiving) == 1 and not m.lines else {}


def _through_day(text: str, vocab: Vocabulary) -> str | None:
    """'Enough foam for Thursday': a horizon to the end of the day named."""
    day = day_in(text, vocab.as_of) if vocab.as_of is not None else None
    if day is None or vocab.as_of is None:
        return None
    end = datetime.combine(day + timedelta(days=1), time(0), vocab.as_of.tzinfo)
    hours = int((end - vocab.as_of).total_seconds() // 3600)
    return f"{hours}h" if hours > 0 else None


AGAIN_RE = re.compile(r"\bagain\b|\bback in stock\b", re.IGNORECASE)


def plan_shortages(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    horizon = (
        horizon_in(text, vocab.as_of)
        or (_through_day(text, vocab) if m.period is None else None)
        or horizon_for(m.period, vocab.as_of)
    )
    args: dict[str, Any] = {"horizon": horizon, **_scoped(text, m, vocab)}
    line = _line(m, vocab)
    if isinstance(line, Plan):
        return line
    if line:
        args["line"] = line
    item = _item(m, Recall(), vocab) if (m.items or m.item_choices) else None
    if isinstance(item, Plan):
        return item
    if item is None and recall.item and not (line or m.plants) and AGAIN_RE.search(text):
        item = recall.item  # "and when r we whole again?": the item the thread is about
    if item:
        args["item"] = item
    args |= supply_policy_in(text)  # "if we count the unconfirmed qty": a what-if projection
    return Plan("shortages", _per_line("shortages", args, m))


def plan_supply_if(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """'Say Voltaic never sends the 600 they haven't confirmed: which jobs go short?': the
    shortages under the policy that leaves unconfirmed quantities out (the WOs they hit), and
    the open lines of the supplier or PO named (which quantity is unconfirmed); no proposal."""
    in_full = arrives_in_full(text)  # "ships the whole order": every open quantity counted
    short: dict[str, Any] = {"horizon": "14d", "include_unconfirmed": in_full, **_plant_args(m)}
    focus = {SUPPLY_IF: "in_full"} if in_full else {}
    if len(m.items) == 1:
        return Plan("shortages", [("shortages", {**short, "item": m.items[0]})], focus=focus)
    lines: dict[str, Any] = {"horizon": "14d"}
    if m.po_numbers:
        lines["po_number"] = m.po_numbers[0]
    elif len(m.suppliers) == 1:
        lines["supplier"] = m.suppliers[0]
    elif not (m.items or m.item_choices) and recall.po_number:
        lines["po_number"] = recall.po_number  # "and if they ship all 1000?": the thread's PO
    elif not (m.items or m.item_choices) and recall.supplier:
        lines["supplier"] = recall.supplier
    elif m.item_choices or len(m.items) > 1:
        return plan_shortages(text, m, recall, vocab)  # "which item do you mean?"
    calls: list[ToolCall] = [("shortages", short)]
    return Plan("shortages", [*calls, (LOOKUP_TOOL, lines)] if len(lines) > 1 else calls,
                focus=focus)  # fmt: skip


def plan_why_short(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """'Why?' after a shortage answer: its cause, the supply facts of the short item (open PO
    lines, confirmed and unconfirmed, shipments and where they wait, stock on hold); several
    short items: the open PO lines of the same ask, those of short items first."""
    asked = next((a for n, a in recall.calls if n == "shortages"), {})
    item = asked.get("item") or (recall.item if not asked else None)
    if item:
        return Plan(
            "why_short",
            [
                ("open_supply_for_item", {"item": item}),
                ("po_lines_by_impact", {"horizon": "14d", "item": item}),
            ],
        )
    lookup = {k: v for k, v in asked.items() if k in ("horizon", "plant")}
    calls: list[ToolCall] = [("shortages", dict(asked))] if asked else []
    return Plan("why_short", [*calls, ("po_lines_by_impact", {"horizon": "14d", **lookup})],
                focus={"suppliers_of_short": "yes"})  # fmt: skip


TOP_N_RE = re.compile(r"\btop\s+(\d+|three|five|ten)\b|\b(\d+|three|five) (?:biggest|main|worst)\b",
                      re.IGNORECASE)  # fmt: skip
NUMBER_WORDS = {"three": 3, "five": 5, "ten": 10}


# When the asker needs the answer, not the horizon asked about: "need it before my 1pm".
DEADLINE_RE = re.compile(
    r"\b(?:i\s+)?need (?:it|this|that|them)\b[^.?!;]*|\bfor my \w+ (?:at|before)\b[^.?!;]*",
    re.IGNORECASE,
)


def _scoped(text: str, m: Mentions, vocab: Vocabulary) -> dict[str, Any]:
    """A shortage read's plant scope and clock: "all 3 plants" is every plant; "budapest time",
    "im at gyor" and "gyr team asking" name the clock or the asker, not the plants."""
    every = clock_said.asks_every_plant(text)
    scope = None if every else clock_said.scope_plants(text, vocab)
    plants = [] if every else m.plants if scope is None else scope
    args: dict[str, Any] = _plant_args(replace(m, plants=plants))
    if every and not m.lines:
        args["all_plants"] = True
    clock = clock_said.clock_plant(text, vocab)
    if clock and clock not in (args.get("plant"), m.lines[0][:3] if m.lines else None):
        args["clock"] = clock  # "in budapest time": times on that plant's clock
    return args


# "is that before we need it?", "will that be in time": when the thread's item is first needed short
NEED_TIME_RE = re.compile(
    r"\bbefore (?:we|u|you|they|the line) (?:need|needs|run out|go short)\b|\bin time\b|"
    r"\bsoon enough\b|\bearly enough\b|\bbefore (?:it'?s|its) needed\b",
    re.IGNORECASE,
)


def plan_need_time(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """The thread's item's shortages, on the clock the clause says ('9am budapest time tmrw, is
    that before we need it'): when it is first short, to set beside the time said."""
    item = m.items[0] if len(m.items) == 1 else recall.last_item or recall.item
    args: dict[str, Any] = {"horizon": "14d", **_scoped(text, m, vocab)}
    args.pop("plant", None) if args.get("clock") == args.get("plant") else None
    if item:
        args["item"] = item
    return Plan("shortages", [("shortages", args)])


# "the 6800 expedite", "a 4500 air freight": a bare figure of four digits or more as a price
PRICED_BARE_RE = re.compile(
    r"\b\d{1,3}(?:,\d{3})+|\b\d{4,}\s+(?:expedit\w*|air\w*|freight|quote|truck\w*|one)\b",
    re.IGNORECASE,
)


def plan_top_risks(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """'Top 3 things that will hurt LKS this week': the plant's shortages and its open PO lines
    ranked by production impact, in the horizon asked (default: the rest of this week)."""
    asked = DEADLINE_RE.sub("", text)  # "need it before my 1pm": when the answer is due
    horizon = horizon_in(asked, vocab.as_of) or horizon_for("this week", vocab.as_of)
    where: dict[str, Any] = {**_plant_args(m)}
    line = _line(m, vocab)
    if isinstance(line, Plan):
        return line
    shortage_args = {"horizon": horizon, **({"line": line} if line else _scoped(text, m, vocab))}
    ranked: dict[str, Any] = {"horizon": horizon, **where}
    if shortage_args.get("all_plants") or "plant" not in shortage_args:
        ranked.pop("plant", None)  # "across all 3 plants", "gyr asking about lakeside"
    if len(m.suppliers) == 1:
        ranked["supplier"] = m.suppliers[0]
    top = TOP_N_RE.search(text)
    if top:
        said = top.group(1) or top.group(2)
        ranked["top"] = int(said) if said.isdigit() else NUMBER_WORDS[said.lower()]
    return Plan("top_risks", [("shortages", shortage_args), ("po_lines_by_impact", ranked)])


def plan_frozen_horizon(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """'Is WO-SEAT1-0302-1400 in the frozen window?', 'can a resequence touch first shift?':
    the resequence rule with each line's frozen horizon now (and where that WO starts)."""
    args: dict[str, Any] = {"kind": "resequence", **_plant_args(m)}
    orders = WO_RE.findall(text)
    line = _line(m, vocab)
    if isinstance(line, Plan):
        return line
    if orders:
        args["work_order"] = orders[0].upper()
    elif line or recall.line:
        args["line"] = line or recall.line
    return Plan("frozen_horizon", [("approval_rule", args)])


def plan_lookup(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    if m.items or m.item_choices:
        item = _item(m, recall, vocab)
        if isinstance(item, Plan):
            return item
        return Plan("lookup", [("lookup_item", {"query": item})])
    supplier = _supplier(m, Recall(), vocab)
    if isinstance(supplier, Plan):
        return supplier
    if supplier:
        return Plan("lookup", [("lookup_supplier", {"query": supplier})])
    return Plan("unknown", reply=CANT)


SINCE_MORNING_RE = re.compile(
    r"\b(?:since (?:this morning|midnight|the start of (?:the )?(?:day|shift)|00:00)|overnight|"
    r"today|this morning|last night)\b",
    re.IGNORECASE,
)


def plan_alerts(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """What is new or open: the alerts the events raised ('what changed since this morning?')."""
    args: dict[str, Any] = {**_plant_args(m)}
    if _has(text, r"\bmy\b|\bmine\b|\bfor me\b"):
        args["mine"] = True
    if _has(text, r"\bsince yesterday\b") and vocab.as_of is not None:
        start = vocab.as_of.replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=1)
        return Plan("what_changed", [("read_alerts", {**args, "since": start.isoformat(),
                                                      "lifecycle": "all"})])  # fmt: skip
    if SINCE_MORNING_RE.search(text) or _has(text, r"\b(?:new|changed?|happened)\b"):
        # What is new since 00:00, then what is still open (so 'nothing new' is not all it says).
        new = ("read_alerts", {**args, "since_start_of_day": True, "lifecycle": "all"})
        return Plan("what_changed", [new, ("read_alerts", args)])
    return Plan("what_changed", [("read_alerts", args)])


def held_items(vocab: Vocabulary) -> set[str]:
    """The items that have a lot on quality hold."""
    return {c for e in vocab.spotter.directory.entities("lot") for c in e.related}


def held_item(m: Mentions, vocab: Vocabulary, text: str = "") -> str | None:
    """The one item among those a name fits ('the trim covers') that has a lot on hold; or,
    with the hold said ('the armrest hold'), the one held item a word of whose description
    the clause says."""
    fits = [c for c in m.item_choices if c in held_items(vocab)]
    if len(fits) == 1 and not m.items:
        return fits[0]
    if m.items or m.item_choices or not HELD_WORD_RE.search(text):
        return None
    said = {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 5}
    by_word = [c for c in sorted(held_items(vocab))
               if said & set(re.findall(r"[a-z]+", vocab.items.get(c, "").lower()))]  # fmt: skip
    return by_word[0] if len(by_word) == 1 else None


HELD_WORD_RE = re.compile(r"\b(?:hold|held|lot|quarantin\w*|qa|quality)\b", re.IGNORECASE)


def plan_quality_hold(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """A quality hold: which lot, how much is held and usable, what it blocks and when quality
    decides (stock by status, the item's shortages, what quality wrote about the lot)."""
    held = vocab.spotter.directory.entities("lot")
    lots = m.lots or [e.code for e in held if not m.items or set(m.items) & set(e.related)]
    item = m.items[0] if len(m.items) == 1 else held_item(m, vocab, text)
    if item is None and len(lots) == 1:
        item = belongs_to(vocab, "lot", lots[0], vocab.items)
    item = item or recall.item
    if item is None:
        if len(lots) > 1:
            return Plan("clarify", reply="Which lot do you mean: " + ", ".join(lots) + "?")
        return Plan("clarify", reply="Which item or lot? For example: 'when will quality decide "
                    "on lot L-3105-0311?'")  # fmt: skip
    lot = lots[0] if len(lots) == 1 else None
    # "when's the call, in gyor and saltillo time?": the decision time on those plants' clocks
    clocks = {"clocks": ",".join(m.plants)} if m.plants and CLOCK_WORD_RE.search(text) else {}
    return Plan("quality_hold", [
        ("item_overview", {"item": item}) if clocks else ("lookup_item", {"query": item}),
        ("shortages", {"item": item, "horizon": "14d",
                       **({} if clocks else _plant_args(m))}),
        ("search_correspondence", {"query": lot or f"{item} quality hold"}),
    ], focus=clocks)  # fmt: skip


CLOCK_WORD_RE = re.compile(r"\b(?:time|times|clock|local|tz|timezone)\b", re.IGNORECASE)


DEFAULT_DELIVERY_CLOCK = (6, 0)  # a day without a time means the start of the first shift
WO_RE = re.compile(r"\bWO-[A-Z0-9]+(?:-[A-Z0-9]+)*\b", re.IGNORECASE)
REASON_RE = re.compile(
    r"\b(?:to|so (?:that )?we)\s+((?:avoid|work around|get around|cover|close|dodge|"
    r"minimi[sz]e|reduce|absorb)\b.+?)(?:\s+(?:look like|do|mean|be|change))?[?.!]*$",
    re.IGNORECASE,
)


def _line_of_orders(text: str, vocab: Vocabulary) -> str | None:
    """The line a work order's number names: WO-SEAT1-0304-0600 runs on LKS-SEAT1."""
    for order in WO_RE.findall(text):
        short = order.upper().split("-")[1]
        lines = [code for code in vocab.lines if code.split("-")[-1] == short]
        if len(lines) == 1:
            return lines[0]
    return None


JOB_RE = re.compile(
    r"\b(\d{1,2})(?::(\d{2}))?\s*(am|pm)\b(?:\s+([a-z]+))?|\b(\d{1,2}):(\d{2})\b(?:\s+([a-z]+))?",
    re.IGNORECASE,
)


def described_jobs(text: str, vocab: Vocabulary) -> list[dict[str, Any]]:
    """Work orders described by their start and product: 'the 10am vega job' is the job starting
    10:00 whose item's description says Vega (the items from master data)."""
    jobs = []
    for m in JOB_RE.finditer(text):
        if m[3]:
            hour, minute, word = int(m[1]) % 12 + (12 if m[3].lower() == "pm" else 0), m[2], m[4]
        else:
            hour, minute, word = int(m[5]), m[6], m[7]
        word = (word or "").lower()
        items = [c for c, d in vocab.items.items() if len(word) > 2 and word in d.lower().split()]
        jobs.append({"clock": f"{hour:02d}:{int(minute or 0):02d}", "items": items, "said": m[0]})
    return jobs


def line_building(m: Mentions, vocab: Vocabulary, text: str = "") -> str | None:
    """The one line that builds the product named ('the vega seat runs': the line whose
    products include the Vega seat), from the lines' own products in master data; a product is
    also named by two words of its description ('the orion seat jobs')."""
    built = {code: e.code for e in vocab.spotter.directory.entities("line") for code in e.related}
    lines = {built[code] for code in [*m.items, *m.item_choices] if code in built}
    if not lines and text:
        said = set(re.findall(r"[a-z]+", text.lower()))
        scores = {code: len(said & set(re.findall(r"[a-z]{4,}", vocab.items.get(code, "").lower())))
                  for code in built}  # fmt: skip
        best = max(scores.values(), default=0)
        lines = {built[c] for c, n in scores.items() if n == best} if best >= 2 else set()
    return next(iter(lines)) if len(lines) == 1 else None


REQUEST_PREFIX = "planner request: "  # a resequence's reason: the words that asked for it


def line_using(item: str | None, vocab: Vocabulary) -> str | None:
    """The one line whose products use this component ('would swapping the 10:00 vega with the
    14:00 orion fix it?' after the foam gap is about SEAT1)."""
    if item is None:
        return None
    parents = set(vocab.used_in.get(item, ()))
    lines = [e.code for e in vocab.spotter.directory.entities("line") if parents & set(e.related)]
    return lines[0] if len(lines) == 1 else None


def plan_resequence(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    line = _line(m, vocab)
    if isinstance(line, Plan):
        return line
    line = line or _line_of_orders(text, vocab) or line_building(m, vocab, text) or recall.line
    line = line or line_using(recall.last_item or recall.item, vocab)  # the thread's short item
    if line is None:
        return Plan("clarify", reply=_choose("line", sorted(vocab.lines), dict(vocab.lines),
                                              ask="should I resequence"))  # fmt: skip
    why = REASON_RE.search(text)
    args: dict[str, Any] = {
        "line": line,
        "reason": (why.group(1) if why else f"{REQUEST_PREFIX}{text.strip()}")[:500],
    }
    now = local_now(vocab.as_of, vocab.plant_timezones.get(line.split("-", 1)[0]))
    kept = keep_until_in(text, now)
    if kept is not None:  # "leave today alone": nothing before tomorrow moves either
        args["keep_until"] = kept.isoformat()
    orders = list(dict.fromkeys(w.upper() for w in WO_RE.findall(text)))
    jobs = described_jobs(text, vocab)
    if len(orders) < 2 and len(jobs) >= 2:
        # "swap the 10am vega job with the 2pm orion one": that day's WOs of the line first
        now = local_now(vocab.as_of, vocab.plant_timezones.get(line.split("-", 1)[0]))
        day = day_in(text, now) or (now.date() if now else None)
        read: dict[str, Any] = {"line": line, **({"date": day.isoformat()} if day else {})}
        then = Pending("propose_resequence", args, named=line, jobs=tuple(jobs))
        return Plan("resequence", [("clear_to_build", read)], then=then)
    if len(orders) >= 2:
        # The planner's own order, swapped into the WOs' slots; "swap A and B" means B, A.
        args["sequence"] = orders[::-1] if len(orders) == 2 and _has(text, r"\bswap") else orders
    return Plan("resequence", [("propose_resequence", args)])


def plan_resequence_cost(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    focus = {"kind": "resequence"}
    named = m.proposals[0] if m.proposals else recall.proposal
    if named:
        focus["proposal"] = named
    elif len(m.lines) == 1 and _has(text, r"\b(?:if|were|would|what would|suppose)\b"):
        # "if luis resequences seat1 around the gap what does that cost us": that resequence,
        # computed as it would be proposed (moves, changeovers, late WOs), never proposed
        return Plan("resequence_cost", [("resequence_preview", {"line": m.lines[0]})],
                    act="hypothesise")  # fmt: skip
    return Plan("resequence_cost", [("pending_proposals", {"status": "all"})], focus=focus)


LOOKUP_DATE_TOOL = "request_po_date_change"


def plan_po_date_change(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    po = _po(m, recall)
    reason: dict[str, Any] = {"reason": f"requested in chat: {text.strip()}"[:500]}
    if _has(text, r"\b(?:qty|quantity)\b") and m.quantities:
        reason["new_qty"] = m.quantities[0]
    shift = shift_in(text)
    weighed = (
        recall.offer if recall.offer and recall.offer.get("tool") == LOOKUP_DATE_TOOL else None
    )
    if weighed and not m.po_numbers and shift is None and day_in(text, vocab.as_of) is None:
        # "do it, request the date change" after "could sal ship 7802 tmrw": the date weighed
        return Plan("po_date_change", [(LOOKUP_DATE_TOOL, dict(weighed.get("args") or {}))])
    if po is None and not m.po_numbers:
        day = day_in(text, vocab.as_of) if shift is None else None
        if day is not None:  # the plant's clock is the demo's; the line's plant is not known yet
            hour, minute = clock_in(text) or DEFAULT_DELIVERY_CLOCK
            reason["new_date"] = f"{day.isoformat()}T{hour:02d}:{minute:02d}"
        found = _named_lines("po_date_change", Pending("request_po_date_change", reason), m,
                             Recall(), vocab)  # fmt: skip
        if found is not None and found.then is not None:
            return replace(found, then=replace(found.then, shift_days=shift))
    if po is None:
        return Plan("clarify", reply="Which PO should move? For example: 'move PO-7790 to "
                    "Thursday'.")  # fmt: skip
    # "Thursday" is the Thursday of the PO's plant, counted from the as-of time there.
    now = local_now(vocab.as_of, vocab.timezone_of_po(po))
    day = day_in(text, now) if shift is None else None  # "pull it in 2 days" is no day
    if shift is not None:
        # "push it out a day": from the line's promised date, read first
        then = Pending("request_po_date_change", reason, named=po, shift_days=shift)
        return Plan("po_date_change", [(LOOKUP_TOOL, {"horizon": "14d", "po_number": po})],
                    then=then)  # fmt: skip
    if day is None:
        return Plan("clarify", reply=f"To which day should {vocab.po_named(po)} move? For "
                    f"example: 'move {po} to Thursday', 'to Thursday 2pm' or 'out a "
                    "day'.")  # fmt: skip
    hour, minute = clock_in(text) or DEFAULT_DELIVERY_CLOCK
    args: dict[str, Any] = {
        "po_number": po,
        "new_date": f"{day.isoformat()}T{hour:02d}:{minute:02d}",
        **reason,
    }
    return Plan("po_date_change", [("request_po_date_change", args)])
