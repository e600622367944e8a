"""X12 855 (PO acknowledgment) and 856 (ship notice) files mapped to Lineside's CloudEvents.

Only the envelope (ISA/GS/ST..SE/GE/IEA, with its control numbers and counts checked) and
the segments Lineside reads are parsed:
- 855: BAK (PO number), PO1 (line), ACK (status, qty, date) with an optional DTM*017 (time
  and zone) after it -> one confirmation.received per PO1 line, scope complete;
- 856: BSN (ASN number, date, time), DTM*011 shipped / DTM*017 ETA, TD5 (carrier), PRF (PO),
  LIN (line number, item), SN1 (qty shipped) -> one asn.updated per item.
Separators are read from the ISA segment itself, as the standard says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from domain.events.envelope import make_event

# DTM04 / GS time codes Lineside understands -> zones (daylight saving follows the zone).
TIME_CODES = {
    "ET": "America/New_York", "ES": "America/New_York", "ED": "America/New_York",
    "CT": "America/Chicago", "CS": "America/Chicago", "CD": "America/Chicago",
    "MT": "America/Denver", "PT": "America/Los_Angeles", "UT": "UTC", "GM": "UTC",
}  # fmt: skip
# ACK01 statuses that confirm a quantity; IR (rejected) and ID (deleted) confirm none.
CONFIRMING = {"IA", "IC", "IQ", "DR", "IP", "IB", "IS", "AC"}


class X12Error(ValueError):
    """A file that is not a well-formed X12 855/856 interchange; says where and what."""


@dataclass
class Transaction:
    """One ST..SE transaction set: its code (855, 856), control number and segments."""

    code: str
    control: str
    segments: list[list[str]] = field(default_factory=list)


@dataclass
class Interchange:
    sender: str
    control: str
    sent_at: datetime
    transactions: list[Transaction]


def _separators(text: str) -> tuple[str, str]:
    if not text.startswith("ISA") or len(text) < 106:
        raise X12Error("not an X12 interchange: it must start with a 106-character ISA segment")
    return text[3], text[105]


def parse_interchange(text: str, timezone: str = "UTC") -> Interchange:
    """The interchange's transaction sets, after checking every envelope count and number."""
    text = text.strip().lstrip("\ufeff")
    element, terminator = _separators(text)
    raw = [s.strip() for s in text.split(terminator) if s.strip()]
    segments = [s.split(element) for s in raw]
    isa = segments[0]
    if len(isa) != 17:
        raise X12Error(f"ISA has {len(isa) - 1} elements, expected 16")
    if segments[-1][0] != "IEA":
        raise X12Error("the interchange does not end with IEA")
    iea = segments[-1]
    if iea[2] != isa[13]:
        raise X12Error(f"IEA02 {iea[2]} does not match ISA13 {isa[13]}")
    sent_at = datetime.strptime(isa[9] + isa[10], "%y%m%d%H%M").replace(tzinfo=ZoneInfo(timezone))
    transactions: list[Transaction] = []
    groups = 0
    current: Transaction | None = None
    group_sets = 0
    gs_control = ""
    for number, seg in enumerate(segments[1:-1], start=2):
        tag = seg[0]
        if tag == "GS":
            groups += 1
            group_sets, gs_control = 0, seg[6]
        elif tag == "GE":
            if seg[2] != gs_control:
                raise X12Error(f"segment {number}: GE02 {seg[2]} does not match GS06 {gs_control}")
            if int(seg[1]) != group_sets:
                raise X12Error(f"segment {number}: GE01 says {seg[1]} sets, found {group_sets}")
        elif tag == "ST":
            current = Transaction(seg[1], seg[2], [seg])
        elif tag == "SE":
            if current is None:
                raise X12Error(f"segment {number}: SE without ST")
            current.segments.append(seg)
            if seg[2] != current.control:
                raise X12Error(f"segment {number}: SE02 {seg[2]} does not match ST02 "
                               f"{current.control}")  # fmt: skip
            if int(seg[1]) != len(current.segments):
                raise X12Error(f"segment {number}: SE01 says {seg[1]} segments, the set has "
                               f"{len(current.segments)}")  # fmt: skip
            transactions.append(current)
            group_sets += 1
            current = None
        elif current is not None:
            current.segments.append(seg)
        else:
            raise X12Error(f"segment {number}: {tag} outside a transaction set")
    if int(iea[1]) != groups:
        raise X12Error(f"IEA01 says {iea[1]} functional groups, found {groups}")
    return Interchange(isa[6].strip(), isa[13], sent_at, transactions)


def _at(date: str, time: str | None, code: str | None, timezone: str) -> datetime:
    zone = ZoneInfo(TIME_CODES.get((code or "").upper(), timezone))
    clock = (time or "0000")[:4].ljust(4, "0")
    return datetime.strptime(date + clock, "%Y%m%d%H%M").replace(tzinfo=zone)


def _el(seg: list[str], i: int) -> str:
    return seg[i] if len(seg) > i else ""


def _confirmations(t: Transaction, timezone: str) -> list[tuple[str, dict[str, Any]]]:
    po = next((_el(s, 3) for s in t.segments if s[0] == "BAK"), "")
    if not po:
        raise X12Error(f"855 set {t.control}: no BAK segment with a PO number")
    out: list[tuple[str, dict[str, Any]]] = []
    line: dict[str, Any] | None = None
    last: dict[str, Any] | None = None
    for seg in t.segments:
        if seg[0] == "PO1":
            line = {"po_number": po, "line_no": int(_el(seg, 1)), "scope": "complete",
                    "schedule": []}  # fmt: skip
            out.append((f"{t.control}-{_el(seg, 1)}", line))
        elif seg[0] == "ACK" and line is not None:
            qty = float(_el(seg, 2) or 0) if _el(seg, 1) in CONFIRMING else 0.0
            last = {"qty": qty, "date": _el(seg, 5), "time": None, "code": None}
            line["schedule"].append(last)
        elif seg[0] == "DTM" and _el(seg, 1) == "017" and last is not None:
            last.update(date=_el(seg, 2) or last["date"], time=_el(seg, 3), code=_el(seg, 4))
    for _, data in out:
        if not data["schedule"]:
            raise X12Error(f"855 set {t.control}: PO1 line {data['line_no']} has no ACK")
        data["schedule"] = [
            {"qty": a["qty"], "delivery_at": _at(a["date"], a["time"], a["code"], timezone)}
            for a in data["schedule"]
        ]
    return out


def _shipments(t: Transaction, timezone: str) -> list[tuple[str, dict[str, Any]]]:
    bsn = next((s for s in t.segments if s[0] == "BSN"), None)
    if bsn is None:
        raise X12Error(f"856 set {t.control}: no BSN segment")
    asn, po = _el(bsn, 2), ""
    shipment: dict[str, Any] = {}
    items: list[dict[str, Any]] = []
    for seg in t.segments:
        tag = seg[0]
        if tag == "DTM" and _el(seg, 1) in ("011", "017"):
            name = "shipped_at" if _el(seg, 1) == "011" else "eta"
            shipment[name] = _at(_el(seg, 2), _el(seg, 3), _el(seg, 4), timezone)
        elif tag == "TD5" and _el(seg, 5):
            shipment["carrier"] = _el(seg, 5)
        elif tag == "PRF":
            po = _el(seg, 1)
        elif tag == "LIN":
            items.append({"po_number": po, "line_no": int(_el(seg, 1) or 1)})
        elif tag == "SN1" and items:
            items[-1]["qty"] = float(_el(seg, 2))
    if not items:
        raise X12Error(f"856 set {t.control}: no LIN item")
    out = []
    for n, item in enumerate(items, start=1):
        number = asn if len(items) == 1 else f"{asn}-{n}"
        out.append((f"{t.control}-{n}", {"asn_number": number, **item, **shipment}))
    return out


def x12_events(text: str, timezone: str = "UTC") -> list[dict[str, Any]]:
    """The CloudEvents an 855/856 interchange says (times without a DTM zone in `timezone`)."""
    interchange = parse_interchange(text, timezone)
    source = f"x12/{interchange.sender}"
    events = []
    for t in interchange.transactions:
        if t.code == "855":
            kind, parts = "confirmation.received", _confirmations(t, timezone)
        elif t.code == "856":
            kind, parts = "asn.updated", _shipments(t, timezone)
        else:
            raise X12Error(f"transaction set {t.code} is not read by Lineside (855 and 856 are)")
        for suffix, data in parts:
            events.append(
                make_event(
                    kind,
                    data,
                    source=source,
                    id=f"{interchange.control}-{suffix}",
                    time=interchange.sent_at,
                )  # fmt: skip
            )
    return events
