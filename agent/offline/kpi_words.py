"""KPI phrases as people write them: the catalogue's names and synonyms, matched word by word
after both sides are brought to one form (lower case, plurals and -ed/-ing endings off, 'hrs'
and 'avg' written out, 'our', 'the', 'get' left out, a typo of a long KPI word mended), so
'what % of our POs get confirmed in 48h' finds 'confirmed within 48 hours' and 'line hrs are
we exposed' finds 'line hours exposed'. The phrases themselves are data: domain/kpis/catalogue."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from rapidfuzz import fuzz, process

# Words that carry no KPI meaning on either side: 'what % of our POs get confirmed'.
FUNCTION_WORDS = frozenset(
    ("a", "an", "the", "our", "my", "we", "they", "their", "them", "us", "i", "you", "are", "is",
     "were", "was", "be", "been", "being", "get", "gets", "got", "getting", "do", "does", "did",
     "have", "has", "had", "of")
)  # fmt: skip
# Shorthands written out before the endings are taken off (one word may stand for several).
SHORTHANDS = {
    "pos": "po", "hrs": "hours", "hr": "hours", "h": "hours", "hs": "hours", "avg": "average",
    "av": "average", "ave": "average", "qtr": "quarter", "pct": "%", "percent": "%",
    "percentage": "%", "ack": "acknowledgement", "acks": "acknowledgement",
    "acknowledgment": "acknowledgement", "ageing": "aging", "aged": "aging", "wos": "wo",
    "two": "2", "wks": "weeks", "wk": "week", "&": "and", "n": "and",
}  # fmt: skip
ENDINGS = ("ies", "ing", "ed", "es", "s")
FUZZY_MIN_LENGTH = 6  # only long words are mended: 'adherance', 'frieght', 'confirmaton'
FUZZY_SCORE = 85
GAP = 2  # words a phrase of three words or more may have between its words, in all


def stem(word: str) -> str:
    """One form for 'deliveries'/'delivery', 'confirmed'/'confirm', 'hours'/'hour'."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    for ending in ENDINGS[1:]:
        if word.endswith(ending) and not word.endswith("ss") and len(word) - len(ending) >= 3:
            word = word[: -len(ending)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def words(text: str) -> list[str]:
    """The words of `text` in the one form phrases are matched in."""
    lowered = text.lower().replace("_", " ").replace("%", " % ").replace("&", " and ")
    lowered = re.sub(r"(\d)([a-z])", r"\1 \2", lowered)  # '48h' -> '48 h'
    out: list[str] = []
    for raw in re.findall(r"[a-z0-9%]+", lowered):
        for word in SHORTHANDS.get(raw, raw).split():
            if word not in FUNCTION_WORDS:
                out.append(stem(word))
    return out


@lru_cache(maxsize=4096)
def phrase_words(phrase: str) -> tuple[str, ...]:
    return tuple(words(phrase))


@lru_cache(maxsize=64)
def _long_words(phrases: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w for p in phrases for w in phrase_words(p) if len(w) >= FUZZY_MIN_LENGTH)


def mended(found: list[str], known: frozenset[str]) -> list[str]:
    """Each long word that is a typo of a KPI word ('adherance'), written as that word."""
    out = []
    for word in found:
        if len(word) >= FUZZY_MIN_LENGTH and word not in known and word.isalpha():
            best = process.extractOne(word, known, scorer=fuzz.ratio, score_cutoff=FUZZY_SCORE)
            if best is not None and best[0][0] == word[0] and abs(len(best[0]) - len(word)) <= 2:
                word = best[0]
        out.append(word)
    return out


def _find(found: list[str], wanted: tuple[str, ...]) -> tuple[int, int] | None:
    """(start, words covered) of the first place `wanted` is written in `found`: as it is, or,
    for a phrase of three words or more, with up to GAP other words between its words ('how
    late are suppliers on average' is 'late on average')."""
    n = len(wanted)
    for i in range(len(found) - n + 1):
        if tuple(found[i : i + n]) == wanted:
            return i, n
    if n < 3:
        return None
    for i, word in enumerate(found):
        if word != wanted[0]:
            continue
        at, skipped = i, 0
        for want in wanted[1:]:
            step = next((k for k in range(1, GAP + 2 - skipped) if at + k < len(found)
                         and found[at + k] == want), None)  # fmt: skip
            if step is None:
                break
            at, skipped = at + step, skipped + step - 1
        else:
            return i, at - i + 1
    return None


def spans(text: str, kpis: Mapping[str, Iterable[str]]) -> list[tuple[int, int, str]]:
    """(first word, -words covered, KPI) for each catalogue phrase the text contains."""
    phrases = tuple(p for synonyms in kpis.values() for p in synonyms)
    found = mended(words(text), _long_words(phrases))
    present = set(found)  # a phrase is only found where every word of it is written
    out: list[tuple[int, int, str]] = []
    for name, synonyms in kpis.items():
        for phrase in synonyms:
            wanted = phrase_words(phrase)
            at = _find(found, wanted) if wanted and present.issuperset(wanted) else None
            if at is not None:
                out.append((at[0], -at[1], name))
    return out


# KPIs people ask for that the governed catalogue does not have, with the catalogue KPI nearest
# in meaning (None: none is): the answer says so and names what the catalogue has.
NOT_IN_CATALOGUE: dict[str, str | None] = {
    "fill rate": "supplier_otif",
    "in full rate": "supplier_otif",
    "confirmation latency": "confirmation_rate",
    "time to confirm": "confirmation_rate",
    "oee": None,
    "overall equipment effectiveness": None,
    "inventory turns": "days_of_supply",
    "stock turns": "days_of_supply",
    "inventory turnover": "days_of_supply",
    "scrap rate": None,
    "first pass yield": None,
    "defect rate": None,
    "ppm": None,
    "forecast accuracy": None,
    "customer otif": None,
}


def not_in_catalogue(text: str) -> tuple[str, str | None] | None:
    """(the name as people say it, nearest catalogue KPI) of a KPI the catalogue lacks."""
    found = words(text)
    for name, nearest in NOT_IN_CATALOGUE.items():
        if _find(found, phrase_words(name)) is not None:
            return name, nearest
    return None
