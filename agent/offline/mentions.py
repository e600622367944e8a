"""What a message names: POs, items, suppliers, lines, plants, KPIs, periods, quantities, modes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz, process

from agent.offline.slots import money_in
from agent.offline.vocabulary import Vocabulary

PO_RE = re.compile(r"\bPO[-\s#]?(\d{3,})\b", re.IGNORECASE)
ASN_RE = re.compile(r"\bASN[-\s#]?(\d{4,})\b", re.IGNORECASE)
# A bare number ("7781??") is a PO only when such a PO exists; otherwise it stays a quantity.
BARE_PO_RE = re.compile(r"(?<![\w.,$-])(\d{4,})(?![\w,.-]\d)")
# Cities and places people use for the demo plants' names.
PLANT_PLACES = {"saltillo": "SAL", "lakeside": "LKS", "gyor": "GYR", "győr": "GYR",
                "detroit": "LKS", "hungary": "GYR", "mexico": "SAL"}  # fmt: skip
PROPOSAL_RE = re.compile(r"\b((?:AP|PR)-\d+)\b", re.IGNORECASE)
LOT_RE = re.compile(r"\bL-\d{3,5}-\d{3,5}\b", re.IGNORECASE)
CODE_RE = re.compile(r"\b[A-Z]{1,4}(?:-[A-Z0-9]{1,6}){1,3}\b", re.IGNORECASE)
MONEY_RE = re.compile(r"\$\s?\d[\d,]*(?:\.\d+)?")
NUMBER_RE = re.compile(r"(?<![\w.-])\d[\d,]*(?:\.\d+)?(?![\w-])")
ISO_DAY_RE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
WEEKDAY_RE = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b",
    re.IGNORECASE,
)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CLOCK_RE = re.compile(r"\b(\d{1,2}):(\d{2})\b|\b(\d{1,2})\s*(am|pm)\b", re.IGNORECASE)
# A line named without its number ("the SEAT line", "SEAT"): upper-case word or next to "line".
LINE_WORD_RE = re.compile(r"\b([A-Za-z]+)\s+lines?\b|\blines?\s+([A-Za-z]+)\b")
LINE_LIKE_RE = re.compile(r"\b[A-Z]{3,}\d{1,2}\b")  # SEAT9: written like a line code

# Periods in the words the KPI tools take; the first match wins, longest phrasings first.
PERIOD_PATTERNS = (
    r"(?:last|past|previous)\s+\d+\s+(?:days?|weeks?|months?)",
    r"(?:next|coming)\s+\d+\s+(?:days?|hours?|weeks?)",
    r"(?:last|this|previous|current)\s+(?:quarter|month|week|year)",
    r"next\s+week",
    r"year[- ]to[- ]date|\bytd\b",
    r"\btoday\b|\btomorrow\b|\byesterday\b",
    r"\b\d{4}-\d{2}\b",
)
# Words that name a supplier only weakly ("the foam supplier"): many suppliers share them.
WEAK_NAME_WORDS_MIN = 4
COMMON_FIRST_WORDS = frozenset({"great", "precision", "apex", "acme", "maple", "the"})
FUZZY_CUTOFF = 80  # rapidfuzz ratio (0-100) for a misspelt supplier name


@dataclass
class Mentions:
    """Entities found in one message; `supplier_choices` holds names that fit several suppliers."""

    po_numbers: list[str] = field(default_factory=list)
    proposals: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    item_choices: list[str] = field(default_factory=list)
    suppliers: list[str] = field(default_factory=list)
    supplier_choices: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    line_choices: list[str] = field(default_factory=list)
    unknown_lines: list[str] = field(default_factory=list)
    plants: list[str] = field(default_factory=list)
    lots: list[str] = field(default_factory=list)
    asns: list[str] = field(default_factory=list)
    kpi: str | None = None
    period: str | None = None
    quantities: list[float] = field(default_factory=list)
    money: list[float] = field(default_factory=list)
    mode: str | None = None
    names_day: bool = False  # a date, today/tomorrow or a weekday is written


def _words(text: str) -> list[str]:
    return [
        w.strip("'’").removesuffix("'s").removesuffix("’s")
        for w in re.findall(r"[\w'’]+", text.lower())
    ]


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def find_suppliers(text: str, vocab: Vocabulary) -> tuple[list[str], list[str]]:
    """(suppliers named for sure, candidates of an ambiguous name) by code, name, typo or word."""
    lowered = text.lower()
    words = [_singular(w) for w in _words(text)]
    sure: list[str] = []
    for code, name in vocab.suppliers.items():
        first = _singular(name.split()[0].lower()) if name else ""
        if (
            name
            and name.lower() in lowered
            or re.search(rf"\b{re.escape(code)}\b", text)
            or (len(first) >= 5 and first not in COMMON_FIRST_WORDS and first in words)
        ):
            sure.append(code)
    if sure:
        return list(dict.fromkeys(sure)), []
    firsts = {
        _singular(name.split()[0].lower()): code
        for code, name in vocab.suppliers.items()
        if name and name.split()[0].lower() not in COMMON_FIRST_WORDS
    }
    for word in words:
        if len(word) >= 5:
            close = process.extractOne(word, list(firsts), scorer=fuzz.ratio,
                                       score_cutoff=FUZZY_CUTOFF)  # fmt: skip
            if close:
                return [firsts[close[0]]], []
    # A shared word ("foam") names every supplier that has it: a question, not a guess.
    for word in words:
        if len(word) < WEAK_NAME_WORDS_MIN:
            continue
        having = [
            code
            for code, name in vocab.suppliers.items()
            if any(_singular(w).startswith(word) for w in _words(name)) or word == code.lower()
        ]  # 'foam' names Polyform Foams, Maple Foam Products and Foamcraft Industries
        if len(having) > 1:
            return [], sorted(having)
    return [], []


def find_items(text: str, vocab: Vocabulary) -> list[str]:
    """Item codes written in the message (E-4410, FS-ORN-H), as the database spells them."""
    upper = {code.upper(): code for code in vocab.items}
    return list(
        dict.fromkeys(upper[c.upper()] for c in CODE_RE.findall(text) if c.upper() in upper)
    )


def items_described(text: str, vocab: Vocabulary) -> list[str]:
    """Items whose description's words best cover the message's words ('heater module')."""
    words = {_singular(w) for w in _words(text) if len(w) > 3}
    scores: dict[str, int] = {}
    for code, description in vocab.items.items():
        keys = {_singular(w) for w in _words(description) if len(w) > 3}
        hits = len(words & keys)
        if hits >= 2:
            scores[code] = hits
    if not scores:
        return []
    best = max(scores.values())
    return sorted(code for code, s in scores.items() if s == best)


def find_lines(text: str, vocab: Vocabulary) -> list[str]:
    """Lines by code ('LKS-SEAT1') or by the part after the plant ('SEAT1', 'seat 1')."""
    squeezed = re.sub(r"([a-z])[\s-]+(\d)", r"\1\2", text.lower())
    found = []
    for code in vocab.lines:
        suffix = code.split("-", 1)[-1].lower()
        if code.lower() in squeezed or re.search(rf"\b{re.escape(suffix)}\b", squeezed):
            found.append(code)
    return found


def lines_by_stem(text: str, vocab: Vocabulary) -> list[str]:
    """Lines whose code without its number is named ('SEAT', 'the door line'): one or several."""
    stems: dict[str, list[str]] = {}
    for code in vocab.lines:
        stem = re.sub(r"\d+$", "", code.split("-", 1)[-1]).lower()
        stems.setdefault(stem, []).append(code)
    words = [_singular((a or b).lower()) for a, b in LINE_WORD_RE.findall(text)]
    words += [w.lower() for w in re.findall(r"\b[A-Z]{3,}\b", text)]
    for word in words:
        if word in stems:
            return sorted(stems[word])
    return []


def unknown_lines(text: str, vocab: Vocabulary) -> list[str]:
    """Words written like a line code ('SEAT9') that name no line of the database."""
    known = {code.split("-", 1)[-1].upper() for code in vocab.lines}
    return [w for w in LINE_LIKE_RE.findall(text) if w.upper() not in known]


def find_plants(text: str, vocab: Vocabulary) -> list[str]:
    """Plants by code, by name, or by their city ('Saltillo', 'Gyor')."""
    lowered = text.lower()
    found = []
    for code, name in vocab.plants.items():
        first = name.split()[0].lower() if name else ""
        places = [p for p, c in PLANT_PLACES.items() if c == code]
        if (
            re.search(rf"\b{re.escape(code)}\b", text)
            or (first and first in lowered)
            or any(re.search(rf"\b{p}\b", lowered) for p in places)
        ):
            found.append(code)
    return found


def find_pos(text: str, vocab: Vocabulary) -> list[str]:
    """PO numbers as written ('PO-7781', 'po 7781') or bare ('7781') when that PO exists."""
    found = [f"PO-{n}" for n in PO_RE.findall(text)]
    bare = BARE_PO_RE.findall(PO_RE.sub(" ", text))
    found += [f"PO-{n}" for n in bare if f"PO-{n}" in vocab.po_plants]
    return list(dict.fromkeys(found))


def find_asns(text: str, vocab: Vocabulary) -> list[str]:
    """ASNs by number, or by the hub a shipment is held at ('the Toledo shipment')."""
    found = [f"ASN-{n}" for n in ASN_RE.findall(text)]
    lowered = text.lower()
    found += [
        asn for hub, asn in vocab.hubs.items() if re.search(rf"\b{re.escape(hub)}\b", lowered)
    ]
    if not found and re.search(
        r"\b(?:cross-?dock|held (?:shipment|truck|asn)|stuck|hub)\b", lowered
    ):
        found += list(vocab.hubs.values())[:1]
    return list(dict.fromkeys(found))


def says_supplier(text: str, code: str, name: str) -> bool:
    """Whether the message clearly means the supplier ('supplier Saltillo Trim', 'SAL as a
    supplier', 'interplant'), not the plant of the same name."""
    words = [re.escape(w) for w in (code, name, name.split()[0] if name else "") if w]
    named = rf"(?:{'|'.join(words)})"
    return bool(
        re.search(rf"\b(?:supplier|vendor)\s+{named}\b", text, re.I)
        or re.search(
            rf"\b{named}(?:\s+\w+)?\s+as\s+(?:an?\s+|the\s+)?(?:supplier|vendor)\b", text, re.I
        )
        or re.search(r"\binter-?plant\b", text, re.I)
    )


def plant_namesakes(
    text: str, suppliers: list[str], plants: list[str], vocab: Vocabulary
) -> tuple[set[str], set[str]]:
    """(suppliers, plants) to drop where one word names both a plant and a supplier.

    'Saltillo' is plant SAL, not the interplant supplier 'Saltillo Trim', unless the message
    clearly says supplier; then it is the supplier and not the plant.
    """
    words_of = {code: {code.lower(), *(w.lower() for w in name.split()[:1])}
                for code, name in vocab.plants.items() if code in plants}  # fmt: skip
    drop_suppliers: set[str] = set()
    drop_plants: set[str] = set()
    for code in suppliers:
        name = vocab.suppliers.get(code, "")
        own = {code.lower(), *(w.lower() for w in name.split()[:1])}
        namesakes = {plant for plant, words in words_of.items() if own & words}
        if not namesakes:
            continue
        if says_supplier(text, code, name):
            drop_plants |= namesakes
        else:
            drop_suppliers.add(code)
    return drop_suppliers, drop_plants


def find_kpi(text: str, vocab: Vocabulary) -> str | None:
    """The catalogue KPI whose name or synonym the message contains (longest phrase wins)."""
    lowered = " " + re.sub(r"[^\w%]+", " ", text.lower()) + " "
    best: tuple[int, str] | None = None
    for name, synonyms in vocab.kpis.items():
        for phrase in synonyms:
            cleaned = " " + re.sub(r"[^\w%]+", " ", phrase) + " "
            if cleaned.strip() and cleaned in lowered and (best is None or len(cleaned) > best[0]):
                best = (len(cleaned), name)
    return best[1] if best else None


def find_period(text: str) -> str | None:
    for pattern in PERIOD_PATTERNS:
        match = re.search(pattern, text, re.IGNORECASE)
        if match:
            return re.sub(r"\s+", " ", match.group(0).lower())
    return None


def _numbers(text: str) -> list[float]:
    return [float(n.replace(",", "")) for n in NUMBER_RE.findall(text)]


def find_mentions(text: str, vocab: Vocabulary) -> Mentions:
    """Every entity of `text` the vocabulary knows; quantities exclude ids, dates and periods."""
    suppliers, supplier_choices = find_suppliers(text, vocab)
    plants = find_plants(text, vocab)
    not_suppliers, not_plants = plant_namesakes(text, suppliers, plants, vocab)
    suppliers = [code for code in suppliers if code not in not_suppliers]
    plants = [code for code in plants if code not in not_plants]
    period = find_period(text)
    po_numbers = find_pos(text, vocab)
    rest = text
    for po in po_numbers:
        rest = re.sub(rf"(?<![\w-]){po.removeprefix('PO-')}(?![\w-])", " ", rest)
    for pattern in (MONEY_RE, PO_RE, ASN_RE, PROPOSAL_RE, LOT_RE, CODE_RE, ISO_DAY_RE, CLOCK_RE):
        rest = pattern.sub(" ", rest)
    if period:
        rest = re.sub(re.escape(period), " ", rest, flags=re.IGNORECASE)
    lines = find_lines(text, vocab)
    for line in lines:
        rest = re.sub(re.escape(line.split("-", 1)[-1]), " ", rest, flags=re.IGNORECASE)
    mode = "air" if re.search(r"\bair\b|air-", text, re.I) else None
    if re.search(r"\btruck\b|\broad\b", text, re.I):
        mode = "truck"
    items = find_items(text, vocab)
    stemmed = [] if lines else lines_by_stem(text, vocab)
    if len(stemmed) == 1:
        lines = stemmed
    return Mentions(
        po_numbers=po_numbers,
        proposals=list(dict.fromkeys(p.upper() for p in PROPOSAL_RE.findall(text))),
        items=items,
        item_choices=[] if items else items_described(text, vocab),
        suppliers=suppliers,
        supplier_choices=supplier_choices,
        lines=lines,
        line_choices=stemmed if len(stemmed) > 1 else [],
        unknown_lines=[] if lines or stemmed else unknown_lines(text, vocab),
        plants=plants,
        lots=list(dict.fromkeys(lot.upper() for lot in LOT_RE.findall(text))),
        asns=find_asns(text, vocab),
        kpi=find_kpi(text, vocab),
        period=period,
        quantities=_numbers(rest),
        money=money_in(text),
        mode=mode,
        names_day=bool(
            ISO_DAY_RE.search(text)
            or WEEKDAY_RE.search(text)
            or re.search(r"\b(?:today|tomorrow)\b", text, re.I)
        ),
    )


def horizon_for(period: str | None, now: datetime | None, default: str = "14d") -> str:
    """A shortage horizon ('162h', '7d') from 'this week', 'today', 'next 3 days'."""
    if period is None or now is None:
        return default
    match = re.match(r"(?:next|coming) (\d+) (day|hour|week)", period)
    if match:
        return f"{match.group(1)}{match.group(2)[0]}"
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    ends = {
        "today": midnight + timedelta(days=1),
        "tomorrow": midnight + timedelta(days=2),
        "this week": midnight + timedelta(days=7 - now.weekday()),
        "next week": midnight + timedelta(days=14 - now.weekday()),
    }
    end = ends.get(period)
    if end is None:
        return default
    return f"{int((end - now).total_seconds() // 3600)}h"


def local_now(now: datetime | None, timezone: str | None) -> datetime | None:
    """The as-of time as a wall clock in `timezone` (a plant's), else in its own zone."""
    if now is None or timezone is None:
        return now
    return now.astimezone(ZoneInfo(timezone))


def weekday_date(text: str, now: datetime | None) -> date | None:
    """The next date (after `now`'s day) of the weekday the text names ('Thursday', 'on wed')."""
    found = WEEKDAY_RE.search(text)
    if found is None or now is None:
        return None
    target = WEEKDAYS.index(found.group(1).lower()[:3])
    ahead = (target - now.weekday()) % 7 or 7  # 'Monday' said on a Monday is next Monday
    return now.date() + timedelta(days=ahead)


def day_in(text: str, now: datetime | None) -> date | None:
    """The day a message names: YYYY-MM-DD, today, tomorrow or a weekday, relative to `now`."""
    written = ISO_DAY_RE.search(text)
    if written:
        return date.fromisoformat(written.group(0))
    if now is None:
        return None
    if re.search(r"\btomorrow\b", text, re.I):
        return (now + timedelta(days=1)).date()
    if re.search(r"\btoday\b", text, re.I):
        return now.date()
    return weekday_date(text, now)


def clock_in(text: str) -> tuple[int, int] | None:
    """A time of day written in the message ('14:00', '2pm'), as (hour, minute)."""
    found = CLOCK_RE.search(text)
    if found is None:
        return None
    if found.group(1):
        hour, minute = int(found.group(1)), int(found.group(2))
    else:
        hour, minute = int(found.group(3)) % 12, 0
        hour += 12 if found.group(4).lower() == "pm" else 0
    return (hour, minute) if hour < 24 and minute < 60 else None


def day_for(text: str, now: datetime | None) -> str | None:
    """ISO day for 'today', 'tomorrow', a weekday or a written YYYY-MM-DD, in the as-of's zone."""
    day = day_in(text, now)
    return day.isoformat() if day else None
