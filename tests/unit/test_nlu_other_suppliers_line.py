"""'And polyform on the thursday one?' right after what Voltaic confirmed on PO-7781: the same
read of Polyform's open PO line due that Thursday (never PO-7781 filtered by Polyform), with the
previous turn's intent so the answer states the same facts; after a PO's risk, the risk of the
other supplier's line."""

from __future__ import annotations

import pytest

from agent.offline.intents import Recall, plan_turn
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()
ASKED = ("po_lines_by_impact", {"horizon": "14d", "po_number": "PO-7781"})
CONFIRMED = Recall(po_number="PO-7781", supplier="VOLTAIC", intent="po_confirmation",
                   calls=(ASKED,))  # fmt: skip
RISK = Recall(po_number="PO-7781", supplier="VOLTAIC", intent="po_risk",
              calls=(("explain_po_risk", {"po_number": "PO-7781"}),))  # fmt: skip
THURSDAY = {"horizon": "14d", "supplier": "POLYFORM", "due_on": "2026-03-05"}


@pytest.mark.parametrize(
    "said",
    ["and polyform on the thursday one?", "what about polyform for thu", "polyform, thursday's?",
     "and polyfrom on thurs", "same for polyform on the thursday PO", "n polyform thursday?",
     "how about polyform's thursday one", "and the polyform one due thursday?",
     "polyform on thursday?", "and polyform for the one on thursday", "what about polyform thu",
     "and polyform - thursday one"],
)  # fmt: skip
def test_another_supplier_on_a_weekday_is_its_line_due_then(said: str) -> None:
    plan = plan_turn(said, CONFIRMED, VOCAB)
    assert plan.calls == [("po_lines_by_impact", THURSDAY)], (said, plan)
    assert plan.intent == CONFIRMED.intent  # answered the same way as the turn before


def test_without_a_day_it_is_the_other_suppliers_open_lines() -> None:
    plan = plan_turn("and polyform?", CONFIRMED, VOCAB)
    assert plan.calls == [("po_lines_by_impact", {"horizon": "14d", "supplier": "POLYFORM"})]


def test_after_a_pos_risk_it_is_the_risk_of_the_other_suppliers_line() -> None:
    plan = plan_turn("and polyform on the thursday one?", RISK, VOCAB)
    assert plan.calls == [("po_lines_by_impact", THURSDAY)]
    assert plan.then is not None and plan.then.tool == "explain_po_risk"


def test_the_same_supplier_or_a_po_named_keeps_its_own_reading() -> None:
    assert plan_turn("and PO-7790?", CONFIRMED, VOCAB).calls == [
        ("po_lines_by_impact", {"horizon": "14d", "po_number": "PO-7790"})
    ]
    plan = plan_turn("and voltaic on thursday?", CONFIRMED, VOCAB)  # PO-7781 is Voltaic's own
    assert plan.calls and all(a.get("po_number") == "PO-7781" for _, a in plan.calls)
    assert not any(a.get("due_on") for _, a in plan.calls)
