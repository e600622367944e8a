"""Follow-ups that lean on what the previous answer found (its typed results, as `Recall` holds
them): 'when do we get more of them?' after a shortage is that item's open supply; 'why's the
polyform one so risky?' after several shortages is the risk of the PO line that supplies the short
item Polyform makes; 'how much line time does that cost us?' after an item's supply or ETA is
that item's shortage (the short quantity, the WO it hits, the line-hours at risk)."""

from __future__ import annotations

import re
from dataclasses import replace

from agent.offline import planners as p
from agent.offline.mentions import Mentions
from agent.offline.other_po import another_suppliers_line
from agent.offline.planners import Plan, Recall
from agent.offline.vocabulary import Vocabulary
from domain.entities.spotting import words_of

FROM_RESULTS = "from_results"  # focus: the plan leans on the previous answer, not a fragment
WHICH_SHORT = "which_short"  # the intent of the question back that names the short items

# "the polyform one", "the foam ones", "that part", "this shortage": one of the things listed.
ONE_OF_THEM_RE = re.compile(
    r"\b(?:the|that|this)\s+(?:[\w'-]+\s+){0,3}?(?:one|ones|part|parts|item|items|shortage|"
    r"thing|guy|guys)\b",
    re.IGNORECASE,
)
# Production time lost, asked outright: "how much line time does that cost us", "how many hours
# do we lose", "any downtime from it?".
HOURS_RE = re.compile(
    r"\bline[- ]?(?:time|hours?|hrs?)\b|\bdowntime\b|\bproduction time\b|"
    r"\b(?:hours?|hrs?|shifts?)\b.{0,30}\b(?:lose|lost|losing|los|cost\w*|miss\w*|down|risk\w*|"
    r"idle)\b|"
    r"\b(?:lose|losing|lost|cost\w*)\b.{0,30}\b(?:hours?|hrs?|time|production|shifts?)\b",
    re.IGNORECASE,
)
# Its effect on us, asked of something named before: "does that hurt us", "how bad is it for the
# line", "will it stop production", "what's the impact of that".
EFFECT_RE = re.compile(
    r"\b(?:hurt|affect|impact|hit|stop|matter|cost)\w*\b.{0,25}\b(?:us|we|our|line|lines|"
    r"production|build|builds|schedule)\b|\bh(?:o)?w bad\b|\bimpact\b",
    re.IGNORECASE,
)
# Words that point back at what the previous answer was about ("this week" is a period).
BACK_RE = re.compile(
    r"\b(?:that|it|those|these|them|the delay|the hold|the wait|this(?!\s+(?:week|month|quarter|"
    r"year|morning|afternoon|evening|shift|wk)\b))\b",
    re.IGNORECASE,
)
ACTIONS = ("expedite", "escalation", "po_date_change", "transfer", "resequence",
           "quality_review", "wo_move")  # fmt: skip
SHORT_CLAUSE = 8  # words: "how many hours do we lose" leans on the answer before it
# Asked of one of the things listed: its risk ("why's the polyform one so risky?", "tell me more
# about the foam one", "what's the deal with the voltaic part").
RISK_RE = re.compile(
    r"\b(?:risk\w*|red|flag\w*|why|worr\w*|concern\w*|explain\w*|more about|more on|tell me "
    r"more|deal|bad|danger\w*|problem|issue|wrong|what about|how about)\b",
    re.IGNORECASE,
)
# Its supply asked: "when does the foam one land?", "next truck for the voltaic one?".
ARRIVAL_RE = re.compile(
    r"\b(?:when\w*|arriv\w*|deliver\w*|eta|land\w*|coming|come in|due|next|truck|shipment|"
    r"receipt|restock\w*|replenish\w*)\b|\bmore\b.*\b(?:get|coming|come|arriv\w*|in)\b",
    re.IGNORECASE,
)
# When it runs short: "when exactly does it run out", "when does the foam one go short".
RUN_OUT_RE = re.compile(
    r"\brun(?:s|ning)?\s+(?:out|dry|short)\b|\bgo(?:es|ing)?\s+short\b|\bstock(?:s|ing)?[- ]?out\b|"
    r"\bout of stock\b|\bhits? zero\b|\bhow (?:much|many)\b.{0,15}\bshort\b|\bfirst short\b",
    re.IGNORECASE,
)
# Reads that the words already ask of the item picked (its shortage, its hold).
ANSWERED_AS_ASKED = ("shortages", "why_short", "quality_hold")
ACTIONS = ("expedite", "escalation", "po_date_change", "transfer", "resequence",
           "quality_review", "wo_move")  # fmt: skip
SHORT_CLAUSE = 8  # words: "how many hours do we lose" leans on the answer before it


def _names_anything(m: Mentions) -> bool:
    return bool(m.items or m.item_choices or m.po_numbers or m.asns or m.lots or m.lot_choices
                or m.suppliers or m.supplier_choices or m.lines or m.plants or m.kpi)  # fmt: skip


def picked_short(m: Mentions, shorts: tuple[str, ...], vocab: Vocabulary) -> str | None:
    """The one short item the words name: by its code or description ('the foam one'), else by
    the supplier of its PO lines ('the polyform one', 'the saltillo one': a plant that ships to
    us); None when they fit none or several."""
    named = [i for i in shorts if i in m.items or i in m.item_choices]
    suppliers = [*m.suppliers, *(x for x in m.plants if x in vocab.suppliers)]
    if not named and len(suppliers) == 1 and not (m.items or m.item_choices):
        named = [i for i in shorts if suppliers[0] in vocab.supplied_by.get(i, ())]
    return named[0] if len(named) == 1 else None


def worded_short(clause: str, shorts: tuple[str, ...], vocab: Vocabulary) -> str | None:
    """The one short item whose description has a word of the clause that no other short
    item's has ('the heater ones' among a heater module, a foam and a trim cover)."""
    said = set(words_of(clause))
    words = {i: set(words_of(vocab.items.get(i, ""))) for i in shorts}
    fits = [i for i in shorts if any(
        w in said and len(w) > 2 and all(w not in words[o] for o in shorts if o != i)
        for w in words[i]
    )]  # fmt: skip
    return fits[0] if len(fits) == 1 else None


def which_short(shorts: tuple[str, ...], vocab: Vocabulary) -> Plan:
    """'Which of them?', naming each short item of the previous answer."""
    listed = [f"{c} ({vocab.items.get(c, c)})" for c in shorts]
    options = ", ".join(listed[:-1]) + f" or {listed[-1]}"
    return Plan(
        WHICH_SHORT,
        reply=f"Which of the short items do you mean: {options}? For example: 'when does more "
        f"{shorts[0]} arrive?'",
    )


def _only(item: str, m: Mentions, vocab: Vocabulary, supplier: bool = False) -> Mentions:
    """The words with the item picked as the one item named (and its supplier, if kept); a plant
    named as whose it is ('the saltillo one') is its supplier, not a plant to read."""
    plants = [x for x in m.plants if x not in vocab.suppliers]
    return replace(m, items=[item], item_choices=[], suppliers=m.suppliers[:1] if supplier else [],
                   supplier_choices=[], po_numbers=[], plants=plants)  # fmt: skip


def _supply_of(item: str, clause: str, m: Mentions, vocab: Vocabulary) -> Plan:
    only = _only(item, m, vocab)
    plan = p.plan_open_supply(clause, only, Recall(), vocab)
    return replace(plan, focus={**plan.focus, FROM_RESULTS: item})


def _risk_of(item: str, m: Mentions, clause: str, vocab: Vocabulary) -> Plan:
    """The risk of the open PO line of the item most likely to hit production (read first)."""
    only = _only(item, m, vocab, supplier=True)
    plan = p.plan_po_risk(clause, only, Recall(), vocab)
    return replace(plan, focus={**plan.focus, FROM_RESULTS: item})


def _loss_of(item: str) -> Plan:
    """The item's shortage: the quantity short, the WOs it hits and the line-hours at risk."""
    return Plan("shortages", [("shortages", {"horizon": "14d", "item": item})],
                focus={FROM_RESULTS: item})  # fmt: skip


def on_results(
    clause: str,
    act: str,
    intent: str,
    m: Mentions,
    plan: Plan,
    recall: Recall,
    vocab: Vocabulary,
) -> Plan:
    """The clause's plan, or the reading the previous answer's results give it (questions only:
    an action named by its item has its own second step)."""
    if act not in ("ask", "hypothesise") or intent == "customer_orders":
        return plan  # "which customer orders get hit first": its own reading of the shortages
    other = another_suppliers_line(clause, m, recall, vocab, {FROM_RESULTS: "po"})
    if other is not None:
        return other  # "and polyform on the thursday one?" after what voltaic confirmed
    if intent in ACTIONS:
        return plan
    shorts = recall.shorts
    chosen = picked_short(m, shorts, vocab) if shorts and not (m.po_numbers or m.asns) else None
    if chosen is None and shorts and not _names_anything(replace(m, item_choices=[])):
        # "the heater ones", "the trim ones" (many items are trim): a word of its own
        chosen = worded_short(clause, shorts, vocab)
    if chosen is not None and recall.intent == WHICH_SHORT:
        return _supply_of(chosen, clause, m, vocab)  # the answer to "which of the short items?"
    if chosen is not None and RUN_OUT_RE.search(clause):
        return _loss_of(chosen)  # "ok and the heater one, when exactly does it run out"
    if chosen is not None and (ONE_OF_THEM_RE.search(clause) or RISK_RE.search(clause)):
        if ARRIVAL_RE.search(clause) and not RISK_RE.search(clause):
            return _supply_of(chosen, clause, m, vocab)  # "when does the foam one land?"
        if RISK_RE.search(clause) or intent not in ANSWERED_AS_ASKED:
            return _risk_of(chosen, m, clause, vocab)  # "why's the polyform one so risky?"
    if _names_anything(m):
        return plan
    more = intent in ("open_supply", "out_of_domain", "unknown") and (
        intent == "open_supply" or ARRIVAL_RE.search(clause)
    )  # "any more coming?"
    if more and len(shorts) > 1:
        return which_short(shorts, vocab)  # "when do we get more of them?" after several
    if more and len(shorts) == 1:
        return _supply_of(shorts[0], clause, m, vocab)
    item = recall.last_item
    back = BACK_RE.search(clause) is not None
    loss = (HOURS_RE.search(clause) and (back or len(clause.split()) <= SHORT_CLAUSE)) or (
        EFFECT_RE.search(clause) and back
    )
    if loss and item and len(shorts) <= 1 and not m.period:
        return _loss_of(item)  # "so how much line time does that cost us?"
    if item and back and RUN_OUT_RE.search(clause) and not recall.proposal and len(shorts) <= 1:
        return _loss_of(item)  # "when does it run out?" after the item's supply
    return plan
