"""'If PO-7795 showed up wed 6am does the wed foam gap go away?', 'what if toledo sits on the foam
til thu morning': a what-if on when a receipt arrives.

The PO, PO line or shipment named (or the thread's PO) is supposed to arrive at the time said,
its open quantity counted as supply then (the shortages tool's `arrival_of` / `arrival_at`); the
answer leads with the assumption; nothing is proposed.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from agent.offline.hold_release import SUPPOSE, supposed_at, thread_day
from agent.offline.mentions import Mentions, find_mentions
from agent.offline.planners import Plan, Recall
from agent.offline.slots import day_in
from agent.offline.vocabulary import Vocabulary

INTENT = "supply_arrival"
FOCUS_KEY = "arrival_if"  # the assumption the answer leads with
LOCAL_FORMAT = "%a %Y-%m-%d %H:%M"
ARRIVE = (
    r"(?:show(?:s|ed)? up|arriv\w*|land\w*|comes? in|came in|gets? here|got here|deliver\w*|"
    r"turn(?:s|ed)? up|gets? in|got in|roll(?:s|ed)? in|"
    # Released from where it is held: "if it clears toledo by noon", "gets through customs".
    r"clear(?:s|ed)? (?:the )?(?:hub|cross.?dock|customs|inspection|[a-z]+ (?:hub|cross.?dock))|"
    r"gets? (?:out of|through) (?:the )?(?:hub|cross.?dock|customs|inspection))"
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
# "could sal ship 7802 tmrw first thing instead of wed": a named PO shipped at another time.
SHIPS_RE = re.compile(
    rf"\b(?:{SUPPOSE}|could|can|would|will)\b[^.?!;]{{0,60}}?\bship(?:s|ped|ping)?\b",
    re.IGNORECASE,
)
BACK_RE = re.compile(r"\b(?:it|they|them|that|the (?:truck|shipment|order|po|delivery|asn))\b",
                     re.IGNORECASE)  # fmt: skip


# "if it clears toledo": the shipment held at the hub named.
CLEARS_HUB_RE = re.compile(r"\bclear(?:s|ed)? (?:the )?([a-z]+)\b", re.IGNORECASE)


def _hub_asn(text: str, vocab: Vocabulary | None) -> str | None:
    """The shipment held at the hub a clause says it clears ('clears toledo')."""
    said = CLEARS_HUB_RE.search(text)
    return vocab.hubs.get(said[1].lower()) if said and vocab is not None else None


def _ref(m: Mentions, recall: Recall, text: str, vocab: Vocabulary | None = None) -> str | None:
    """The receipt supposed: a shipment, a PO named, the shipment held at the hub said, else
    the thread's PO pointed back at."""
    if len(m.asns) == 1:
        return m.asns[0]
    hub = _hub_asn(text, vocab)
    if hub and not m.po_numbers:
        return hub
    if len(m.po_numbers) == 1:
        return m.po_numbers[0]
    if recall.po_number and not (m.asns or m.po_numbers) and BACK_RE.search(text):
        return recall.po_number
    return None


def supposes_arrival(
    text: str, m: Mentions, recall: Recall, vocab: Vocabulary | None = None
) -> bool:
    """Whether the clause supposes a receipt arriving at a time it names and asks what follows."""
    supposed = (
        ARRIVAL_RE.search(text)
        or (re.search(rf"\b{SUPPOSE}\b", text, re.IGNORECASE) and _hub_asn(text, vocab))
        or ((m.po_numbers or m.asns) and SHIPS_RE.search(text))
    )
    if not supposed or _ref(m, recall, text, vocab) is None:
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
    ref = _ref(m, recall, text, vocab)
    plant = _plant(ref, vocab) if ref else None
    at = supposed_at(text, vocab, plant, thread_day(recall))  # 'thu morning' is Thu 06:00
    if ref is None or at is None:
        return Plan("clarify", reply="Which PO or shipment, and when? For example: 'if PO-7795 "
                    "arrived Wed 06:00, would the foam gap go away?'")  # fmt: skip
    item = m.items[0] if len(m.items) == 1 else recall.item
    return _supposed(ref, at, item, plant, text)


def _supposed(
    ref: str, at: datetime, item: str | None, plant: str | None, text: str, source: str = ""
) -> Plan:
    args: dict[str, Any] = {"horizon": "14d", "arrival_of": ref, "arrival_at": at.isoformat()}
    if item:
        args["item"] = item
    if plant:
        args["plant"] = plant
    what = ref
    if not ref.upper().startswith("ASN-") and UNCONFIRMED_RE.search(text):
        args["arrival_part"] = "unconfirmed"
        what = f"the unconfirmed quantity of {ref}"
    lead = f"If {what} arrives {at.strftime(LOCAL_FORMAT)} (counted as supply from then){source}:"
    po, _, line_no = ref.partition("/")
    offer = None if ref.upper().startswith("ASN-") or source else (
        "request_po_date_change",
        {"po_number": po, **({"line_no": int(line_no)} if line_no else {}),
         "new_date": at.isoformat(), "reason": f"asked in chat: {text.strip()}"[:500]},
    )  # fmt: skip
    # "do it, request the date change" next: the date supposed, asked of the supplier
    return Plan("shortages", [("shortages", args)], focus={FOCUS_KEY: lead}, act="hypothesise",
                offer=offer)  # fmt: skip


# "if that holds, are we ok?" after a paste: the user supposes what the paste says.
IF_SO_RE = re.compile(
    r"\b(?:if (?:so|true|they'?re right|that'?s (?:right|true|the case|correct))|"
    r"if (?:that|this|it|they) (?:holds?|happens|is right|is true|pans out|works out|does|do|"
    r"sticks?)|assuming (?:that|so|it|this|they)|(?:taking|take) (?:that|them|it) at (?:their|its) "
    r"word)\b",
    re.IGNORECASE,
)
# Where a paste says when it lands: "should hit your dock by noon Tue", "delivery Wed 06:00".
LANDS_RE = re.compile(
    rf"\b(?:{ARRIVE}|hit (?:your|our|the) dock|be (?:at your dock|on site|with you|there)|eta)\b",
    re.IGNORECASE,
)


def pasted_arrival(own: str, quoted: str, vocab: Vocabulary) -> Plan | None:
    """'if that holds are we ok?' about a paste that says when a shipment or PO lands: the
    shortages with it supposed to arrive then, the paste's own words only as the assumption
    (the data's dates are unchanged)."""
    if not quoted or IF_SO_RE.search(own) is None:
        return None
    m = find_mentions(quoted, vocab)
    refs = m.asns or m.po_numbers
    lands = list(LANDS_RE.finditer(quoted))
    if len(refs) != 1 or not lands:
        return None
    ref = refs[0]
    if not ref.upper().startswith("ASN-") and ref not in vocab.po_plants:
        return None  # a number the data does not know is no PO of ours
    plant = _plant(ref, vocab)
    at = supposed_at(quoted[lands[-1].start() :], vocab, plant)
    if at is None:
        return None
    said = find_mentions(own, vocab)
    item = said.items[0] if len(said.items) == 1 else None
    return _supposed(ref, at, item, plant, quoted, ", as the pasted text says; the data's "
                     "own date is unchanged until the supplier's update is recorded")  # fmt: skip
