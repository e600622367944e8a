"""What-if supply in people's words, 'how bad is it' about a part, and line hours by item."""

from __future__ import annotations

import pytest

from agent.offline.intents import Recall, plan_turn
from agent.offline.slots import supply_policy_in
from tests.support.nlu_suite import load_suite


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        ("if we count voltaic's unconfirmed qty as supply, is E-4410 still short?",
         {"include_unconfirmed": True}),
        ("shortages including unconfirmed supply", {"include_unconfirmed": True}),
        ("what if the unconfirmed 600 arrives on time", {"include_unconfirmed": True}),
        ("is T-3105 short if the quality hold is released", {"include_held": True}),
        ("shortages using held stock and unconfirmed POs",
         {"include_unconfirmed": True, "include_held": True}),
        ("shortages without the unconfirmed qty", {}),
        ("don't count the held stock", {}),
        ("how much of PO-7781 is unconfirmed?", {}),  # asks about it, assumes nothing
        ("when do we get the held shipment", {}),  # a shipment held at a hub is no held stock
        ("what's short at LKS", {}),
    ],
)  # fmt: skip
def test_the_supply_a_question_asks_to_count(text: str, policy: dict[str, bool]) -> None:
    assert supply_policy_in(text) == policy


def test_a_what_if_shortage_question_projects_with_that_supply() -> None:
    vocab, _ = load_suite()
    plan = plan_turn("if we count voltaic's unconfirmed qty as supply, is E-4410 still short?",
                     Recall(), vocab)  # fmt: skip
    assert plan.calls == [
        ("shortages", {"horizon": "14d", "item": "E-4410", "include_unconfirmed": True})
    ]


@pytest.mark.parametrize("text", ["heater control modules - how bad is it", "how bad is seat1"])
def test_how_bad_is_it_about_a_part_or_a_line_asks_for_its_shortages(text: str) -> None:
    vocab, _ = load_suite()
    assert plan_turn(text, Recall(), vocab).intent == "shortages"


def test_how_bad_about_a_po_or_a_supplier_stays_their_risk_and_record() -> None:
    vocab, _ = load_suite()
    assert plan_turn("how bad is PO-7781", Recall(), vocab).intent == "po_risk"
    assert plan_turn("how bad is voltaic", Recall(), vocab).intent == "supplier_performance"


def test_line_hours_at_risk_name_the_items_they_come_from() -> None:
    vocab, _ = load_suite()
    plan = plan_turn("how many line hours are at risk at lakeside in the next two weeks?",
                     Recall(), vocab)  # fmt: skip
    assert plan.calls == [
        ("kpi_query", {"metric": "line_stop_risk_hours", "plant": "LKS", "group_by": "item",
                       "period": "next 2 weeks"})
    ]  # fmt: skip
    by_plant = plan_turn("line-stop risk hours by plant", Recall(), vocab)
    assert by_plant.calls[0][1]["group_by"] == "plant"  # a grouping asked for is kept
