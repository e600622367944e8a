"""What a message names: POs, items, suppliers, lines, plants, KPIs, periods, quantities, modes."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from agent.offline import kpi_words
from agent.offline.slots import AMOUNT_RE, amounts_in, money_in, not_ids
from agent.offline.slots import MONEY_RE as PRICE_RE  # '$6,800', '5k', 'costs 6800'
from agent.offline.vocabulary import Vocabulary

PO_RE = re.compile(r"\bPO[-\s#]?(\d{3,})\b", re.IGNORECASE)
ASN_RE = re.compile(r"\bASN[-\s#]?(\d{4,})\b", re.IGNORECASE)
# A bare number ("7781??") is a PO only when such a PO exists; otherwise it stays a quantity.
OTHER_NUMBER_RE = re.compile(
    r"\b(?:code|auth(?:ori[sz]ation)?|pin|ticket|case|ref(?:erence)?|invoice|phone|ext|room|"
    r"badge|order no|quote no)\.?\s*[#:]?\s*\d+",
    re.IGNORECASE,
)
BARE_PO_RE = re.compile(r"(?<![\w.,$-])(\d{4,})(?![\w,.-]\d)")
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
    unknown_plants: list[str] = field(default_factory=list)  # named as a plant; none of ours
    plants: list[str] = field(default_factory=list)
    lots: list[str] = field(default_factory=list)
    lot_choices: list[str] = field(default_factory=list)  # held lots a short number fits
    asns: list[str] = field(default_factory=list)
    kpi: str | None = None
    kpis: list[str] = field(default_factory=list)  # every KPI named, in the order written
    period: str | None = None
    quantities: list[float] = field(default_factory=list)
    money: list[float] = field(default_factory=list)
    amounts: list[float] = field(default_factory=list)  # "the 6800 air": money or a quantity
    mode: str | None = None
    names_day: bool = False  # a date, today/tomorrow or a weekday is written

    def copy(self) -> Mentions:
        """The same mentions in lists of their own (a caller may change its copy)."""
        out = copy.copy(self)
        for name in _LISTS:
            setattr(out, name, list(getattr(self, name)))
        return out


_LISTS = tuple(f.name for f in fields(Mentions) if f.default_factory is list)


def find_pos(text: str, vocab: Vocabulary) -> list[str]:
    """PO numbers as written ('PO-7781', 'po 7781') or bare ('7781') when that PO exists."""
    found = [f"PO-{n}" for n in PO_RE.findall(text)]
    # "auth code 7734", "ticket 7781": a number named as something else is no PO
    bare = BARE_PO_RE.findall(OTHER_NUMBER_RE.sub(" ", PO_RE.sub(" ", text)))
    amounts = not_ids(text)  # "the 6800 air on 7781": money or a quantity is never a PO
    found += [f"PO-{n}" for n in bare if f"PO-{n}" in vocab.po_plants and n not in amounts]
    return list(dict.fromkeys(found))


def _kpi_spans(text: str, vocab: Vocabulary) -> list[tuple[int, int, str]]:
    """(first word, -number of words, KPI) of each catalogue name or synonym the message
    contains, matched word by word in one form (`kpi_words`: 'line hrs are we exposed')."""
    found = vocab.memo.get(("kpi_spans", text), lambda: tuple(kpi_words.spans(text, vocab.kpis)))
    return list(found)


def find_kpi(text: str, vocab: Vocabulary) -> str | None:
    """The catalogue KPI whose name or synonym the message contains (longest phrase wins)."""
    spans = _kpi_spans(text, vocab)
    return min(spans, key=lambda s: s[1])[2] if spans else None


def find_kpis(text: str, vocab: Vocabulary) -> list[str]:
    """Every catalogue KPI the message names, in the order written; a phrase inside a longer one
    ('days late' of 'average days late') is not another KPI."""
    found: list[str] = []
    end = -1
    for start, length, name in sorted(_kpi_spans(text, vocab)):
        if start >= end:
            found.append(name)
            end = start - length
    return list(dict.fromkeys(found))


def find_period(text: str) -> str | None:
    for pattern in PERIOD_PATTERNS:
        match = re.search(pattern, text, re.IGNORECASE)
        if match:
            return re.sub(r"\s+", " ", match.group(0).lower())
    return None


def _numbers(text: str) -> list[float]:
    return [float(n.replace(",", "")) for n in NUMBER_RE.findall(text)]


def find_mentions(text: str, vocab: Vocabulary) -> Mentions:
    """Every entity of `text` the directory knows (domain/entities: the one resolver), with the
    KPI, period, quantities (without ids, dates and periods), money and mode."""
    # A turn asks this of one clause several times; found once per vocabulary and clause.
    return vocab.memo.get(("mentions", text), lambda: _mentions(text, vocab)).copy()


def _mentions(text: str, vocab: Vocabulary) -> Mentions:
    spotted = vocab.spotter.spot(text)
    lines = spotted.of("line")
    period = find_period(text)
    po_numbers = find_pos(text, vocab)
    rest = text
    for po in po_numbers:
        rest = re.sub(rf"(?<![\w-]){po.removeprefix('PO-')}(?![\w-])", " ", rest)
    not_counted = (MONEY_RE, PRICE_RE, AMOUNT_RE, PO_RE, ASN_RE, PROPOSAL_RE, LOT_RE, CODE_RE,
                   ISO_DAY_RE, CLOCK_RE)  # fmt: skip
    for pattern in not_counted:
        rest = pattern.sub(" ", rest)
    if period:
        rest = re.sub(re.escape(period), " ", rest, flags=re.IGNORECASE)
    lots = list(dict.fromkeys([*(lot.upper() for lot in LOT_RE.findall(text)), *spotted.of("lot")]))
    for lot in lots:  # 'lot 0311': the lot's number is no quantity
        for number in re.findall(r"\d+", lot):
            rest = re.sub(rf"(?<![\w.,-]){number}(?![\w-])", " ", rest)
    for line in lines:  # 'SEAT1', 'seat 1': a line's number is no quantity
        short = line.split("-", 1)[-1]
        spaced = re.sub(r"(\D)(\d+)$", r"\1[\\s-]?\2", re.escape(short))
        rest = re.sub(rf"\b{spaced}\b", " ", rest, flags=re.IGNORECASE)
    mode = "air" if re.search(r"\bair\b|air-", text, re.I) else None
    if re.search(r"\btruck\b|\broad\b", text, re.I):
        mode = "truck"
    return Mentions(
        po_numbers=po_numbers,
        proposals=list(dict.fromkeys(p.upper() for p in PROPOSAL_RE.findall(text))),
        items=spotted.of("item"),
        item_choices=spotted.choices_of("item"),
        suppliers=spotted.of("supplier"),
        supplier_choices=spotted.choices_of("supplier"),
        lines=lines,
        line_choices=spotted.choices_of("line"),
        unknown_lines=spotted.unknown_lines,
        unknown_plants=spotted.unknown_plants,
        plants=spotted.of("plant"),
        lots=lots,
        lot_choices=spotted.choices_of("lot"),
        asns=spotted.of("shipment"),
        kpi=find_kpi(text, vocab),
        kpis=find_kpis(text, vocab),
        period=period,
        quantities=_numbers(rest),
        money=money_in(text),
        amounts=[a for a in amounts_in(text) if a not in money_in(text)],
        mode=mode,
        names_day=bool(
            ISO_DAY_RE.search(text)
            or WEEKDAY_RE.search(text)
            or re.search(r"\b(?:today|tomorrow)\b", text, re.I)
            or re.search(r"(?<![\d/])(?:1[0-2]|0?[1-9])/(?:3[01]|[12]\d|0?[1-9])(?![\d/])", text)
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
