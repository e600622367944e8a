"""'If the lot gets released tues noon are we ok?': a what-if on a quality hold's decision.

Released at a time: the held item's shortages with its held stock counted from then (the
shortages tool's `held_released_at`); released with no time: counted now (`include_held`);
rejected: the baseline, where held stock never counts. The answer leads with the assumption;
nothing is proposed.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from agent.offline.mentions import Mentions, local_now
from agent.offline.planners import Plan, Recall, held_item, held_items
from agent.offline.slots import clock_in, day_in
from agent.offline.vocabulary import Vocabulary

INTENT = "hold_release"
FOCUS_KEY = "hold_release"  # the assumption the answer leads with
LOCAL_FORMAT = "%a %Y-%m-%d %H:%M"
FIRST_SHIFT = time(6, 0)  # a day named without a time: the start of its first shift

SUPPOSE = r"(?:if|once|when|assuming|assume|suppose|supposing|say|what if|in case|should)"
RELEASED = (
    r"(?:releas\w*|lift\w*|clear\w*|pass(?:es|ed)?|approv\w*|ok'?d|okayed|signs? off|signed off|"
    r"comes? off hold|taken off hold|off hold|good to use|usable)"
)
REJECTED = (
    r"(?:reject\w*|scrap\w*|fails?|failed|bad|returned|not released|isn'?t released|never released|"
    r"stays? (?:on )?hold|held for good)"
)
HOLD_WORDS_RE = re.compile(
    r"\b(?:lot|lots|hold|held|quality|qa|qc|quarantin\w*|L-\d{3,5}-\d{3,5})\b", re.IGNORECASE
)
RELEASE_RE = re.compile(rf"\b{SUPPOSE}\b[^.?!;]{{0,60}}?\b{RELEASED}\b", re.IGNORECASE)
REJECT_RE = re.compile(rf"\b{SUPPOSE}\b[^.?!;]{{0,60}}?\b{REJECTED}\b", re.IGNORECASE)


def _item(m: Mentions, vocab: Vocabulary) -> str | None:
    """The held item the clause is about: named, fitting a name, or the only one on hold."""
    held = held_items(vocab)
    named = [c for c in m.items if c in held]
    if named:
        return named[0]
    fits = held_item(m, vocab)
    if fits:
        return fits
    lots = [c for lot in m.lots for c in held_items(vocab) if _of_lot(vocab, lot, c)]
    if lots:
        return lots[0]
    return next(iter(held)) if len(held) == 1 and not m.items else None


def _of_lot(vocab: Vocabulary, lot: str, item: str) -> bool:
    found = vocab.spotter.directory.get("lot", lot)
    return found is not None and item in found.related


BACK_RE = re.compile(r"\b(?:it|them|that|those)\b", re.IGNORECASE)
HELD_ARGS = ("held_released_at", "include_held")


def _thread_hold(recall: Recall | None, vocab: Vocabulary) -> bool:
    """Whether the thread's last turn was about held stock ('and if they scrap it?' after it)."""
    if recall is None:
        return False
    weighed = any(k in a for n, a in recall.calls if n == "shortages" for k in HELD_ARGS)
    return weighed or (recall.item is not None and recall.item in held_items(vocab))


def supposes_decision(
    text: str, m: Mentions, vocab: Vocabulary, recall: Recall | None = None
) -> bool:
    """Whether the clause supposes a quality hold released or rejected and asks what follows."""
    if not (RELEASE_RE.search(text) or REJECT_RE.search(text)):
        return False
    about_hold = (
        HOLD_WORDS_RE.search(text)
        or any(c in held_items(vocab) for c in m.items)
        or (BACK_RE.search(text) and not m.items and _thread_hold(recall, vocab))
    )
    return bool(about_hold) and _item(m, vocab) is not None


def thread_day(recall: Recall | None) -> date | None:
    """The day the thread's last reads were about ('whats clear to build tmrw'), for an hour
    said after it without a day ('and if QA clears it at noon')."""
    for _, args in recall.calls if recall is not None else ():
        said = args.get("date")
        if isinstance(said, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", said):
            return date.fromisoformat(said)
    return None


def supposed_at(
    text: str, vocab: Vocabulary, plant: str | None, thread: date | None = None
) -> datetime | None:
    """The time a what-if supposes (a release, an arrival), on the plant's clock: a day without
    a time is its first shift's start; an hour without a day is on the day the thread was
    about, else today's, or tomorrow's if already past; None if none."""
    now = local_now(vocab.as_of, vocab.plant_timezones.get(plant or ""))
    if now is None:
        return None
    day, clock = day_in(text, now), clock_in(text)
    if day is None and clock is not None and thread is not None:
        day = thread
    if day is None and clock is None:
        return None
    at = time(*clock) if clock else FIRST_SHIFT
    when = datetime.combine(day or now.date(), at, now.tzinfo)
    if day is None and when < now:  # "at noon" already past today: tomorrow's
        when += timedelta(days=1)
    return when


def plan_release(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """The held item's shortages under the decision supposed, and the assumption said first."""
    item = _item(m, vocab)
    if item is None:
        return Plan("clarify", reply="Which item or lot do you mean? For example: 'if lot "
                    "L-3105-0311 is released Tuesday noon, are we ok?'")  # fmt: skip
    lot = next((e for e in vocab.spotter.directory.entities("lot") if item in e.related), None)
    plant = m.plants[0] if len(m.plants) == 1 else (lot.plant if lot is not None else None)
    args: dict[str, Any] = {"item": item, "horizon": "14d"}
    if plant:
        args["plant"] = plant
    released = RELEASE_RE.search(text)
    rejected = REJECT_RE.search(text)
    if rejected and (not released or rejected.start() <= released.start()):
        lead = (f"If the hold on {item} is rejected, its held stock never counts, as in the "
                "plan's own policy:")  # fmt: skip
        return Plan("shortages", [("shortages", args)], focus={FOCUS_KEY: lead}, act="hypothesise")
    at = supposed_at(text, vocab, plant, thread_day(recall))
    if at is None:
        args["include_held"] = True
        lead = f"If the held {item} stock is released now (held stock counted as available):"
    else:
        args["held_released_at"] = at.isoformat()
        lead = (f"If the held {item} stock is released {at.strftime(LOCAL_FORMAT)} (counted from "
                "then; until then it is not available):")  # fmt: skip
    return Plan("shortages", [("shortages", args)], focus={FOCUS_KEY: lead}, act="hypothesise")
