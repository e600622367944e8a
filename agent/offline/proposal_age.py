"""'Anything older than a day?' after a list of proposals, or 'pending proposals older than 12 h':
the same listing, of proposals made more than that long ago (`pending_proposals` filters them by
its own as-of clock)."""

from __future__ import annotations

import re
from typing import Any

from agent.offline.mentions import Mentions
from agent.offline.planners import Plan, Recall
from agent.offline.vocabulary import Vocabulary

INTENT = "proposals_by_age"
UNIT_HOURS = {"h": 1.0, "hr": 1.0, "hour": 1.0, "d": 24.0, "day": 24.0, "wk": 168.0, "week": 168.0}
AGE_RE = re.compile(
    r"\b(?:older|more|longer|over|sitting|waiting|open|pending)\s+(?:than|for\s+more\s+than|"
    r"for\s+over|for\s+longer\s+than|over)\s+(?:(\d+(?:\.\d+)?)|an?|one)\s*"
    r"(h|hrs?|hours?|d|days?|wks?|weeks?)\b",
    re.IGNORECASE,
)
PROPOSALS_RE = re.compile(r"\b(?:proposals?|requests?|approvals?|AP-\d+)\b", re.IGNORECASE)
LISTINGS = ("pending_proposals",)


def age_hours(text: str) -> float | None:
    """The age asked about, in hours: 'older than a day' -> 24, 'more than 12 hrs' -> 12."""
    found = AGE_RE.search(text)
    if found is None:
        return None
    unit = found[2].lower().rstrip("s")
    unit = {"hrs": "hr", "wk": "wk"}.get(unit, unit)
    return float(found[1] or 1) * UNIT_HOURS.get(unit, UNIT_HOURS.get(unit[:1], 1.0))


def asks_by_age(text: str, recall: Recall) -> bool:
    """An age asked of proposals: named, or the listing the thread just gave."""
    listed = any(n in LISTINGS for n, _ in recall.calls)
    return age_hours(text) is not None and (listed or PROPOSALS_RE.search(text) is not None)


def plan_by_age(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """The listing the thread just gave (or the pending proposals) of those older than asked."""
    hours = age_hours(text) or 24.0
    listed = next((a for n, a in recall.calls if n in LISTINGS), None)
    args: dict[str, Any] = dict(listed) if listed is not None else {"status": "pending"}
    if m.plants and len(m.plants) == 1:
        args["plant"] = m.plants[0]
    return Plan(INTENT, [("pending_proposals", {**args, "older_than_hours": hours})])
