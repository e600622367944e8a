"""Questions about open PO lines themselves: what a supplier confirmed (committed to) on a PO,
and a supplier's open lines named by possessive or 'from' ('Voltaic's modules', 'what's late
from polyform'), late ones with their lateness. Both read `po_lines_by_impact`, whose typed rows
carry the confirmation and the lateness; the intent tells the answer which to state, and stays
in the thread's note so a follow-up ('and polyform on 7795?') is answered the same way."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from agent.offline.acts import clause_act
from agent.offline.mentions import Mentions
from agent.offline.planners import LOOKUP_TOOL, Plan, Recall, supplying_plants
from agent.offline.vocabulary import Vocabulary
from domain.entities.names import fold

CONFIRMATION = "po_confirmation"
SUPPLIER_LINES = "supplier_lines"
LATE_LINES = "late_po_lines"  # its own intent, so 'and trimtex?' next turn asks lateness too

# What the supplier committed to: "what did voltaic actually confirm", "how much is confirmed",
# "has polyform confirmed 7795?", "the confirmed qty on 7781", "what are they committing to".
CONFIRM_WORD = r"(?:confirm\w*|c[ou]nfrim\w*|com?mit\w*|promis\w*|agree\w*(?: to)?|firm(?:ed)? up)"
WHAT = r"(?:what|wat|wht)"  # typed fast
CONFIRM_ASK_RE = re.compile(
    rf"\b{WHAT}(?:'s|s)? (?:\w+ ){{0,2}}?(?:did|has|have|do|does|is|are|was|were|exactly)\b"
    rf".{{0,40}}?\b{CONFIRM_WORD}|"
    rf"\b{WHAT}(?:'s|s| is| was| has been)? (?:\w+ ){{0,2}}?(?:actually |really |been )?"
    rf"{CONFIRM_WORD}|"
    rf"\bhow (?:much|many)\b.{{0,40}}?\b{CONFIRM_WORD}|"
    r"\b(?:confirmed|committed|firm) (?:qty|quantity|quantities|amount|volume|date|pcs|pieces|"
    r"part|portion|delivery)\b|"
    rf"^\W*(?:so\s+|and\s+|but\s+)?(?:did|has|have|is|was|were)\b.{{0,40}}?\b(?:fully |actually |"
    rf"ever |really )?(?:confirm\w*|commit\w*)\b|"
    r"\b(?:confirmation|commitment) (?:on|for|of)\b",
    re.IGNORECASE,
)
# What they wrote stays a search of the correspondence ("what did voltaic say about 7781").
SAID_RE = re.compile(
    r"\b(?:say|said|says|saying|write|wrote|written|writing|e-?mail\w*|mail|messages?|tell|told|"
    r"repl\w*|letters?|notes?|correspondence|word)\b",
    re.IGNORECASE,
)
# A proposal's decision ('was the expedite confirmed?') is no supplier's commitment.
PROPOSAL_WORDS_RE = re.compile(
    r"\b(?:expedit\w*|escalation|proposal|request|resequence|transfer|review|AP-\d+|myself|"
    r"approv\w*)\b",
    re.IGNORECASE,
)
# A line's lateness asked: "what's late from polyform", "anything overdue from trimtex?".
LATE_RE = re.compile(
    r"\b(?:late|overdue|over-due|past due|past-due|behind|delayed|slipp\w*|behind schedule|"
    r"not (?:yet )?(?:in|here|arrived|received|delivered)|missed)\b",
    re.IGNORECASE,
)
# A supplier's things asked for without naming one: "what's coming from voltaic",
# "anything open with trimtex", "show me polyform's orders".
OPEN_ASK_RE = re.compile(
    r"\b(?:what(?:'s|s| is| are| do we have| have we got)?|anything|everything|which|any|show|"
    r"list|all)\b",
    re.IGNORECASE,
)
# A ranking asked for is the ranking's ("rank voltaic's open lines by impact").
RANK_RE = re.compile(
    r"\brank\w*|\bby (?:impact|risk)\b|\bmost likely\b|\bproduction impact\b", re.I
)
# One order of an item ("is the heater module order from voltaic late?"): that line's risk.
ONE_ORDER_RE = re.compile(r"\b(?:order|po|purchase order)\b", re.IGNORECASE)
NEWS_RE = re.compile(r"\b(?:new|news|hear\w*|updates?|changed|happen\w*|doing|perform\w*)\b", re.I)


def asks_confirmation(text: str, m: Mentions, recall: Recall) -> bool:
    """A question about what a supplier confirmed on a PO line, not about what it wrote."""
    if not CONFIRM_ASK_RE.search(text) or SAID_RE.search(text) or PROPOSAL_WORDS_RE.search(text):
        return False
    if m.kpi is not None or m.lots or m.proposals:
        return False  # "confirmation rate": the KPI
    return bool(m.po_numbers or m.suppliers or m.items or m.asns or recall.po_number)


def _supplier_words(code: str, vocab: Vocabulary) -> list[str]:
    name = fold(vocab.suppliers.get(code, ""))
    return [w for w in (fold(code), name, name.split()[0] if name else "") if len(w) > 2]


def names_supplier_things(text: str, m: Mentions, vocab: Vocabulary) -> bool:
    """'Voltaic's modules', 'what's coming from polyform', 'anything with trimtex?': the one
    supplier named as whose the things asked about are (no PO, item or KPI named)."""
    if len(m.suppliers) != 1 or m.po_numbers or m.items or m.item_choices or m.kpi or m.asns:
        return False
    if SAID_RE.search(text) or NEWS_RE.search(text) or RANK_RE.search(text):
        return False
    folded = fold(text)
    words = "|".join(re.escape(w) for w in _supplier_words(m.suppliers[0], vocab))
    if not words:
        return False
    possessive = re.search(rf"\b(?:{words})(?:['’]s|s['’])(?:\s|$)", folded) is not None
    source = re.search(rf"\b(?:from|with|by|of)\s+(?:the\s+)?(?:{words})\b", folded) is not None
    return possessive or (source and OPEN_ASK_RE.search(text) is not None)


def with_shipping_plant(text: str, m: Mentions, vocab: Vocabulary) -> Mentions:
    """'Anything late from saltillo?': a plant named as where supply comes from is the
    interplant supplier (its namesake), when no supplier is named."""
    if m.suppliers:
        return m
    shipping = supplying_plants(text, m, vocab)
    if len(shipping) != 1:
        return m
    return replace(m, suppliers=shipping, plants=[x for x in m.plants if x not in shipping])


def asks_late(text: str, m: Mentions) -> bool:
    """'What's late from polyform', 'is anything overdue with trimtex': lateness, not a KPI."""
    return (
        LATE_RE.search(text) is not None
        and len(m.suppliers) == 1
        and m.kpi is None
        and not (m.po_numbers or m.asns)
        and not SAID_RE.search(text)
        and not RANK_RE.search(text)
        and not ((m.items or m.item_choices) and ONE_ORDER_RE.search(text))
    )


def intent_for(text: str, m: Mentions, vocab: Vocabulary, recall: Recall) -> str | None:
    """The PO-line intent a question has, if any; a request ('chase voltaic, they're late')
    is an action, not this read."""
    if clause_act(text) != "ask":
        return None
    if asks_confirmation(text, m, recall):
        return CONFIRMATION
    m = with_shipping_plant(text, m, vocab)
    if asks_late(text, m):
        return LATE_LINES
    if names_supplier_things(text, m, vocab):
        return SUPPLIER_LINES
    return None


def plan_confirmation(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """The PO line's confirmation: of the PO named (else the thread's), or of the supplier's or
    item's open lines; the answer states confirmed of ordered, for when, and what is not."""
    args: dict[str, Any] = {"horizon": "14d"}
    po = m.po_numbers[0] if m.po_numbers else None
    if po is None and m.asns:
        po = vocab.asn_pos.get(m.asns[0])
    if po is None and not (m.suppliers or m.items):
        po = recall.po_number
    if po:
        args["po_number"] = po
    else:
        if len(m.suppliers) == 1:
            args["supplier"] = m.suppliers[0]
        if len(m.items) == 1:
            args["item"] = m.items[0]
    if len(args) == 1:
        return Plan("clarify", reply="Which PO do you mean? For example: 'what did Voltaic "
                    "confirm on PO-7781?'.")  # fmt: skip
    focus = {"asked_supplier": m.suppliers[0]} if po and len(m.suppliers) == 1 else {}
    return Plan(CONFIRMATION, [(LOOKUP_TOOL, args)], focus=focus)


def plan_supplier_lines(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """A supplier's open PO lines at the caller's plants, late ones first when lateness is
    asked ('what's late from polyform'); an item named keeps only its lines."""
    m = with_shipping_plant(text, m, vocab)
    if not m.suppliers:
        return Plan("clarify", reply="Which supplier? For example: 'what's late from polyform?'")
    args: dict[str, Any] = {"horizon": "14d", "supplier": m.suppliers[0], "top": 20}
    if len(m.items) == 1:
        args["item"] = m.items[0]
    if len(m.plants) == 1 and m.plants[0] != m.suppliers[0]:
        args["plant"] = m.plants[0]
    return Plan(LATE_LINES if asks_late(text, m) else SUPPLIER_LINES, [(LOOKUP_TOOL, args)])
