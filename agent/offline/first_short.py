"""Which shortage bites first, and when it is covered again ('which one bites first, and when
are we covered again?'): the shortage with the earliest first-short time, its quantity, the WO
it hits first, and its cover (inside the horizon, or past it), from the typed shortages result.

A follow-up that names no horizon of its own keeps the one the thread's shortages were read
over, so 'this week' still means this week.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from agent.offline.mentions import find_mentions
from agent.offline.planners import Plan, Recall
from agent.offline.slots import day_in, horizon_in
from agent.offline.vocabulary import Vocabulary
from tools.result_data import ShortageFact, Shortages

if TYPE_CHECKING:
    from agent.offline.compose import Observation  # compose reads this module: types only

FOCUS = "first_short"
LOCAL_FORMAT = "%a %Y-%m-%d %H:%M"
# The first to go short: 'bites first', 'hits us first', 'earliest', 'soonest', 'runs out first'.
FIRST_RE = re.compile(
    r"\b(?:bit\w*|hit\w*|hurt\w*|stop\w*|run\w* out|go\w* short|short|come\w*|happen\w*|"
    r"goes|is|one)\s+(?:[\w-]+\s+){0,2}?(?:first|1st|soonest|earliest)\b|\b(?:first|earliest|soonest|"
    r"next) (?:(?:thing|one|item|part) )?(?:to (?:bite|hit|go|run|stop|short)|one|shortage|gap|"
    r"item|part|problem)\b|"
    r"\bwhich (?:one|shortage|gap|part|item)s? (?:is |comes? )?(?:first|earliest|soonest)\b",
    re.IGNORECASE,
)

# When it is covered again: 'when are we covered again', 'when r we good again', 'back to ok'.
COVER_RE = re.compile(
    r"\b(?:covered|cover|good|ok|okay|fine|back|recover\w*|sorted|clear)\b.{0,12}\bagain\b|"
    r"\bwhen (?:are|r|will|do) (?:we|u|you) (?:be )?(?:covered|good|ok|back|clear|recover\w*)\b|"
    r"\b(?:recover\w*|covered)\b",
    re.IGNORECASE,
)


def asks_first(text: str) -> bool:
    return FIRST_RE.search(text) is not None


def focused(plan: Plan, text: str, recall: Recall, vocab: Vocabulary) -> Plan:
    """The plan with the first shortage to lead: its own shortages call, or the thread's (its
    horizon kept where the clause says none); the plan as it was when not asked."""
    if not asks_first(text):
        return plan
    before = next((a for n, a in reversed(recall.calls) if n == "shortages"), None)
    if not any(name == "shortages" for name, _ in plan.calls):
        if before is None or plan.calls or has_propose(plan):
            return plan
        return Plan("shortages", [("shortages", dict(before))], act=plan.act, focus={FOCUS: "yes"})
    now = vocab.as_of
    said = horizon_in(text, now) or find_mentions(text, vocab).period or day_in(text, now)
    calls = plan.calls
    if not said and before is not None and before.get("horizon"):
        calls = [(n, {**a, "horizon": before["horizon"]} if n == "shortages" else a)
                 for n, a in calls]  # fmt: skip
    return replace(plan, calls=calls, focus={**plan.focus, FOCUS: "yes"})


def has_propose(plan: Plan) -> bool:
    return plan.then is not None


def covered_too(plan: Plan, text: str) -> bool:
    """A clause asking when the shortage just led with is covered again: that answer says it."""
    return bool(plan.focus.get(FOCUS)) and COVER_RE.search(text) is not None


def _local(at: Any, timezone: str | None) -> str:
    return at.astimezone(ZoneInfo(timezone)).strftime(LOCAL_FORMAT) if timezone else str(at)


def _cover(s: ShortageFact, timezone: str | None) -> str:
    if s.recovered_at is not None:
        by = f" by {', '.join(s.recovered_by)}" if s.recovered_by else ""
        return f"covered again {_local(s.recovered_at, timezone)}{by}"
    if s.covered_later_at is not None:
        by = f" by {', '.join(s.covered_later_by)}" if s.covered_later_by else ""
        return (f"not within the horizon asked; covered again "
                f"{_local(s.covered_later_at, timezone)}{by}")  # fmt: skip
    return "no receipt covers it within the horizon or the weeks after it"


def sentence(
    observations: list[Observation],
    focus: Mapping[str, str],
    names: Mapping[str, str],
    timezones: Mapping[str, str],
) -> str | None:
    """'First to bite: T-3105 (...) from Mon 2026-03-02 10:00, 20 short, at WO-... on LKS-DOOR1;
    covered again ...', or None when not asked or nothing is short."""
    if not focus.get(FOCUS):
        return None
    found: list[ShortageFact] = []
    for o in observations:
        if o.tool == "shortages" and o.result.get("ok"):
            try:
                found += Shortages.model_validate(o.result.get("data")).root
            except ValidationError:
                continue
    if not found:
        return None
    s = min(found, key=lambda x: (x.first_short_at, x.item))
    zone = timezones.get(s.plant)
    label = f"{s.item} ({names[s.item]})" if names.get(s.item) else s.item
    first = s.pegged[0] if s.pegged else None
    hit = f", at {first.work_order} on {first.line}" if first else ""
    return (
        f"First to bite: {label}, short from {_local(s.first_short_at, zone)}, "
        f"{s.qty_short:,.0f} short{hit}; {_cover(s, zone)}."
    )
