"""'And polyform on the thursday one?' right after a question about what Voltaic confirmed on
PO-7781: the same question of the other supplier's open PO line due on the day named, read the
same way (the previous turn's intent carries over), never the first PO with a supplier filter."""

from __future__ import annotations

from typing import Any

from agent.offline.mentions import Mentions, local_now
from agent.offline.planners import LOOKUP_TOOL, Pending, Plan, Recall, supplying_plants
from agent.offline.slots import day_in
from agent.offline.vocabulary import Vocabulary

FRAGMENT_WORDS = 9  # "and polyform on the thursday one?", "what about polyform for thu"
# The reads of one PO whose question a fragment may carry to another supplier's line.
PO_READS = (LOOKUP_TOOL, "explain_po_risk")
LINE_FILTERS = ("po_number", "supplier", "item", "due_on")  # what names the lines read


def another_suppliers_line(
    clause: str, m: Mentions, recall: Recall, vocab: Vocabulary, focus: dict[str, str]
) -> Plan | None:
    """The previous turn's read of one PO, asked again of another supplier's line (due on the
    day the clause names, if it names one); None when the clause is not such a fragment."""
    # A plant that ships to us named bare ('and saltillo on wednesday's?') is that supplier.
    suppliers = m.suppliers or supplying_plants(clause, m, vocab, about_supply=True)
    if len(suppliers) != 1 or m.po_numbers or m.items or m.item_choices or m.asns or m.kpi:
        return None
    if len(clause.split()) > FRAGMENT_WORDS:
        return None
    asked = [(n, a) for n, a in recall.calls if n in PO_READS and a.get("po_number")]
    if not asked:
        return None
    po = str(asked[-1][1]["po_number"])
    supplier = suppliers[0]
    if vocab.po_suppliers.get(po) in (None, supplier):
        return None  # the same supplier's PO: the fragment refines it as it is
    day = day_in(clause, local_now(vocab.as_of, vocab.timezone_of_po(po)))
    lookup: dict[str, Any] = {"horizon": "14d", "supplier": supplier}
    if day is not None:
        lookup["due_on"] = day.isoformat()
    read = next((a for n, a in asked if n == LOOKUP_TOOL), None)
    if read is not None:  # "what did voltaic confirm on 7781?": the lines' own facts
        kept = {k: v for k, v in read.items() if k not in LINE_FILTERS}
        return Plan(recall.intent or "open_supply", [(LOOKUP_TOOL, {**kept, **lookup})],
                    focus=focus)  # fmt: skip
    # "why is PO-7781 risky?": the risk of that supplier's line, once its lines are read
    named = vocab.suppliers.get(supplier, supplier)
    explain = Pending("explain_po_risk", act="ask", named=named)
    return Plan("po_risk", [(LOOKUP_TOOL, lookup)], then=explain, focus=focus)
