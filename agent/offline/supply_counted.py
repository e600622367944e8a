"""'Is the 600 counted as supply in the projection?': whether an open quantity (unconfirmed on a PO
line) or held stock counts as supply, said first from the shortages tool's own supply policy and
the PO lines it is about; then the projection under that policy. A question: no proposal."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from agent.offline.mentions import Mentions
from agent.offline.planners import Plan, Recall
from agent.offline.vocabulary import Vocabulary

if TYPE_CHECKING:
    from agent.offline.compose import Observation  # compose reads this module: types only

INTENT = "supply_counted"
FOCUS_KEY = "counted"  # the quantity asked about ('600'), or 'held' / 'unconfirmed'
COUNTED_RE = re.compile(
    r"\b(?:is|are|does|do|was|were|r)\b.{0,50}?\b(?:count(?:ed|s|ing)?|includ(?:ed|es|ing)|"
    r"factored in|taken into account|in the (?:projection|numbers|plan|math|supply|calc\w*)|"
    r"treated as (?:supply|available)|part of (?:the )?supply)\b",
    re.IGNORECASE,
)
HELD_RE = re.compile(r"\b(?:held|hold|quarantin\w*|blocked|on qh)\b|\bL-\d", re.IGNORECASE)
QTY_RE = re.compile(r"\b(\d[\d,]*)\b(?!\s*(?:h|hrs?|hours?|days?|d|%))")


def asks_counted(text: str) -> bool:
    """Whether the clause asks if some quantity counts as supply in the projection."""
    return COUNTED_RE.search(text) is not None and (
        QTY_RE.search(re.sub(r"\b[A-Z]{1,4}-\d+\b", "", text)) is not None
        or re.search(r"\b(?:unconfirmed|held|hold|rest|remaining|balance|open)\b", text, re.I)
        is not None
    )


def plan_counted(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """The shortages under the default policy and the open PO lines of the item, PO or supplier
    named (else the thread's item), to find the quantity asked about."""
    held = HELD_RE.search(text) is not None
    number = QTY_RE.search(re.sub(r"\b[A-Z]{1,4}-\d+\b", "", text))
    focus = {FOCUS_KEY: "held" if held else number[1].replace(",", "") if number else "open"}
    item = m.items[0] if len(m.items) == 1 else None
    item = item or (recall.item if not (m.po_numbers or m.suppliers) else None)
    short: dict[str, Any] = {"horizon": "14d", **({"item": item} if item else {})}
    lines: dict[str, Any] = {"horizon": "14d"}
    if m.po_numbers:
        lines["po_number"] = m.po_numbers[0]
    elif len(m.suppliers) == 1:
        lines["supplier"] = m.suppliers[0]
    elif item:
        lines["item"] = item
    if held:
        return Plan(INTENT, [("shortages", short)], focus=focus)
    return Plan(INTENT, [("shortages", short), ("po_lines_by_impact", lines)], focus=focus)


def _lines(observations: Sequence[Observation]) -> list[Mapping[str, Any]]:
    return [r for o in observations if o.tool == "po_lines_by_impact" and o.result.get("ok")
            for r in (o.result.get("data") or {}).get("lines") or []
            if isinstance(r, Mapping)]  # fmt: skip


def _policy(observations: Sequence[Observation]) -> Mapping[str, Any] | None:
    for o in observations:
        rows = o.result.get("data") if o.tool == "shortages" else None
        if isinstance(rows, list) and rows and isinstance(rows[0], Mapping):
            return rows[0].get("policy")
    return None


def lead(observations: Sequence[Observation], focus: Mapping[str, str]) -> str | None:
    """'No: the 600 E-4410 on PO-7781/1 that Voltaic Components has not confirmed are not
    counted as supply ...', from the PO lines read and the projection's policy."""
    asked = focus.get(FOCUS_KEY)
    if not asked:
        return None
    policy = _policy(observations) or {}
    if asked == "held":
        counted = bool(policy.get("include_held"))
        return ("Yes: held stock is counted in this projection." if counted else
                "No: stock on quality hold is not counted as available supply in the projection "
                "(the default policy) until the hold is released.")  # fmt: skip
    open_lines = [r for r in _lines(observations) if float(r.get("unconfirmed_qty") or 0) > 0]
    if asked.isdigit():
        fits = [r for r in open_lines if round(float(r.get("unconfirmed_qty") or 0)) == int(asked)]
        open_lines = fits or open_lines
    if not open_lines:
        return ("Only confirmed quantities count as supply in the projection (the default "
                "policy); the open PO lines read here have nothing unconfirmed.")  # fmt: skip
    what = "; ".join(
        f"{float(r['unconfirmed_qty']):,.0f} {r.get('item')} on {r.get('po_number')}/"
        f"{r.get('line_no')} that {r.get('supplier_name')} has not confirmed"
        for r in open_lines[:3]
    )
    if policy.get("include_unconfirmed"):
        return f"Yes, in this projection: {what}."
    return (f"No: the {what} {'is' if len(open_lines) == 1 else 'are'} not counted as supply in "
            "the projection. By the default policy only quantities a supplier has confirmed count "
            "(and stock on hold is not available); the shortages below are projected that way. "
            "Ask 'what if they confirm the rest?' to see it counted.")  # fmt: skip
