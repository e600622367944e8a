"""'Why only 30 short?', 'i dont get how 620 on hand + 400 coming = short wed', 'walk me through
the math': the arithmetic behind a shortage, as the projection did it.

The item named (else the thread's) is walked by `material_balance`: the stock available at the
as-of time, each receipt and work-order draw in time order with the balance after it, to a
little past the first short. Nothing here computes a balance; the tool's steps are the answer.
"""

from __future__ import annotations

import re
from typing import Any

from agent.offline.mentions import Mentions
from agent.offline.planners import Plan, Recall
from agent.offline.slots import supply_policy_in
from agent.offline.vocabulary import Vocabulary

INTENT = "material_balance"
TOOL = "material_balance"
# The arithmetic asked for: "why only 30 short", "how is that 30", "walk me thru the math",
# "explain the 30 short", "i dont get how 620 + 400 = short", "show your working".
ASKS_RE = re.compile(
    r"\bwhy (?:only|just) \d[\d,]* (?:short|pcs|pieces|units)?|"
    r"\bhow (?:is|do you get|did you get|come|'?s) (?:that |it |only |just )?\d[\d,]*\b|"
    r"\b(?:walk|talk|take) (?:me|us) (?:thru|through) (?:the )?(?:math|maths|numbers|arithmetic|"
    r"calc\w*|projection|balance)\b|"
    r"\b(?:show|give) (?:me |us )?(?:the |your )?(?:math|maths|working|arithmetic|calc\w*|"
    r"running balance|balance by (?:day|shift))\b|"
    r"\bexplain (?:the |that |this )?\d[\d,]* short\b|"
    r"\b(?:don'?t|dont|do not|can'?t|cant) (?:get|see|understand) how\b[^.?!;]{0,60}\d|"
    r"\bhow (?:does|do|can) \d[\d,]*\b[^.?!;]{0,60}\b(?:short|run out|go short)\b",
    re.IGNORECASE,
)


def asks_walk(text: str) -> bool:
    return ASKS_RE.search(text) is not None


def plan_walk(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """The projection of the item named, or the thread's, walked step by step."""
    named = m.items or m.item_choices  # "the heater one": the one item the words fit
    item = named[0] if len(named) == 1 else recall.last_item or recall.item
    if item is None and len(recall.shorts) == 1:
        item = recall.shorts[0]
    if item is None:
        return Plan("clarify", reply="Which item's numbers should I walk through? For example: "
                    "'why is E-4410 only 30 short?'")  # fmt: skip
    args: dict[str, Any] = {"item": item, **supply_policy_in(text)}
    if len(m.plants) == 1:
        args["plant"] = m.plants[0]
    return Plan(INTENT, [(TOOL, args)])
