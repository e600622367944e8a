"""'If PO-7795 showed up wed 6am does the wed foam gap go away?', 'what if toledo sits on the foam
til thu morning': a what-if on when a receipt arrives.

The PO, PO line or shipment named (or the thread's PO) is supposed to arrive at the time said,
its open quantity counted as supply then (the shortages tool's `arrival_of` / `arrival_at`); the
answer leads with the assumption; nothing is proposed.
"""

from __future__ import annotations

import re
from typing import Any

from agent.offline.hold_release import SUPPOSE, supposed_at
from agent.offline.mentions import Mentions
from agent.offline.planners import Plan, Recall
from agent.offline.slots import day_in
from agent.offline.vocabulary import Vocabulary

INTENT = "supply_arrival"
FOCUS_KEY = "arrival_if"  # the assumption the answer leads with
LOCAL_FORMAT = "%a %Y-%m-%d %H:%M"
ARRIVE = (
    r"(?:show(?:s|ed)? up|arriv\w*|land\w*|comes? in|came in|gets? here|got here|deliver\w*|"
    r"turn(?:s|ed)? up|gets? in|got in|roll(?:s|ed)? in)"
)
# Held back until a time: "toledo sits on the foam til thu", "if the truck slips to thursday".
HELD_TILL = (
    r"(?:sits? on|sat on|held|holds?|stuck|stays?|slips?|slipped|delayed|pushed|late)\b"
    r"[^.?!;]{0,30}?\b(?:til+|until|to|into|till|'?til)"
)
ARRIVAL_RE = re.compile(
    rf"\b{SUPPOSE}\b[^.?!;]{{0,80}}?(?:\b{ARRIVE}\b|\b{HELD_TILL}\b)", re.IGNORECASE
)
# The quantity the supplier has not confirmed, asked to arrive: "the 600", "the rest".
UNCONFIRMED_RE = re.compile(
    r"\b(?:the )?(?:unconfirmed|rest|remaining|balance|remainder|other \d[\d,]*|missing)\b|"
    r"\bthe \d[\d,]*\b",
    re.IGNORECASE,
)
BACK_RE = re.compile(r"\b(?:it|they|them|that|the (?:truck|shipment|order|po|delivery|asn))\b",
                     re.IGNORECASE)  # fmt: skip


def _ref(m: Mentions, recall: Recall, text: str) -> str | None:
    """The receipt supposed: a shipment, a PO named, else the thread's PO pointed back at."""
    if len(m.asns) == 1:
        return m.asns[0]
    if len(m.po_numbers) == 1:
        return m.po_numbers[0]
    if recall.po_number and not (m.asns or m.po_numbers) and BACK_RE.search(text):
        return recall.po_number
    return None


def supposes_arrival(text: str, m: Mentions, recall: Recall) -> bool:
    """Whether the clause supposes a receipt arriving at a time it names and asks what follows."""
    if ARRIVAL_RE.search(text) is None or _ref(m, recall, text) is None:
        return False
    return day_in(text, None) is not None or re.search(
        r"\b(?:mon|tue|wed|thu|fri|sat|sun)\w*|\btoday\b|\btomorrow\b|\btmrw?\b|\d{1,2}\s*(?:am|pm)"
        r"|\b\d{1,2}:\d{2}\b|\bnoon\b", text, re.IGNORECASE) is not None  # fmt: skip


def _plant(ref: str, vocab: Vocabulary) -> str | None:
    po = vocab.asn_pos.get(ref, ref).split("/")[0]
    return vocab.po_plants.get(po)


def plan_arrival(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """The shortages with the receipt supposed at that time (of the item named, else the
    thread's), and the assumption said first."""
    ref = _ref(m, recall, text)
    plant = _plant(ref, vocab) if ref else None
    at = supposed_at(text, vocab, plant)  # 'thu morning' is Thu 06:00
    if ref is None or at is None:
        return Plan("clarify", reply="Which PO or shipment, and when? For example: 'if PO-7795 "
                    "arrived Wed 06:00, would the foam gap go away?'")  # fmt: skip
    item = m.items[0] if len(m.items) == 1 else recall.item
    args: dict[str, Any] = {"horizon": "14d", "arrival_of": ref, "arrival_at": at.isoformat()}
    if item:
        args["item"] = item
    if plant:
        args["plant"] = plant
    what = ref
    if not ref.upper().startswith("ASN-") and UNCONFIRMED_RE.search(text):
        args["arrival_part"] = "unconfirmed"
        what = f"the unconfirmed quantity of {ref}"
    lead = f"If {what} arrives {at.strftime(LOCAL_FORMAT)} (counted as supply from then):"
    return Plan("shortages", [("shortages", args)], focus={FOCUS_KEY: lead}, act="hypothesise")
