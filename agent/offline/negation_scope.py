"""What a request's negation governs: the action itself, or only the goal the action serves.

"Resequence the seat line so we don't start the orion runs short" asks for a resequence: its
"don't" belongs to the purpose clause ("so we don't ..."), the goal of the request. "Don't
resequence yet" and "no need to chase them" turn the action down: the negation governs the verb.
"""

from __future__ import annotations

import re

# Where a clause of purpose or reason starts: what comes after it is why, never what to do.
GOAL_START_RE = re.compile(
    r"(?:,\s*|\s+)(?:so(?:\s+that)?(?=\s+(?:we|we'?re|we'?ll|the|it|its|it'?s|they|they'?re|our|"
    r"i|i'?m|you|nothing|no|none|nobody|there|that|this|those|these|[a-z]+\d\w*)\b)|"
    r"so as(?: not)? to|in order(?: not)? to|(?:in an effort|trying) to|"
    r"to (?:avoid|prevent|keep|make sure|ensure|stop|cover)|otherwise|or else|lest|"
    r"because|since|(?:'|’)?cause|cuz|coz|given that|as (?=we|the|they|our|it)\b)\b",
    re.IGNORECASE,
)


def governed(clause: str) -> str:
    """The part of a clause whose negation would turn its action down: the clause before any
    purpose or reason clause ('so we don't stop', 'so that the line isn't short', 'because we
    don't have the modules'); the whole clause when there is none."""
    found = GOAL_START_RE.search(clause)
    if found is None or found.start() == 0:
        return clause
    return clause[: found.start()].rstrip(" ,")
