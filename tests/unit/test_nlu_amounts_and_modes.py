"""Money and quantities beside an action are slots, never PO numbers: a bare number is a PO only
where no money or quantity reading fits and that PO exists ('the 6800 air on 7781' expedites
PO-7781, PO-6800 being a real PO elsewhere); a number named by its freight ('the 6800 air') is
the line's quantity if it is one of the line's, else the quote's price. Two modes named ('by air
vs truck') quote both."""

from __future__ import annotations

from dataclasses import replace

from agent.offline.intents import Recall, plan_turn
from agent.offline.mentions import find_mentions
from agent.offline.planners import Pending
from agent.offline.resolve import action_call
from agent.offline.slots import money_in, not_ids
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()
assert "PO-6800" in VOCAB.po_plants  # a real PO of the demo (SAL), so '6800' could be read as it


def test_a_price_or_a_quantity_beside_the_action_is_never_a_po() -> None:
    m = find_mentions("the 6800 air on 7781, book it", VOCAB)
    assert m.po_numbers == ["PO-7781"] and m.amounts == [6800.0] and m.quantities == []
    assert find_mentions("book the $6,800 expedite on 7781", VOCAB).po_numbers == ["PO-7781"]
    assert find_mentions("expedite the 6800 pcs of 7781", VOCAB).po_numbers == ["PO-7781"]
    assert find_mentions("why is 6800 late?", VOCAB).po_numbers == ["PO-6800"]  # no other reading
    assert {"6800"} <= not_ids("it costs 6800") and not not_ids("why is 7781 risky")


def test_a_price_without_its_dollar_sign_is_money() -> None:
    assert money_in("who approves if it costs 6800") == [6800.0]
    assert money_in("they quoted 6,800 for air") == [6800.0]
    assert money_in("it costs 3 days") == []


def test_the_number_named_by_its_freight_is_the_lines_quantity_or_else_money() -> None:
    plan = plan_turn("the 6800 air on 7781, book it", Recall(), VOCAB)
    assert plan.calls == [("po_lines_by_impact", {"horizon": "14d", "po_number": "PO-7781"})]
    assert plan.then is not None and plan.then.amount == 6800.0
    row = {"po_number": "PO-7781", "line_no": 1, "open_qty": 1000.0, "confirmed_qty": 400.0}
    pending = Pending("expedite_po", {"mode": "air"}, amount=6800.0)
    assert action_call(pending, row) == ("expedite_po", {"po_number": "PO-7781", "mode": "air"})
    assert action_call(replace(pending, amount=600.0), row) == (
        "expedite_po",
        {"po_number": "PO-7781", "mode": "air", "qty": 600.0},
    )


def test_two_modes_named_quote_both_one_named_quotes_that_one() -> None:
    both = plan_turn("what would it cost by air vs truck for PO-7781", Recall(), VOCAB)
    assert both.calls == [("expedite_quote", {"po_number": "PO-7781"})]  # the tool quotes both
    one = plan_turn("what would air cost for PO-7781", Recall(), VOCAB)
    assert one.calls == [("expedite_quote", {"po_number": "PO-7781", "mode": "air"})]
    truck = plan_turn("whats the truck option cost on 7781", Recall(), VOCAB)
    assert truck.calls == [("expedite_quote", {"po_number": "PO-7781", "mode": "truck"})]
