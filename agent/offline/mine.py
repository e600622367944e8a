"""'Which of those r mine?' after a shortage answer: the same shortages, only the items of the
families the asker works on (the shortages tool's `my_families`), the others named as not
theirs. A buyer's families describe their work, not what they may see."""

from __future__ import annotations

import re

from agent.offline.mentions import Mentions
from agent.offline.planners import Plan, Recall
from agent.offline.vocabulary import Vocabulary

INTENT = "shortages_mine"
MINE_RE = re.compile(
    r"\b(?:which|what|any)\b(?:\s+\w+){0,3}\s+(?:are|r|is|of them|of those|of these)?\s*"
    r"(?:mine|my (?:items?|parts?|commodit\w+|families|stuff|ones))\b|"
    r"^\W*(?:and\s+)?(?:just\s+|only\s+)?(?:mine|my (?:items?|parts?|commodit\w+|stuff|ones))"
    r"(?:\s+only)?\W*$",
    re.IGNORECASE,
)


def asks_mine(text: str, recall: Recall) -> bool:
    """Whether the clause asks which of the shortages just listed are the asker's own."""
    return MINE_RE.search(text) is not None and any(n == "shortages" for n, _ in recall.calls)


def plan_mine(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """The shortages just read, narrowed to the asker's families."""
    calls = [(n, {**a, "my_families": True}) for n, a in recall.calls if n == "shortages"]
    return Plan("shortages", calls)
