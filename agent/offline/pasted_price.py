"""A price in pasted supplier text, checked against our own: "voltaic sent: 'we can air the rest
for USD 4,200' is that the figure our system has for PO-7781? could I sign it off myself?".

The answer is Lineside's own quote for that PO (mode, quantity, cost) and who must approve it;
the pasted figure is never used as a fact, only compared with the quote so the answer can say
whether they agree. Nothing is proposed: the user asked.
"""

from __future__ import annotations

import re

from agent.offline.mentions import find_mentions
from agent.offline.planners import Plan
from agent.offline.slots import modes_in, money_in
from agent.offline.vocabulary import Vocabulary

# The user's own words ask about the figure, or about approving it.
PRICE_ASK_RE = re.compile(
    r"\b(?:figure|price|priced|cost|costs|quote|quoted|number|amount|rate|charge|fee|correct|"
    r"right|match\w*|agree\w*|same|legit|accurate|our system|we have|lineside has|sign\w*|"
    r"approv\w*|ok(?:ay)?|confirm\w*|authori[sz]\w*)\b",
    re.IGNORECASE,
)
PASTED_AMOUNTS = "pasted_amounts"  # focus: the pasted prices, compared, never stated


def pasted_quote(own: str, quoted: str, vocab: Vocabulary) -> Plan | None:
    """Our quote for the PO the message names, when pasted text carries a price and the user's
    words ask about it; None otherwise."""
    prices = money_in(quoted)
    if not prices or PRICE_ASK_RE.search(own) is None:
        return None
    said, pasted = find_mentions(own, vocab), find_mentions(quoted, vocab)
    pos = said.po_numbers or pasted.po_numbers
    if not pos:
        return None
    modes = modes_in(own) or modes_in(quoted)
    args: dict[str, object] = {"po_number": pos[0]}
    if len(modes) == 1:
        args["mode"] = modes[0]  # a word of the text says which quote it is; its numbers don't
    focus = {"pasted": "yes", "approver": "yes",
             PASTED_AMOUNTS: ",".join(f"{p:g}" for p in prices)}  # fmt: skip
    return Plan("expedite_quote", [("expedite_quote", args)], focus=focus, act="ask")
