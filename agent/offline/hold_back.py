"""A message that asks about an action and holds its proposal back.

"can we resequence SEAT1 to avoid the heater gap? dont submit anything, just tell me options",
"air the 7781. dont actually book it", "expedite PO-7781 but nothing official yet": the action is
named as if asked for, and then held back in the same message. Every action of such a message is
answered with its facts (what it would do, cost and who approves it), and nothing is proposed;
a later "ok propose it" makes it.
"""

from __future__ import annotations

import re

# What stands for the proposal held back: "anything", "it", "a proposal", "the request".
HELD = (
    r"(?:anything|any of (?:it|that|this)|it|that|this|them|one|a thing|an? (?:proposal|request|"
    r"expedite|resequence|change|escalation|order|booking)|the (?:proposal|request|expedite|"
    r"resequence|change|escalation|order|booking)|proposals|requests)"
)
# Verbs of putting a proposal in, or of carrying the action out.
PUT_IN = (
    r"(?:submit|propose|raise|file|create|log|place|put (?:in|through|forward)|put \S+ in|"
    r"set up|action|execute|trigger|kick off|start|book|do|make|open|launch|build|change|touch)"
)
NOT = r"(?:don'?t|dont|do not|no need to|not to|never|won'?t need you to)"
HOLD_BACK_RE = re.compile(
    rf"\b{NOT}\s+(?:(?:actually|go|yet|just|really|even)\s+)*(?:and\s+)?{PUT_IN}\s+{HELD}\b"
    # "dont book anything premium": only the premium kind is turned down, not the rest.
    r"(?!\s+(?:else|more|other|further|extra|about|with|to|for|premium|by air|air|expedited|"
    r"express|rush|urgent)\b)|"
    rf"\b{NOT}\s+actually\s+\w+\s+(?:it|them|that|anything)\b|"
    r"\bnothing (?:official|formal|submitted|raised|proposed|booked)(?: yet)?\b|"
    r"\b(?:no|without (?:a|any)) (?:proposals?|requests?|submissions?|bookings?)(?: yet| for now)?"
    r"(?=\s*(?:[,.;!?—–-]|$|just|only|please|pls))|"
    r"\b(?:hold off on|hold back on|wait (?:on|with)) (?:submitting|proposing|raising|filing|"
    r"booking|creating)\b|"
    r"\b(?:just|only) (?:looking|asking|checking|curious|exploring|wondering)\b"
    r"(?!\s+(?:at|for|into|about|on|if|whether|how|what|when|why|who)\b)|"
    r"\bnot asking (?:you )?to (?:do|submit|propose|book|act)\b|\bread[- ]only\b",
    re.IGNORECASE,
)
# What may be left of a hold-back clause that asks nothing of its own: "just tell me options".
ONLY_FACTS_RE = re.compile(
    r"^\W*(?:(?:but|and|so|ok(?:ay)?|yet|for now|please|pls|just|only|simply|i|we|yet)\W+)*"
    r"(?:(?:tell|show|give|walk|talk) (?:me|us)(?: through| thru)?(?: (?:it|that|this))?\W*)?"
    r"(?:(?:the|my|our|your|what (?:the|my"
    r"|our))\s+)?(?:options?|choices|alternatives|numbers|facts|cost|price|what (?:you(?:'d| "
    r"would)|it would|that would|we could|would happen|it looks like|the options are)\b.*|"
    r"how (?:it|that) would (?:look|go|work)|how much)?\W*$",
    re.IGNORECASE,
)


def holds_back(text: str) -> bool:
    """Whether the user's own words hold any proposal of this message back."""
    return HOLD_BACK_RE.search(text) is not None


def only_holds_back(clause: str) -> bool:
    """Whether a clause only holds the proposal back, and perhaps asks for the facts that the
    action's own answer gives ("dont submit anything just tell me options")."""
    found = HOLD_BACK_RE.search(clause)
    if found is None:
        return False
    before, after = clause[: found.start()], clause[found.end() :]
    return bool(ONLY_FACTS_RE.match(before) and ONLY_FACTS_RE.match(after))
