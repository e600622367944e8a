"""'budapest time pls, im at gyor', 'whats burning across all 3 plants': whose clock and which
plants a read is about.

A plant or city said before "time" names the clock to state times on, not the plants asked
about; "im at gyor" says where the asker is; "all 3 plants", "every plant" or "company-wide"
asks about every plant the asker sees.
"""

from __future__ import annotations

import re

from agent.offline.mentions import find_mentions
from agent.offline.vocabulary import Vocabulary

# "budapest time", "in gyor time", "on saltillo's clock", "monterrey local time"
CLOCK_RE = re.compile(
    r"\b(?:in |on |at )?([a-z][a-z'’]+?)(?:'s|’s)?\s+(?:local\s+)?(?:time|clock|tz|timezone)\b",
    re.IGNORECASE,
)
# "im at gyor", "i'm in budapest this week", "from gyor": where the asker is, not the scope
WHERE_I_AM_RE = re.compile(
    r"\b(?:i'?m|i am|im|we'?re|sitting|based|here)\s+(?:at|in|over in|out at)\s+[a-z]+\b",
    re.IGNORECASE,
)
# "gyr team asking ...", "sal is asking when ...": who wants the answer, not what it is about
ASKED_BY_RE = re.compile(
    r"\b([a-z]+)(?:'s)?\s+(?:team|folks|guys|people|side|planners?|buyers?)?\s*(?:is |are )?"
    r"(?:asking|asked|wants? to know|wanting to know|needs? to know|wants?|asks)\b",
    re.IGNORECASE,
)
THEIR_TIME_RE = re.compile(
    r"\b(?:in|on) (?:their|there|thier) (?:own |local )?(?:time|clock|tz|timezone)\b", re.IGNORECASE
)
ALL_PLANTS_RE = re.compile(
    r"\b(?:(?:across |at |in |for )?(?:all|every|each)(?: (?:3|three|of the|our|the))* "
    r"(?:plants?|sites?|factories|locations)|company[- ]?wide|network[- ]?wide|across the "
    r"(?:board|company|network|group)|whole (?:company|group|network)|every ?where)\b",
    re.IGNORECASE,
)


def clock_plant(text: str, vocab: Vocabulary) -> str | None:
    """The plant on whose clock the clause asks times stated ('budapest time' is GYR's)."""
    for said in CLOCK_RE.finditer(text):
        plants = find_mentions(said[1], vocab).plants
        if len(plants) == 1:
            return plants[0]
    if THEIR_TIME_RE.search(text):  # "sal is asking ... in their time": the asking plant's
        return _asking_plant(text, vocab)
    return None


def _asking_plant(text: str, vocab: Vocabulary) -> str | None:
    for said in ASKED_BY_RE.finditer(text):
        plants = find_mentions(said[1], vocab).plants
        if len(plants) == 1:
            return plants[0]
    return None


def asks_every_plant(text: str) -> bool:
    """'across all 3 plants', 'every plant', 'company-wide'."""
    return ALL_PLANTS_RE.search(text) is not None


def scope_plants(text: str, vocab: Vocabulary) -> list[str] | None:
    """The plants the clause names once its clock, the asker's whereabouts and who is asking
    are taken out; None when none of those is said (the mentions stand as they are)."""
    stripped = WHERE_I_AM_RE.sub(" ", CLOCK_RE.sub(" ", text))
    if _asking_plant(stripped, vocab):  # "gyr team asking when lakeside runs out": lakeside
        stripped = ASKED_BY_RE.sub(" ", stripped, count=1)
    if stripped == text:
        return None
    return find_mentions(stripped, vocab).plants
