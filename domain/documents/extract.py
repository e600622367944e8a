"""Deterministic extraction of PO, line, quantity, dates and ETA from supplier documents.

Rules over the domain's own vocabulary: PO and ASN numbers as the plant writes them (and as
suppliers do: 'PO 7781', 'order no. 7781', 'P.O. #7781'), quantities with a unit word,
dates in the forms suppliers use (resolved by dateparser relative to when the document was
sent, in the plant's zone). Nothing here writes: the result becomes a *proposed* event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

import dateparser

DocumentKind = Literal["confirmation", "shipping_notice", "delay_notice", "unknown"]

_PO = re.compile(
    r"\b(?:PO|P\.O\.|purchase\s+order|order(?:\s+(?:no\.?|number|#))?)\s*[-#:]?\s*"
    r"(?:no\.?\s*|number\s*|#\s*)?(?:PO-?)?(\d{4,6})\b",
    re.IGNORECASE,
)
_ASN = re.compile(
    r"\b(?:ASN|advance\s+ship(?:ping)?\s+notice|shipment|ship\s+notice|delivery\s+note)"
    r"\s*(?:no\.?|number|#|:)?\s*[-:#]?\s*(?:ASN-?)?(\d{4,6})\b",
    re.IGNORECASE,
)
_LINE = re.compile(
    r"\b(?:line|pos(?:ition)?\.?|item\s+line)\s*(?:no\.?|#|:)?\s*(\d{1,3})\b(?![.,]\d)", re.I
)
_UNIT = r"(?:pcs|pieces|pc|units|ea|each|parts|modules|covers|pads)\b"
_NUMBER = r"(\d{1,3}(?:[,. ]\d{3})+|\d+)(?![\d/.:-])"
_QTY = re.compile(
    rf"(?:qty|quantity|menge)\s*(?:[a-z ]{{0,12}}[:=])?\s*{_NUMBER}"
    rf"|{_NUMBER}\s*(?:x\s+)?(?:[A-Za-z][\w-]*\s+){{0,2}}?{_UNIT}",
    re.IGNORECASE,
)
_MONTHS = r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_DAYS = r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"
_TIME = r"(?:[T\s,]+(?:at\s+)?\d{1,2}[:.h]\d{2}(?:\s*(?:am|pm))?|\s+\d{1,2}\s*(?:am|pm))?"
_DATE = re.compile(
    rf"\b(?:(?:{_DAYS})[a-z]*\.?,?\s+)?"
    rf"(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})[a-z]*\.?(?:\s+\d{{4}})?"
    rf"|(?:{_MONTHS})[a-z]*\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?)"
    rf"{_TIME}",
    re.IGNORECASE,
)
_WEEKDAY_ONLY = re.compile(rf"\b(?:{_DAYS})[a-z]*\.?{_TIME}", re.IGNORECASE)
_DELAY = re.compile(r"\b(delay|delayed|postpone|late|held|hold|slip|moved|new eta|revised)", re.I)
_SHIP = re.compile(r"\b(ship(?:ped|ping|ment)|dispatch|asn|eta|in transit|carrier|truck)", re.I)
_CONFIRM = re.compile(r"\b(confirm|confirmation|acknowledg|accept)", re.I)
_BALANCE = re.compile(r"\b(remaining|balance|rest of|outstanding|the other)\b", re.I)
_NOT_YET = re.compile(r"to be confirmed|will follow|to follow|we will advise|pending|not yet", re.I)
_NEW_DATE = re.compile(r"\b(new|revised|now|moved to|rescheduled)\b[^.\n]{0,30}$", re.I)
_ETA_CUE = re.compile(r"\b(eta|arriv|land|deliver|reach|due|for delivery|new date)", re.I)


@dataclass(frozen=True)
class Found:
    """One extracted value and the text it came from."""

    value: str | float | int | datetime
    evidence: str


@dataclass
class Extraction:
    kind: DocumentKind
    fields: dict[str, Found] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def value(self, name: str) -> object:
        found = self.fields.get(name)
        return None if found is None else found.value


def _number(text: str) -> float:
    return float(re.sub(r"[,.\s]", "", text))


def _kind(text: str) -> DocumentKind:
    if _DELAY.search(text):
        return "delay_notice"
    if _SHIP.search(text) and not _CONFIRM.search(text[:80]):
        return "shipping_notice"
    if _CONFIRM.search(text):
        return "confirmation"
    return "unknown"


def _order(snippet: str) -> str:
    """ISO dates are year first, slashed ones month first (US), dotted ones day first."""
    if re.search(r"\d{4}-\d{2}-\d{2}", snippet):
        return "YMD"
    return "MDY" if re.search(r"\d/\d", snippet) else "DMY"


def _dates(text: str, sent_at: datetime, timezone: str) -> list[tuple[int, datetime, str]]:
    """(position, instant, snippet) of every date in the text, resolved after `sent_at`.

    A bare weekday ('for Wed') counts only when the text gives no full date.
    """
    settings = {
        "RELATIVE_BASE": sent_at.replace(tzinfo=None),
        "TIMEZONE": timezone,
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DATES_FROM": "future",
        "PREFER_DAY_OF_MONTH": "first",
        "DATE_ORDER": "DMY",
    }
    found = []
    spans: list[tuple[int, int]] = []
    for pattern in (_DATE, _WEEKDAY_ONLY):
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in spans):
                continue
            snippet = m.group(0).strip(" ,")
            cleaned = re.sub(r"(\d)h(\d)", r"\1:\2", re.sub(r"\s+at\s+", " ", snippet))
            at = dateparser.parse(cleaned, settings=settings | {"DATE_ORDER": _order(snippet)})
            if at is not None:
                spans.append((m.start(), m.end()))
                found.append((m.start(), at, snippet))
        if found:
            break
    return sorted(found)


def extract(
    text: str,
    sent_at: datetime,
    timezone: str,
    known_pos: set[str] | None = None,
) -> Extraction:
    """What the document says, each value with its evidence; unknown POs are noted, not used."""
    result = Extraction(_kind(text))
    # A number the sender questions ('PO 7790?') is not the order the document is about.
    pos = [
        (m.start(), f"PO-{m.group(1)}", m.group(0))
        for m in _PO.finditer(text)
        if text[m.end() : m.end() + 1] != "?"
    ]
    if known_pos is not None:
        unknown = [p for _, p, _ in pos if p not in known_pos]
        if unknown:
            result.notes.append(f"not open POs: {', '.join(sorted(set(unknown)))}")
        pos = [p for p in pos if p[1] in known_pos] or pos
    if pos:
        result.fields["po_number"] = Found(pos[0][1], pos[0][2])
    asn = _ASN.search(text)
    if asn and "asn" in asn.group(0).lower():
        result.fields["asn_number"] = Found(f"ASN-{asn.group(1)}", asn.group(0))
    line = _LINE.search(text)
    if line:
        result.fields["line_no"] = Found(int(line.group(1)), line.group(0))
    quantities = [
        (m.start(), _number(m.group(1) or m.group(2)), m.group(0)) for m in _QTY.finditer(text)
    ]
    quantities += _table_qty(text)
    balance = next(
        (b for b in _BALANCE.finditer(text) if not _NOT_YET.search(text[b.end() : b.end() + 60])),
        None,
    )
    if quantities:
        # The quantity next to 'remaining'/'balance' is the one being confirmed or shipped.
        pick = min(quantities, key=lambda q: q[0])
        if balance:
            pick = min(quantities, key=lambda q: abs(q[0] - balance.start()))
        result.fields["qty"] = Found(pick[1], pick[2])
    if balance and result.kind == "confirmation":
        result.fields["scope"] = Found("balance", balance.group(0))
    if "line_no" not in result.fields and (row := _table_row(text)) and "line" in row:
        result.fields["line_no"] = Found(int(row["line"][0]), row["line"][1])
    dates = [d for d in _dates(text, sent_at, timezone) if d[1] >= sent_at]
    if dates:
        cue = [d for d in dates if _ETA_CUE.search(text[max(0, d[0] - 40) : d[0]])]
        # A delay notice's new date is the last one it gives; otherwise the cued or first.
        fresh = [d for d in dates if _NEW_DATE.search(text[max(0, d[0] - 40) : d[0]])]
        pick_date = (
            (fresh or dates)[-1 if not fresh else 0]
            if result.kind == "delay_notice"
            else (cue or dates)[0]
        )
        name = "delivery_at" if result.kind == "confirmation" else "eta"
        result.fields[name] = Found(pick_date[1], pick_date[2])
    return result


_HEADER = re.compile(r"^\s*(?=.*\b(?:qty|quantity)\b)(?=.*\b(?:line|po|item)\b).*$", re.I | re.M)


def _table_row(text: str) -> dict[str, tuple[str, str]] | None:
    """A header row (PO, Line, Item, Qty ...) and the row under it, as {header: (cell, row)}."""
    header = _HEADER.search(text)
    if header is None:
        return None
    rest = text[header.end() :].lstrip("\n").splitlines()
    if not rest:
        return None
    names = [h.lower() for h in header.group(0).split()]
    cells = rest[0].split()
    if len(cells) < len(names) - 1:
        return None
    return {n: (c, rest[0]) for n, c in zip(names, cells, strict=False)}


def _table_qty(text: str) -> list[tuple[int, float, str]]:
    row = _table_row(text)
    for name in ("qty", "quantity"):
        if row and name in row and re.fullmatch(r"\d[\d,.]*", row[name][0]):
            return [(text.find(row[name][1]), _number(row[name][0]), row[name][1])]
    return []
