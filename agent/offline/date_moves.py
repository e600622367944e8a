"""A PO date change said informally ('push it out a day', 'pull it in 2 days') and its date.

A shift counts working days (Mon-Fri: the plants receive on shift days), keeps the time of day
of the line's current promised date, and a week is five working days (the same weekday).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from agent.offline.slots import digits

LATER = r"(?:push\w*|mov\w*|slid\w*|delay\w*|postpon\w*|kick\w*|bump\w*|shift\w*)"
EARLIER = r"(?:pull\w*|bring\w*|brought|mov\w*|advanc\w*|shift\w*|bump\w*)"
AMOUNT = (
    r"(?:by\s+)?(?P<n>\d+|a|an|one)\s+(?:more\s+)?(?:working\s+|business\s+|work\s+)?"
    r"(?P<unit>days?|d|weeks?|wks?)\b"
)
# "push PO-7795 out a day", "pull it in by 2 days", "bring it forward two days", "delay it a week"
SHIFTS: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), sign)
    for pattern, sign in (
        (
            rf"\b{EARLIER}\b(?:\s+(?!out\b|back\b|later\b)\S+){{0,3}}?\s+(?:in|forward|ahead|"
            rf"earlier|up)\s+{AMOUNT}",
            -1,
        ),
        (rf"\b{EARLIER}\s+(?:in|forward|ahead|up)\b(?:\s+\S+){{0,3}}?\s+{AMOUNT}", -1),
        (rf"\b{AMOUNT}\s+(?:earlier|sooner|forward|ahead)\b", -1),
        (
            rf"\b{LATER}\b(?:\s+(?!in\b|forward\b|earlier\b)\S+){{0,3}}?\s+(?:out|back|later)\s+"
            rf"{AMOUNT}",
            1,
        ),
        (rf"\b{LATER}\s+(?:out|back)\b(?:\s+\S+){{0,3}}?\s+{AMOUNT}", 1),
        (rf"\b(?:delay\w*|postpon\w*)\b(?:\s+\S+){{0,3}}?\s+{AMOUNT}", 1),
        (rf"\b{AMOUNT}\s+(?:later|out|back)\b", 1),
    )
)
# The words that say a PO's date moves at all (a day named, or a shift).
MOVE_WORDS_RE = re.compile(
    r"\b(?:push\w*|pull\w*|mov\w*|bring|brought|delay\w*|postpon\w*|reschedul\w*|slid\w*|"
    r"bump\w*|shift\w*)\b",
    re.IGNORECASE,
)
WORKING_DAYS = 5  # Monday to Friday


def shift_in(text: str) -> int | None:
    """Working days a clause moves a date by: +1 for 'push it out a day', -2 for 'pull it in 2
    days', +5 for 'a week later'; None when it names no shift."""
    lowered = digits(text.lower())
    for pattern, sign in SHIFTS:
        found = pattern.search(lowered)
        if found:
            n = 1 if found["n"] in ("a", "an", "one") else int(found["n"])
            weeks = found["unit"].startswith("w")
            return sign * n * (WORKING_DAYS if weeks else 1)
    return None


def shifted(at: datetime, working_days: int) -> datetime:
    """`at` moved by this many working days (a weekend is stepped over), same time of day.

    A date on a weekend counts from the working day it would have been received on.
    """
    step = 1 if working_days >= 0 else -1
    moved = at
    for _ in range(abs(working_days)):
        moved += timedelta(days=step)
        while moved.weekday() >= WORKING_DAYS:
            moved += timedelta(days=step)
    return moved
