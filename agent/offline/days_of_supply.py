"""'How many days of E-4410 do we have left at LKS?', 'how long will the foam last?': the days
of supply of the item named, the catalogue's KPI (DOMAIN.md: available on hand / average daily
requirement over the next N days; `domain/kpis/catalogue.py` holds the one definition), stated
to one decimal with what it is computed from ('about 2.1 days of E-4410 at LKS: 620 available,
300 a day')."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from agent.offline.mentions import Mentions
from agent.offline.planners import Plan, Recall, ToolCall, plan_kpi
from agent.offline.vocabulary import Vocabulary

INTENT = "days_of_supply"
KPI = "days_of_supply"

# How long the stock of an item lasts, asked in days or as 'how long'.
DAYS_LEFT_RE = re.compile(
    r"\b(?:how|hw|hou) (?:many|much) days?(?:['’]s?)?\b(?!\s+(?:late|early|behind|ago|overdue))|"
    r"\bdays?(?:['’]s?)? (?:worth|left|remaining|of (?:stock|cover|coverage|supply|inventory))\b|"
    r"\b(?:how|hw|hou) long (?:will|would|does|do|can|is|are|could)\b.{0,50}?\b(?:last|hold|"
    r"keep us|see us|carry us|run|go)\b|"
    r"\b(?:how|hw|hou) long (?:is|are) (?:we|our)\b.{0,20}\b(?:covered|good)\b|"
    r"\bhow (?:many|much) (?:days|time) (?:of|on)\b",
    re.IGNORECASE,
)
# 'How long before we run out', 'will it last the week': when it runs short, not for how long.
SHORT_FIRST_RE = re.compile(r"\bbefore\b|\buntil\b|\btill\b|\brun(?:s|ning)? out\b|\bshort", re.I)


def asks_days_of_supply(text: str, m: Mentions) -> bool:
    """A question about how many days an item's stock lasts (one item named, no other KPI)."""
    if not (m.items or m.item_choices) or (m.kpi not in (None, KPI)):
        return False
    if m.po_numbers or m.asns or m.lots:
        return False
    return DAYS_LEFT_RE.search(text) is not None and not SHORT_FIRST_RE.search(text)


# Words pointing back at the thread's item: "how many days of supply is that", "and days of cover?"
BACK_RE = re.compile(r"\b(?:it|that|this|those|them|these|the item|the part)\b", re.IGNORECASE)
AND_RE = re.compile(r"^\s*(?:and|&|n)\b", re.IGNORECASE)  # after an item, not after a KPI


def of_thread_item(text: str, m: Mentions, recall: Recall) -> bool:
    """Days of supply asked, by the KPI's name, of the item the thread is about."""
    named = m.items or m.item_choices or m.plants or m.suppliers or m.lines or m.po_numbers
    back = BACK_RE.search(text) is not None or (
        AND_RE.search(text) is not None and recall.intent not in ("kpi", "kpi_compare")
    )
    return m.kpi == KPI and not named and bool(recall.last_item or recall.item) and back


def plan_days_of_supply(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """The KPI for the item (and the plant named), over its default next 14 days; the thread's
    item when the words point back at it."""
    if of_thread_item(text, m, recall):
        m = replace(m, items=[str(recall.last_item or recall.item)])
    planned = plan_kpi(text, replace(m, kpi=KPI, kpis=[KPI]), recall, vocab)
    return replace(planned, intent=INTENT) if planned.calls else planned


def _per_day(x: float) -> str:
    return f"{x:,.0f}" if abs(x - round(x)) < 0.05 else f"{x:,.1f}"


def sentence(row: Mapping[str, Any], names: Mapping[str, str]) -> str | None:
    """'about 2.1 days of E-4410 (Seat heater control module) at LKS: 620 available, 300 a day
    on average.' for a days-of-supply value of one item (the KPI line states the period);
    None otherwise."""
    item = (row.get("filters") or {}).get("item")
    if row.get("kpi") != KPI or not item:
        return None
    plant = str(row.get("scope_plant", "all"))
    where = "at all your plants" if plant == "all" else f"at {plant}"
    named = f"{item} ({names[item]})" if names.get(item) else str(item)
    period = str((row.get("period") or {}).get("label", "the period"))  # 'next 14d'
    overall = row.get("overall") or {}
    value, num, den = row.get("value"), overall.get("numerator"), overall.get("denominator")
    if value is None or not den:
        return (f"{named} has no work-order requirement {where} in the {period}, so its days of "
                "supply is not defined (nothing is consumed).")  # fmt: skip
    return (f"about {float(value):.1f} days of {named} {where}: {float(num or 0):,.0f} available, "
            f"{_per_day(float(den))} a day on average.")  # fmt: skip


# "redo the heater one counting the unconfirmed 600": supply on order asked into the KPI.
ON_ORDER_RE = re.compile(
    r"\b(?:count\w*|includ\w*|add\w*|with|factor\w* in)\b[^.?!;]{0,25}?\b(?:unconfirmed|"
    r"the \d[\d,]*|on order|incoming|inbound|open po|the po|what'?s coming|arrivals?)\b",
    re.IGNORECASE,
)
ON_ORDER = "days_of_supply_on_order"  # the intent: days of supply asked with supply on order
ON_HAND_ONLY = "on_hand_only"  # the answer says the KPI counts stock on hand only


def counts_on_order(text: str, recall: Recall) -> bool:
    """Whether the clause asks the thread's days of supply again with supply on order counted."""
    read = any(n == "kpi_query" and a.get("metric") == KPI for n, a in recall.calls)
    return read and ON_ORDER_RE.search(text) is not None


def plan_on_order(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """The KPI as read (it counts stock on hand only, said first) and the item's open supply,
    confirmed and not, beside it."""
    asked = [a for n, a in recall.calls if n == "kpi_query" and a.get("metric") == KPI]
    items = [str(a["item"]) for a in asked if a.get("item")]
    if len(m.items) == 1:
        items = [m.items[0]]
    elif len(items) > 1 and re.search(r"\bheater|module|foam|cover|trim\b", text, re.I):
        said = {w.lower() for w in re.findall(r"[a-z]+", text, re.I) if len(w) > 3}
        fit = [
            c for c in items if said & set(re.findall(r"[a-z]+", vocab.items.get(c, "").lower()))
        ]
        items = fit or items
    calls: list[ToolCall] = [
        (n, a)
        for n, a in recall.calls
        if n == "kpi_query" and a.get("metric") == KPI and (not items or a.get("item") in items)
    ]
    calls += [("open_supply_for_item", {"item": c}) for c in items[:1]]
    return Plan(INTENT, calls, focus={ON_HAND_ONLY: "yes"})


# Said first when supply on order was asked into the KPI: it counts what is on hand.
ON_HAND_LEAD = (
    "Days of supply counts stock on hand only (available, not held), so supply on order, "
    "confirmed or not, does not change it; the KPI as it stands and the item's open supply:"
)
