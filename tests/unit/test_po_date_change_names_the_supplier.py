"""A PO date change asked without a day ('move PO-7781', 'push PO-7790 back') is a date change
whose question back names the PO's supplier; the second step after the PO line is read too."""

from __future__ import annotations

from agent.offline.compose import Observation
from agent.offline.intents import plan_turn
from agent.offline.planners import Pending, Plan, Recall
from agent.offline.resolve import next_step
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()


def test_a_move_without_a_day_asks_the_day_naming_the_supplier() -> None:
    for text, supplier in (("move PO-7781", "Voltaic Components"),
                           ("push PO-7790 back pls", "Polyform Foams"),
                           ("change the date on po 7795", "Polyform Foams")):  # fmt: skip
        plan = plan_turn(text, Recall(), VOCAB)
        assert plan.intent == "clarify" and plan.calls == [], text
        assert plan.reply is not None and f"({supplier}) move?" in plan.reply, text


def test_the_day_asked_after_reading_the_line_names_its_supplier() -> None:
    pending = Pending("request_po_date_change", {"reason": "asked in chat"}, named="F-2200")
    row = {"po_number": "PO-7795", "line_no": 1, "supplier": "POLYFORM",
           "supplier_name": "Polyform Foams", "open_qty": 2400.0}  # fmt: skip
    lookup = Observation("po_lines_by_impact", {"item": "F-2200"},
                         {"ok": True, "data": {"lines": [row]}})  # fmt: skip
    step = next_step(Plan("po_date_change", then=pending), [lookup])
    assert step is not None and step.reply is not None
    assert step.reply.startswith("To which day should PO-7795 (Polyform Foams) move?")
