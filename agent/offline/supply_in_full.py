"""'What if Voltaic ships the whole order on time, are we still short?': a hypothesis that the
open supply named arrives in full, asked as the shortages that would be left with every open PO
quantity counted, the unconfirmed too (the shortages tool's own supply policy); no proposal."""

from __future__ import annotations

import re

FOCUS_KEY = "supply_if"  # the answer leads with the assumption: in_full
ARRIVES = (
    r"(?:ships?|shipped|shipping|sends?|sent|delivers?|delivered|arrives?|arrived|comes?(?: in)?|"
    r"came(?: in)?|shows? up|showed up|turns? up|turned up|lands?|landed|gets? here|got here|"
    r"makes? it)"
)
WHOLE = (
    r"(?:in full|complete|completely|in its entirety|100 ?%|"
    r"(?:the|their|its|our) (?:whole|full|entire|complete)"
    r"(?: order| lot| qty| quantity| po| line)?|"
    r"all (?:of )?(?:it|them|the (?:order|qty|quantity|rest|lot))|everything|every (?:unit|piece)|"
    # "delivers all 1000", "ships the full 1,000 pcs": the whole quantity by its number
    r"(?:all|the (?:whole|full|entire)) (?:of )?(?:the )?\d[\d,]*(?:\.\d+)?"
    r"(?: ?(?:pcs|pieces|units|ea))?|"
    r"the (?:rest|balance|remainder)(?: too| as well| of it)?)"
)
IN_FULL_RE = re.compile(
    rf"\b{ARRIVES}\b[^.?!;]{{0,40}}?\b{WHOLE}(?!\w)|"
    rf"\b{WHOLE}\b[^.?!;]{{0,25}}?\b{ARRIVES}\b",
    re.IGNORECASE,
)
# "doesn't ship the whole order", "never sends all of it": the opposite assumption.
NOT_RE = re.compile(
    r"(?:\b(?:never|not|no longer|fails? to|cannot)\b|n'?t\b)[^.?!;]{0,12}$", re.IGNORECASE
)
LEFT_RE = re.compile(
    r"\bshort\w*|\brun(?:ning)? out\b|\benough\b|\bcover\w*|\bstill\b|\bproblem\b|\bsafe\b|"
    r"\bfine\b|\bok(?:ay)?\b|\bgap\b|\bjobs?\b|\bwos?\b|\bhit\b|\bstop\w*",
    re.IGNORECASE,
)


SUPPOSED_RE = re.compile(r"\b(?:what if|if|suppose|supposing|assuming|say)\b", re.IGNORECASE)

# "what if voltaic confirms the other 600 today": the unconfirmed quantity supposed confirmed,
# which is itself asking what that changes.
CONFIRMS_REST_RE = re.compile(
    r"\b(?:if|once|when|suppose|supposing|assuming|say)\b[^.?!;]{0,40}?\bconfirm(?:s|ed)?\s+"
    r"(?:the\s+)?(?:other|remaining|rest(?:\s+of\s+(?:it|the\s+\w+))?|balance|remainder|"
    r"missing|outstanding|unconfirmed|whole|full|everything|all)\b",
    re.IGNORECASE,
)


def arrives_in_full(text: str) -> bool:
    """Whether the clause supposes the open supply arrives in full and asks what is left short."""
    confirmed = CONFIRMS_REST_RE.search(text)
    if confirmed and not NOT_RE.search(text[: confirmed.end()].rsplit("confirm", 1)[0]):
        return True
    found = IN_FULL_RE.search(text)
    if found is None or NOT_RE.search(text[: found.start() + len(found[0].split()[0])]):
        return False
    # "what if voltaic ships the full 1000 on tuesday": a supposition asks what it leaves short
    return LEFT_RE.search(text) is not None or SUPPOSED_RE.search(text[: found.start()]) is not None


# The assumption the shortages after it were projected under, said first.
LEAD = "If the open quantity arrives in full (unconfirmed PO quantities counted as supply):"
# An expedite weighed with what it would fix: its quantity supposed to arrive when promised.
EXPEDITED_LEAD = (
    "If the expedited quantity arrives by the PO's promised date (its unconfirmed quantity "
    "counted as supply):"
)
