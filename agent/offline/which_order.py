"""'Move the order to next week' with no order known: 'the order' may be a PO line (a buyer's
date change) or a work order (a planner's resequence), so the question back asks which kind and
which one, before any role is refused; an order named ('PO-7795', 'the 10am Vega run', 'the
foam order') or one the thread was about is no question."""

from __future__ import annotations

import re

from agent.offline.mentions import Mentions
from agent.offline.planners import Plan, Recall

# "the order", "that order", "our orders": an order of no kind said ("purchase order" and "work
# order" say theirs).
GENERIC_ORDER_RE = re.compile(
    r"\b(?:the|that|this|my|our|an?|one|their)\s+orders?\b", re.IGNORECASE
)
KIND_SAID_RE = re.compile(
    r"\b(?:work|purchase|production|customer)\s+orders?\b|\bWO-[\w-]+|\bwos?\b|\bpo\b|\bruns?\b|"
    r"\bjobs?\b",
    re.IGNORECASE,
)
MOVE_INTENTS = ("po_date_change", "wo_move", "resequence")
MOVE_VERB_RE = re.compile(
    r"\b(?:move|push|pull|bump|slide|shift|postpone|reschedul\w*|delay|defer|bring)\b", re.I
)
WHICH_ORDER = (
    "Which order do you mean: a PO line (say its number, e.g. 'move PO-7790 to Thursday') or a "
    "work order (its number, or its time and line, e.g. 'move the 10am run on SEAT1 to 6pm')? "
    "Nothing was proposed."
)


def which_order(text: str, intent: str, m: Mentions, recall: Recall, act: str) -> Plan | None:
    """The question back for a move of 'the order' when nothing says which order it is."""
    generic = GENERIC_ORDER_RE.search(text) and not KIND_SAID_RE.search(text)
    moved = intent in MOVE_INTENTS or MOVE_VERB_RE.search(text) is not None
    if not (moved and generic):
        return None
    named = (m.po_numbers or m.asns or m.items or m.item_choices or m.suppliers or m.lines
             or m.lots or m.proposals)  # fmt: skip
    if named or recall.po_number or recall.pending is not None:
        return None
    return Plan("clarify", reply=WHICH_ORDER, act=act, focus={"which_order": "yes"})
