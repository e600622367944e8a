"""'And the one after that?' after an item's or a PO's next delivery: the same item, answered at
the scheduled receipt after the one the thread spoke of (read from the typed open supply)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from agent.offline.compose import Observation
from agent.offline.intents import Recall, plan_turn
from agent.offline.receipts import answered_receipt, receipt_sentence, receipts_of
from domain.procurement.open_supply import OpenPoLine, SupplyTranche
from tests.support.nlu_suite import load_suite
from tools.result_data import OpenSupply

VOCAB, _ = load_suite()
ZONES = {"LKS": "America/Detroit"}
AFTER_ITEM = Recall(item="E-4410", intent="open_supply",
                    calls=(("open_supply_for_item", {"item": "E-4410"}),))  # fmt: skip
PO_ASKED = ("po_lines_by_impact", {"horizon": "14d", "po_number": "PO-7781"})
AFTER_PO = Recall(item="E-4410", po_number="PO-7781", intent="open_supply", calls=(PO_ASKED,))


def _line(po: str, tranches: list[tuple[float, str, str]]) -> OpenPoLine:
    return OpenPoLine(
        id=1, po_number=po, line_no=1, item_code="E-4410", qty_ordered=sum(t[0] for t in tranches),
        promised_at=datetime.fromisoformat(tranches[0][1]), plant_code="LKS",
        supplier_code="VOLTAIC", supplier_name="Voltaic Components", received=0,
        confirmed_qty=sum(t[0] for t in tranches if t[2] == "confirmed"),
        unconfirmed_qty=sum(t[0] for t in tranches if t[2] == "unconfirmed"), confirmations=[],
        asns=[], supply=[SupplyTranche(qty=q, at=datetime.fromisoformat(at), basis=b)
                         for q, at, b in tranches],
    )  # fmt: skip


SUPPLY = OpenSupply(
    item="E-4410", description="Seat heater control module", plants=["LKS"],
    po_lines=[
        _line("PO-7819", [(3600, "2026-03-09T10:00:00+00:00", "confirmed")]),
        _line("PO-7781", [(400, "2026-03-03T11:00:00+00:00", "confirmed"),
                          (600, "2026-03-03T11:00:00+00:00", "unconfirmed")]),
    ],
)  # fmt: skip
OBSERVED = [Observation("open_supply_for_item", {"item": "E-4410"},
                        {"ok": True, "data": SUPPLY.model_dump(mode="json")})]  # fmt: skip


@pytest.mark.parametrize(
    "said",
    ["and the one after that?", "what about the next one after?", "2nd delivery?",
     "the one after", "second shipment?", "whats after that", "and the following one?",
     "next one after that pls", "whens the 2nd one"],
)  # fmt: skip
def test_a_later_delivery_keeps_the_threads_item(said: str) -> None:
    plan = plan_turn(said, AFTER_ITEM, VOCAB)
    assert plan.calls == [("open_supply_for_item", {"item": "E-4410"})]
    assert plan.focus.get("receipt") == "2"


def test_after_a_pos_delivery_the_next_receipt_is_the_one_after_that_po() -> None:
    plan = plan_turn("and the one after that?", AFTER_PO, VOCAB)
    assert plan.calls == [("open_supply_for_item", {"item": "E-4410"})]
    assert plan.focus == {"receipt_after": "PO-7781"}


def test_each_further_ask_counts_on_from_the_receipt_answered_last() -> None:
    again = Recall(item="E-4410", intent="open_supply", receipt=2,
                   calls=(("open_supply_for_item", {"item": "E-4410"}),))  # fmt: skip
    assert plan_turn("and after that one?", again, VOCAB).focus == {"receipt": "3"}


def test_receipts_are_in_time_order_one_per_line_and_time() -> None:
    found = receipts_of(SUPPLY)
    assert [(r.po_line, dict(r.qty)) for r in found] == [
        ("PO-7781/1", {"confirmed": 400, "unconfirmed": 600}),
        ("PO-7819/1", {"confirmed": 3600}),
    ]


def test_the_answer_names_the_receipt_asked_for_and_the_one_before_it() -> None:
    text = receipt_sentence(OBSERVED, {"receipt": "2"}, ZONES)
    assert text.startswith("After PO-7781/1 (Tue 2026-03-03 06:00)")
    assert "PO-7819/1 from Voltaic Components: 3,600 confirmed for Mon 2026-03-09 06:00" in text
    assert receipt_sentence(OBSERVED, {"receipt_after": "PO-7781"}, ZONES) == text
    assert answered_receipt(OBSERVED, {"receipt": "2"}) == 2


def test_past_the_last_receipt_the_answer_says_there_is_none() -> None:
    text = receipt_sentence(OBSERVED, {"receipt": "3"}, ZONES)
    assert text.startswith("No further scheduled receipt of E-4410")
    assert answered_receipt(OBSERVED, {"receipt": "3"}) is None


def test_the_next_delivery_asked_first_leads_with_the_first_receipt() -> None:
    plan = plan_turn("when is the next heater module delivery?", Recall(), VOCAB)
    assert plan.focus.get("receipt") == "1"
    first = receipt_sentence(OBSERVED, plan.focus, ZONES)
    assert "PO-7781/1 from Voltaic Components: 400 confirmed, 600 unconfirmed" in first


def test_an_action_on_the_one_after_that_asks_which_po_and_proposes_nothing() -> None:
    plan: Any = plan_turn("move the one after that to friday", AFTER_PO, VOCAB)
    assert plan.intent == "clarify" and not plan.calls


def test_after_a_shortage_the_one_after_that_is_no_delivery() -> None:
    asked = ("shortages", {"item": "E-4410", "horizon": "14d"})
    after_shortage = Recall(item="E-4410", intent="shortages", calls=(asked,))
    plan = plan_turn("and the one after that?", after_shortage, VOCAB)
    assert "receipt" not in plan.focus
