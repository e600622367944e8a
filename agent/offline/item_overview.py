"""'What's going on with the armrest covers?', 'status of the foam', 'anything up with E-4410?':
the item's overview (`item_overview`): stock by status with each held lot by id, quantity and
reason, the next receipt of its open supply, and its next shortage, written from the typed
result."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from agent.offline import ledger
from agent.offline.mentions import Mentions
from agent.offline.planners import Plan, Recall, _item, _plant_args
from agent.offline.vocabulary import Vocabulary
from domain.formatting import line_hours
from tools.result_data import ItemOverview
from tools.stock import STATUS_WORDS

INTENT = "item_overview"
TOOL = "item_overview"

# How people ask for an item's state as a whole.
STATE_RE = re.compile(
    r"\b(?:happening|going on|goin on|up|the (?:deal|story|situation|latest|lowdown|score)) "
    r"(?:(?:with|on|for)\b|w/)|"
    r"\bstatus (?:of|on|for)\b|\b(?:an? )?(?:update|news|word|overview|rundown|summary) "
    r"(?:on|of|about|for)\b|\bstatus\b|"
    r"\bwhere (?:are|do) we (?:stand )?(?:on|with)\b|\bwhat do we know about\b|"
    r"\btell me about\b|\bhow(?:'s| is| are) (?:the |our )?(?:\w+ ){1,4}(?:looking|doing)\b|"
    # "door1 armrest cover situation?": the state word after the item
    r"\b(?:situation|sitrep|status|update|latest|state of play|story)\s*[?!.]*\s*$",
    re.IGNORECASE,
)
# One order, a shipment or a proposal asked about is that thing's status, not the item's.
OTHER_THING_RE = re.compile(
    r"\b(?:order|po|purchase order|shipment|truck|asn|delivery|proposal|request|expedite|"
    r"escalation|resequence|review|transfer)s?\b",
    re.IGNORECASE,
)

# Words of an action ('send polyform an update on the foam'): a request, not this read.
ACTION_RE = re.compile(
    r"\b(?:send|e-?mail|write|draft|chase|ping|nudge|tell (?!me\b|us\b)|ask|escalat\w*|"
    r"expedit\w*|move|push|pull|transfer|book|resequenc\w*|review)\b",
    re.IGNORECASE,
)
SUPPLIER_ASKED_RE = re.compile(
    r"\b(?:doing|perform\w*|guys|folks|people|suppliers?|vendors?)\b", re.IGNORECASE
)


def asks_overview(text: str, m: Mentions) -> bool:
    """An item's state asked as a whole: one item (or a phrase several fit), nothing else."""
    if not (m.items or m.item_choices) or m.po_numbers or m.asns or m.proposals or m.kpi:
        return False
    if m.lots or (m.lines and not m.items):
        return False  # "door1 armrest cover situation?": the line only says where it is used
    if m.suppliers and SUPPLIER_ASKED_RE.search(text):
        return False  # "how are the foam guys at polyform doing": the supplier's record
    if ACTION_RE.search(text):
        return False
    return STATE_RE.search(text) is not None and OTHER_THING_RE.search(text) is None


def plan_overview(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    item = _item(m, Recall(), vocab)
    if isinstance(item, Plan):
        return item  # which item, naming only the candidates left
    if item is None:
        return Plan("clarify", reply="Which item? For example: 'what's going on with T-3105?'")
    return Plan(INTENT, [(TOOL, {"item": item, **_plant_args(m)})])


def _qty(x: float) -> str:
    return f"{x:,.0f}"


def _stock(o: ItemOverview) -> str:
    if not o.on_hand:
        return f"nothing on hand at {', '.join(o.plants)}"
    parts = []
    for plant in dict.fromkeys(s.plant for s in o.on_hand):
        rows = [s for s in o.on_hand if s.plant == plant]
        total = ledger.total([s.qty for s in rows]) if len(rows) > 1 else rows[0].qty
        if len(rows) == 1:
            status = STATUS_WORDS.get(rows[0].status, rows[0].status)
            parts.append(f"{_qty(total)} on hand at {plant}, all {status}")
            continue
        split = ", ".join(f"{_qty(s.qty)} {STATUS_WORDS.get(s.status, s.status)}" for s in rows)
        parts.append(f"{_qty(total)} on hand at {plant} ({split})")
    return "; ".join(parts)


def describe_overview(result: Mapping[str, Any], clocks: Sequence[str] = ()) -> str:
    """The overview in a few lines: stock, held lots, next receipt, next shortage; `clocks`:
    other plants on whose clock a hold's decision time is also said ('in gyor time')."""
    try:
        o = ItemOverview.model_validate(result.get("data"))
    except ValidationError:
        return str(result.get("summary", ""))
    lines = [f"{o.item} ({o.description}): {_stock(o)}."]
    for h in o.holds:
        when = (
            f"; quality's decision expected {h.decision_expected_at}"
            if (h.decision_expected_at)
            else ""
        )
        elsewhere = [f"{h.decision_at_plants[c]} at {c}" for c in clocks
                     if c != h.plant and c in h.decision_at_plants]  # fmt: skip
        if when and elsewhere:  # "when's the call, in gyor and saltillo time?"
            when += f" at {h.plant} (that is {' and '.join(elsewhere)})"
        lines.append(f"- On quality hold: lot {h.lot}, {_qty(h.qty)} at {h.plant} ({h.reason})"
                     f"{when}. Held stock is not available.")  # fmt: skip
    r = o.next_receipt
    if r is None:
        lines.append(f"- Open supply: no open PO line at {', '.join(o.plants)}.")
    else:
        basis = {"confirmed": "confirmed for", "asn": "expected", "unconfirmed": "promised for "
                 "(not confirmed)"}.get(r.basis, "for")  # fmt: skip
        via = ""
        if r.asn_number:
            via = f" on {r.asn_number} ({r.asn_status}" + (f" at {r.hub}" if r.hub else "") + ")"
        lines.append(
            f"- Next receipt: {r.po_number}/{r.line_no} from {r.supplier_name}, {_qty(r.qty)} "
            f"{basis} {r.at}{via}; {o.open_po_lines} open PO line(s), {_qty(o.open_qty)} open "
            "in all."
        )
    s = o.next_shortage
    if s is None:
        lines.append(f"- Next shortage: none in the next {o.horizon}.")
    else:
        orders = ", ".join(s.work_orders[:3]) + (" and more" if len(s.work_orders) > 3 else "")
        covered = (
            f"covered again {s.recovered_at:%a %Y-%m-%d %H:%M}"
            if s.recovered_at
            else f"not covered again within {o.horizon}"
        )
        lines.append(
            f"- Next shortage: {s.first_short_at:%a %Y-%m-%d %H:%M} at {s.plant}, "
            f"{_qty(s.qty_short)} short, hits {', '.join(s.lines)} ({orders}), "
            f"{line_hours(s.line_hours_at_risk)} at risk; {covered}."
        )
    return "\n".join(lines)
