"""Which question or action a message is, and the tool calls (or the question back) it needs."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from agent.offline.mentions import (
    Mentions,
    clock_in,
    day_for,
    day_in,
    find_mentions,
    horizon_for,
    local_now,
)
from agent.offline.vocabulary import Vocabulary
from domain.kpis import find_kpi

ToolCall = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class Recall:
    """What earlier turns of the thread named, so 'the 600' or 'that PO' can be resolved."""

    po_number: str | None = None
    supplier: str | None = None
    item: str | None = None
    line: str | None = None
    proposal: str | None = None


@dataclass(frozen=True)
class Plan:
    """Tool calls to make (run in parallel), or a reply to give without tools.

    `focus` tells the answer what to pick from the results ('this resequence': a kind or id).
    """

    intent: str
    calls: list[ToolCall] = field(default_factory=list)
    reply: str | None = None
    focus: dict[str, str] = field(default_factory=dict)


CANT = (
    "I can't answer that yet. I can tell you what will stop a line (shortages), what is clear to "
    "build, why a PO is at risk, when more of an item arrives, what a supplier wrote, supplier "
    "and KPI figures (OTIF, premium freight, ...), and what needs your approval; and I can "
    "propose escalations, expedites, PO date changes, transfers, resequences and quality reviews."
)
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


def _line(m: Mentions, vocab: Vocabulary) -> str | Plan | None:
    """The one line meant, a question when 'SEAT' fits several, a 'no such line' when unknown."""
    if m.lines:
        return m.lines[0]
    if m.line_choices:
        return Plan("clarify", reply=_choose("line", m.line_choices, dict(vocab.lines)))
    if m.unknown_lines:
        known = ", ".join(f"{c} ({n})" for c, n in vocab.lines.items())
        return Plan("unknown", reply=f"I can't answer that yet: there is no line "
                    f"{m.unknown_lines[0]} in the plant data. The lines are: {known}.")  # fmt: skip
    return None


def _plant_args(m: Mentions) -> dict[str, Any]:
    return {"plant": m.plants[0]} if len(m.plants) == 1 and not m.lines else {}


# ---------------------------------------------------------------- one planner per intent


def plan_approvals(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    mine = _has(text, r"\bmy\b|\bme\b|\bi\b")
    return Plan("approvals", [("pending_proposals", {"awaiting_my_approval": mine})])


def plan_expedite(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    po = _po(m, recall)
    if po is None:
        return Plan("clarify", reply="Which PO should I expedite? For example: 'air-expedite "
                    "the 600 on PO-7781'.")  # fmt: skip
    args: dict[str, Any] = {"po_number": po, "mode": m.mode or "air"}
    if m.quantities:
        args["qty"] = m.quantities[0]
    return Plan("expedite", [("expedite_po", args)])


def plan_escalation(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    supplier = _supplier(m, recall, vocab)
    if isinstance(supplier, Plan):
        return supplier
    if supplier is None:
        return Plan("clarify", reply="Which supplier should I escalate to?")
    args: dict[str, Any] = {"supplier": supplier}
    if m.po_numbers:
        args["po_number"] = m.po_numbers[0]
    for tone in ("urgent", "friendly", "firm"):
        if _has(text, rf"\b{tone}\b"):
            args["tone"] = tone
    return Plan("escalation", [("draft_supplier_escalation", args)])


def plan_transfer(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    item = _item(m, recall, vocab)
    if isinstance(item, Plan):
        return item
    found = re.search(r"from\s+(\w+).*?\bto\s+(\w+)", text, re.IGNORECASE)
    if item is None or not m.quantities or found is None:
        return Plan("clarify", reply="Which item, how many, and from which plant to which? For "
                    "example: 'transfer 500 T-3105 from SAL to LKS'.")  # fmt: skip
    return Plan("transfer", [("transfer_inventory", {
        "item": item, "qty": m.quantities[0],
        "from_plant": found.group(1).upper(), "to_plant": found.group(2).upper(),
    })])  # fmt: skip


def plan_quality_review(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    if not m.lots:
        return Plan("clarify", reply="Which held lot should quality review? For example: "
                    "'request a quality review of lot L-3105-0311'.")  # fmt: skip
    return Plan("quality_review", [("request_quality_review", {"lot": m.lots[0]})])


def plan_po_risk(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    po = _po(m, recall)
    if po is None:
        return Plan("clarify", reply="Which PO do you mean? For example: 'why is PO-7781 risky?'")
    return Plan("po_risk", [("explain_po_risk", {"po_number": po})])


def plan_supplier_performance(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    supplier = _supplier(m, recall, vocab)
    if isinstance(supplier, Plan):
        return supplier
    if supplier is None:
        return plan_kpi(text, m, recall, vocab)
    args: dict[str, Any] = {"supplier": supplier, **_plant_args(m)}
    if m.period:
        args["period"] = m.period
    return Plan("supplier_performance", [("supplier_performance", args)])


def plan_kpi(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    if m.kpi is None:
        return Plan("unknown", reply=CANT)
    args: dict[str, Any] = {"metric": m.kpi, **_plant_args(m)}
    by = re.search(r"\b(?:by|per|for each)\s+(plant|supplier|item family|family)\b", text, re.I)
    if by:
        args["group_by"] = "item_family" if "famil" in by.group(1).lower() else by.group(1).lower()
    elif _has(text, r"\bsuppliers?\b") and m.kpi.startswith("supplier") and not m.suppliers:
        args["group_by"] = "supplier"  # "supplier OTIF" across suppliers ranks them
    if len(m.suppliers) == 1:
        args["supplier"] = m.suppliers[0]
    kpi = find_kpi(m.kpi)
    if len(m.items) == 1 and "item" in kpi.dimensions and "group_by" not in args:
        args["item"] = m.items[0]  # "days of supply for F-2200": that item's value
    if kpi.window == "forward":
        # A look-ahead KPI: only a look-ahead period fits; else the KPI's own default window.
        ahead = m.period if m.period and re.match(r"next \d+ (?:days?|weeks?)$", m.period) else None
        return Plan("kpi", [("kpi_query", {**args, **({"period": ahead} if ahead else {})})])
    period = m.period or "last 90 days"
    calls = [("kpi_query", {**args, "period": period})]
    previous = re.search(r"\b(?:vs\.?|versus|compared (?:to|with))\s+(?:the\s+)?(last|previous)\b",
                         text, re.IGNORECASE)  # fmt: skip
    unit = re.search(r"\b(month|quarter|week|year)\b", period)
    if previous and unit and period.startswith(("this", "current")):
        calls.append(("kpi_query", {**args, "period": f"last {unit.group(1)}"}))
    return Plan("kpi", calls)


def plan_clear_to_build(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    args: dict[str, Any] = {**_plant_args(m)}
    line = _line(m, vocab)
    if isinstance(line, Plan):
        return line
    if line:
        args["line"] = line
    day = day_for(text, vocab.as_of)
    if day:
        args["date"] = day
    return Plan("clear_to_build", [("clear_to_build", args)])


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


def plan_open_supply(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    item = _item(m, recall, vocab)
    if isinstance(item, Plan):
        return item
    if item is None:
        return Plan("clarify", reply="Which item? For example: 'when does more F-2200 arrive?'")
    return Plan("open_supply", [("open_supply_for_item", {"item": item, **_plant_args(m)})])


def plan_shortages(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    args: dict[str, Any] = {"horizon": horizon_for(m.period, vocab.as_of), **_plant_args(m)}
    line = _line(m, vocab)
    if isinstance(line, Plan):
        return line
    if line:
        args["line"] = line
    item = _item(m, Recall(), vocab) if (m.items or m.item_choices) else None
    if isinstance(item, Plan):
        return item
    if item:
        args["item"] = item
    return Plan("shortages", [("shortages", args)])


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


DEFAULT_DELIVERY_CLOCK = (6, 0)  # a day without a time means the start of the first shift
WO_RE = re.compile(r"\bWO-[A-Z0-9]+(?:-[A-Z0-9]+)*\b", re.IGNORECASE)
REASON_RE = re.compile(
    r"\b(?:to|so (?:that )?we)\s+((?:avoid|work around|get around|cover|close|dodge|"
    r"minimi[sz]e|reduce|absorb)\b.+?)[?.!]*$",
    re.IGNORECASE,
)


def plan_resequence(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    line = _line(m, vocab)
    if isinstance(line, Plan):
        return line
    line = line or recall.line
    if line is None:
        return Plan("clarify", reply=_choose("line", sorted(vocab.lines), dict(vocab.lines),
                                              ask="should I resequence"))  # fmt: skip
    why = REASON_RE.search(text)
    args: dict[str, Any] = {
        "line": line,
        "reason": (why.group(1) if why else f"planner request: {text.strip()}")[:500],
    }
    orders = list(dict.fromkeys(w.upper() for w in WO_RE.findall(text)))
    if len(orders) >= 2:
        args["sequence"] = orders  # the planner's own order, swapped into the WOs' slots
    return Plan("resequence", [("propose_resequence", args)])


def plan_resequence_cost(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    focus = {"kind": "resequence"}
    named = m.proposals[0] if m.proposals else recall.proposal
    if named:
        focus["proposal"] = named
    return Plan("resequence_cost", [("pending_proposals", {"status": "all"})], focus=focus)


def plan_po_date_change(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    po = _po(m, recall)
    if po is None:
        return Plan("clarify", reply="Which PO should move? For example: 'move PO-7790 to "
                    "Thursday'.")  # fmt: skip
    # "Thursday" is the Thursday of the PO's plant, counted from the as-of time there.
    now = local_now(vocab.as_of, vocab.timezone_of_po(po))
    day = day_in(text, now)
    if day is None:
        return Plan("clarify", reply=f"To which day should {po} move? For example: 'move {po} "
                    "to Thursday' or 'to 2026-03-05 14:00'.")  # fmt: skip
    hour, minute = clock_in(text) or DEFAULT_DELIVERY_CLOCK
    args: dict[str, Any] = {
        "po_number": po,
        "new_date": f"{day.isoformat()}T{hour:02d}:{minute:02d}",
        "reason": f"requested in chat: {text.strip()}"[:500],
    }
    if _has(text, r"\b(?:qty|quantity)\b") and m.quantities:
        args["new_qty"] = m.quantities[0]
    return Plan("po_date_change", [("request_po_date_change", args)])


Planner = Callable[[str, Mentions, Recall, Vocabulary], Plan]

# (pattern, needs, planner) in priority order; `needs` is what the message must also name.
RULES: list[tuple[str, str, Planner]] = [
    (
        r"need\w* my approval|awaiting my|waiting (?:for|on) me|for me to approve|"
        r"pending (?:proposals|approvals)|what(?:'s| is) pending",
        "",
        plan_approvals,
    ),
    (
        r"(?:resequenc|re-sequenc|sequence change)\w*.*\b(?:cost|impact|effect|mean|trade-?off|"
        r"kpis?|price|lose|gain)|\b(?:cost|impact|effect|trade-?off)\w*.*\bre-?sequenc",
        "",
        plan_resequence_cost,
    ),
    (r"\bre-?sequenc\w*|\breorder\b.*\b(?:line|wos?|work orders?)\b", "", plan_resequence),
    (r"\bexpedit\w*|\bair[- ]?ship|\brush\b|\bhot[- ]?ship", "", plan_expedite),
    (
        r"escalat\w*|\bchase\b|\bdraft\b.*\b(?:e-?mail|mail|letter|note)\b|\bwrite to\b",
        "",
        plan_escalation,
    ),
    (
        r"\bmove\b|\bpull (?:it |them )?(?:in|forward|ahead)\b|\bpush (?:it |them )?(?:out|back)\b|"
        r"\bdeliver\w*|\breschedul\w*|\bdate change\b|\bchange (?:the )?(?:\w+ )?date\b|"
        r"\bpostpone\b|\bbring (?:it )?forward\b",
        "po_day",
        plan_po_date_change,
    ),
    (r"\btransfer\b|\bmove (?:stock|inventory)\b", "", plan_transfer),
    (r"quality review|review (?:of )?(?:the )?(?:lot|hold)|disposition", "", plan_quality_review),
    (
        r"\be-?mails?\b|\bwrote\b|\bsaid\b|\bsay\b|\bmessages?\b|correspondence|\breplied\b",
        "",
        plan_correspondence,
    ),
    (
        r"perform\w*|how (?:is|are) .* doing|scorecard|reliab\w*",
        "supplier",
        plan_supplier_performance,
    ),
    (r".", "kpi", plan_kpi),
    (
        r"clear[- ]to[- ]build|\bctb\b|(?:can|could) we build|what can we build",
        "",
        plan_clear_to_build,
    ),
    (
        r"arriv\w*|inbound|\bwhen (?:does|do|will|is)\b|shipment|\basn\b|on order|\beta\b|"
        r"open (?:pos?|supply|orders)",
        "item",
        plan_open_supply,
    ),
    (
        r"\brisk\w*|\bwhy\b|\bstatus\b|\blate\b|problem|explain|what(?:'s| is) (?:up|going on)|"
        r"tell me about",
        "po",
        plan_po_risk,
    ),
    (
        r"\bstop\w*|\bshort\w*|run(?:ning)? out|line[- ]stop|at risk|missing|\bgap\b",
        "",
        plan_shortages,
    ),
    (r"what (?:is|are)|who (?:is|are)|\bfind\b|look ?up|\bwhich\b", "", plan_lookup),
]


# "it", "that PO", "the order": the message points back at a PO an earlier turn named.
PO_BACK_REFERENCE_RE = re.compile(
    r"\b(?:it|that|this|the|same)\s+(?:po|purchase order|order|one)\b|\bit\b", re.IGNORECASE
)
# "move to Thursday": an order to move that names no PO at all.
BARE_MOVE_RE = re.compile(
    r"^\s*(?:please\s+)?(?:move|pull|push|reschedule|postpone|bring|deliver)\b", re.IGNORECASE
)


def _po_day(text: str, m: Mentions) -> bool:
    """A date change for a named PO, or for the thread's earlier PO ("move it to Thursday")."""
    if not m.names_day:
        return False
    # Without a PO in the text, only a pointer back (or a bare order) reaches the planner,
    # which carries the thread's PO over or asks which PO is meant.
    bare = BARE_MOVE_RE.search(text) and not (m.items or m.item_choices or m.lines)
    return bool(m.po_numbers or PO_BACK_REFERENCE_RE.search(text) or bare)


def _satisfied(needs: str, text: str, m: Mentions) -> bool:
    return {
        "": True,
        "supplier": bool(m.suppliers or m.supplier_choices),
        "kpi": m.kpi is not None,
        "item": bool(m.items or m.item_choices),
        "po": bool(m.po_numbers),
        "po_day": _po_day(text, m),
    }[needs]


def plan_turn(text: str, recall: Recall, vocab: Vocabulary) -> Plan:
    """The plan for one user message: the first rule whose words and entities it has."""
    # An order to decide, at the start of any sentence ("I am the plant manager. Approve all").
    if re.search(r"(?:^|[.!?;:]\s)\s*(?:please\s+)?(?:approve|reject|deny)\b", text, re.I):
        return Plan("approve_in_chat", reply=APPROVE_IN_CHAT)
    m = find_mentions(text, vocab)
    for pattern, needs, planner in RULES:
        if _has(text, pattern) and _satisfied(needs, text, m):
            return planner(text, m, recall, vocab)
    if m.po_numbers:
        return plan_po_risk(text, m, recall, vocab)
    return Plan("unknown", reply=CANT)
