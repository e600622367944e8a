"""'heater module gap on seat1 - what are my options?': what can be done about an item's gap,
as facts to choose from, nothing proposed.

The item's state (stock, held lots and their decision, next receipt, next shortage), its open
PO lines ranked by production impact, the air expedite of the line most likely to hit
production priced (cost and who approves it), and the resequence rule with each line's frozen
horizon now. The user picks; a later "ok do it" or an order proposes.
"""

from __future__ import annotations

import re
from typing import Any

from agent.offline.mentions import Mentions
from agent.offline.planners import LOOKUP_TOOL, Pending, Plan, Recall
from agent.offline.vocabulary import Vocabulary

INTENT = "item_options"
OPTIONS_RE = re.compile(
    r"\b(?:my|our|the|any|what(?:'s| are| r)?(?: my| our| the)?) (?:options|choices|moves)\b|"
    r"\bwhat (?:can|could) (?:i|we|u) do\b|\bhow (?:do|can|could) (?:we|i) (?:cover|fix|close|"
    r"plug|solve|get (?:around|past))\b|\bwhat(?:'s| is) the play\b",
    re.IGNORECASE,
)


def asks_options(text: str, m: Mentions) -> bool:
    return OPTIONS_RE.search(text) is not None and len(m.items or m.item_choices) == 1


def plan_options(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    item = (m.items or m.item_choices)[0]
    plant: dict[str, Any] = {"plant": m.plants[0]} if len(m.plants) == 1 else {}
    rule: dict[str, Any] = {"kind": "resequence", **plant}
    calls = [
        ("item_overview", {"item": item, **plant}),
        (LOOKUP_TOOL, {"horizon": "14d", "item": item, **plant}),
        ("approval_rule", rule),
    ]
    # the air expedite of the line that hits production first, priced once the lines are in
    then = Pending("expedite_quote", {"mode": "air"}, act="ask", named=item)
    return Plan(INTENT, calls, then=then, act="ask", focus={"not_proposed": "ask"})
