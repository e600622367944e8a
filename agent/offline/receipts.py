"""Scheduled receipts in their order: 'the next delivery of E-4410', and the follow-ups that lean
on it ('and the one after that?', '2nd delivery?') for the item or PO the thread was about."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import ValidationError

from agent.offline.mentions import Mentions
from agent.offline.planners import Plan, Recall
from domain.formatting import plant_time
from tools.result_data import OpenSupply

if TYPE_CHECKING:
    from agent.offline.compose import Observation

ORDINAL_WORDS = {"first": 1, "1st": 1, "second": 2, "secnd": 2, "seccond": 2, "2nd": 2,
                 "third": 3, "3rd": 3, "fourth": 4, "4th": 4}  # fmt: skip
DELIVERY = (
    r"(?:deliver(?:y|ies)|deliverys|delivry|shipments?|receipts?|arrivals?|drops?|loads?|"
    r"trucks?|batch(?:es)?|tranches?|ones?|po|order)"
)
# "the 2nd delivery", "second shipment", "3rd one": a receipt counted from now.
NTH_RE = re.compile(
    rf"\b({'|'.join(ORDINAL_WORDS)})\s+(?:(?:scheduled|planned|open|confirmed)\s+)?{DELIVERY}\b",
    re.IGNORECASE,
)
# "the one after that", "what about the next one after?", "and after that?", "the following one".
AFTER_RE = re.compile(
    r"\b(?:one|delivery|shipment|receipt|truck|load|po|order)\s+after(?:\s+(?:that|this|it|"
    r"them|those|the (?:first|next)(?: one)?))?\b|\bnext (?:one )?after\b|\bafter (?:that|this|it)"
    r"(?: one)?\s*(?:one|delivery|shipment|receipt)?\W*$|\b(?:the )?following (?:one|delivery|"
    r"shipment|receipt)\b|\b(?:then|and) after (?:that|it)\b|\bthe one after\b|"
    rf"\b(?:next|another|later|subsequent) {DELIVERY} after\b",
    re.IGNORECASE,
)
# "when is the next delivery of E-4410?": the first receipt from now.
NEXT_RE = re.compile(
    r"\bnext (?:[\w-]+ ){0,3}?(?:deliver(?:y|ies)|shipment|receipt|truck|load|"
    r"drop|arrival|batch)\b|\bwhen(?:'s| is| does)? (?:the )?next (?:one|lot|po)\b",
    re.IGNORECASE,
)
# What a fragment about a later receipt may hold besides the words above.
BACK_TO_SUPPLY = ("open_supply_for_item", "po_lines_by_impact")


@dataclass(frozen=True)
class Receipt:
    """One delivery of an open PO line: what arrives at one time, by how it is known."""

    po_line: str
    po_number: str
    supplier: str
    plant: str
    at: datetime
    qty: Mapping[str, float]  # basis (asn | confirmed | unconfirmed) -> quantity

    def when(self, zones: Mapping[str, str]) -> str:
        return plant_time(self.at, zones.get(self.plant, "UTC"))

    def words(self, zones: Mapping[str, str]) -> str:
        """'PO-7819/1 from Voltaic Components: 3,600 confirmed for Mon 2026-03-09 06:00'."""
        said = {"asn": "on its ASN", "confirmed": "confirmed", "unconfirmed": "unconfirmed"}
        parts = ", ".join(f"{q:,.0f} {said.get(b, b)}" for b, q in self.qty.items() if q)
        return f"{self.po_line} from {self.supplier}: {parts} for {self.when(zones)}"


def receipts_of(data: OpenSupply) -> list[Receipt]:
    """The item's deliveries in time order: each open PO line's tranches, one per time."""
    found: dict[tuple[str, datetime], dict[str, float]] = {}
    lines = {}
    for line in data.po_lines:
        lines[line.ref] = line
        for tranche in line.supply:
            qty = found.setdefault((line.ref, tranche.at), {})
            qty[tranche.basis] = qty.get(tranche.basis, 0.0) + tranche.qty
    ordered = sorted(found.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    return [
        Receipt(ref, lines[ref].po_number, lines[ref].supplier_name, lines[ref].plant_code, at, qty)
        for (ref, at), qty in ordered
    ]


def asks_later_receipt(text: str) -> bool:
    return bool(NTH_RE.search(text) or AFTER_RE.search(text))


def plan_later_receipt(text: str, m: Mentions, recall: Recall) -> Plan | None:
    """'And the one after that?' after an item's or PO's next delivery: the item's open supply,
    answered at the receipt after the one the thread spoke of; None when no item is known."""
    nth = NTH_RE.search(text)
    item = m.items[0] if len(m.items) == 1 else None
    po = m.po_numbers[0] if m.po_numbers else None
    if item is None and not nth and not _about_supply(recall):
        return None  # "the one after that" leans on a supply answer; after a shortage it is none
    item = item or recall.item
    if item is None:
        return None
    focus: dict[str, str]
    if nth:
        focus = {"receipt": str(ORDINAL_WORDS[nth.group(1).lower()])}
    elif po or (recall.receipt is None and _about_po(recall)):
        focus = {"receipt_after": str(po or recall.po_number)}  # "the one after PO-7781's"
    else:
        focus = {"receipt": str((recall.receipt or 1) + 1)}
    return Plan("open_supply", [("open_supply_for_item", {"item": item})], focus=focus)


def _about_supply(recall: Recall) -> bool:
    return recall.intent == "open_supply" or any(n in BACK_TO_SUPPLY for n, _ in recall.calls)


def _about_po(recall: Recall) -> bool:
    """The thread's last ask was one PO's delivery ('next delivery for PO-7781?')."""
    names = [n for n, _ in recall.calls]
    return (
        recall.po_number is not None
        and "open_supply_for_item" not in names
        and any(a.get("po_number") for _, a in recall.calls)
    )


def next_receipt_focus(text: str) -> dict[str, str]:
    """'When is the next delivery of E-4410?': the answer leads with the first receipt."""
    return {"receipt": "1"} if NEXT_RE.search(text) and not asks_later_receipt(text) else {}


def _supply(observations: Sequence[Observation]) -> OpenSupply | None:
    for o in observations:
        if o.tool == "open_supply_for_item" and o.result.get("ok"):
            try:
                return OpenSupply.model_validate(o.result.get("data"))
            except ValidationError:
                return None
    return None


def picked_receipt(
    observations: Sequence[Observation], focus: Mapping[str, str]
) -> tuple[int, list[Receipt], OpenSupply] | None:
    """(position from 1 of the receipt the focus asks for, the item's receipts, its supply)."""
    if not ("receipt" in focus or "receipt_after" in focus):
        return None
    data = _supply(observations)
    if data is None:
        return None
    found = receipts_of(data)
    if "receipt_after" in focus:
        po = focus["receipt_after"]
        last = max((i for i, r in enumerate(found) if r.po_number == po), default=None)
        return (last + 2 if last is not None else 1), found, data
    return int(focus["receipt"]), found, data


def receipt_sentence(
    observations: Sequence[Observation], focus: Mapping[str, str], zones: Mapping[str, str]
) -> str:
    """The receipt asked for, in words, with the one before it; or that there is none."""
    picked = picked_receipt(observations, focus)
    if picked is None:
        return ""
    n, found, data = picked
    after = f"after {focus['receipt_after']}" if "receipt_after" in focus else ""
    if n > len(found):
        last = found[-1].words(zones) if found else ""
        return (f"No further scheduled receipt of {data.item} {after or 'after that'} in its open "
                f"PO lines" + (f"; the last one is {last}." if last else "."))  # fmt: skip
    receipt = found[n - 1]
    head = f"The next scheduled receipt of {data.item} ({data.description}) is"
    if n > 1:
        before = found[n - 2]
        head = (f"After {before.po_line} ({before.when(zones)}), the next scheduled receipt of "
                f"{data.item} is")  # fmt: skip
    note = ""
    if receipt.qty.get("unconfirmed") and not receipt.qty.get("confirmed"):
        note = " Its quantity is not confirmed by the supplier, so it is not counted as supply."
    return f"{head} {receipt.words(zones)}.{note}"


def answered_receipt(observations: Sequence[Observation], focus: Mapping[str, str]) -> int | None:
    """The position of the receipt this turn answered, for the next 'and the one after that?'."""
    picked = picked_receipt(observations, focus)
    return picked[0] if picked is not None and picked[0] <= len(picked[1]) else None
