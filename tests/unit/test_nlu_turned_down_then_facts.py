"""An action turned down and only facts asked instead ('don't expedite anything, just tell me the
on hand of E-4410 and when the next delivery lands'): each ask after it is answered, with what
the turned-down clause named; nothing about the action is read, and nothing is proposed."""

from __future__ import annotations

from agent.offline.acts import clauses, dialogue_act
from agent.offline.intents import Recall, plan_turn
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()
ABOUT_ACTIONS = {"expedite_quote", "approval_rule", "explain_po_risk"}


def tools(text: str) -> list[str]:
    return [name for name, _ in plan_turn(text, Recall(), VOCAB).calls]


def test_what_is_asked_instead_is_a_clause_of_its_own() -> None:
    assert clauses("don't expedite anything, just tell me the on hand of E-4410 and when the "
                   "next delivery lands") == [  # fmt: skip
        "don't expedite anything", "just tell me the on hand of E-4410",
        "when the next delivery lands",
    ]  # fmt: skip
    assert clauses("dont book anything - all i need is the on hand for T-3105 and the next "
                   "delivery") == [  # fmt: skip
        "dont book anything", "all i need is the on hand for T-3105", "the next delivery",
    ]  # fmt: skip
    # "instead" after the turned-down action is another action, as before
    assert clauses("don't expedite PO-7781, escalate to Voltaic instead") == [
        "don't expedite PO-7781", "escalate to Voltaic instead",
    ]  # fmt: skip


def test_each_ask_is_answered_and_nothing_about_the_action_is_read() -> None:
    for text, wanted in (
        ("don't expedite anything, just tell me the on hand of E-4410 and when the next "
         "delivery lands", {"open_supply_for_item"}),
        ("no need to chase anyone, just what's on hand for foam and when's the next truck",
         {"lookup_item", "open_supply_for_item"}),
        ("don't escalate, i only need the stock of the heater modules and the next receipt",
         {"lookup_item", "open_supply_for_item"}),
    ):  # fmt: skip
        plan = plan_turn(text, Recall(), VOCAB)
        assert dialogue_act(text) == "negate"
        assert wanted <= {name for name, _ in plan.calls}, text
        assert not ABOUT_ACTIONS & set(tools(text)), (text, plan.calls)
        assert plan.focus.get("not_proposed") == "negate"


def test_the_asks_after_it_are_about_what_it_named() -> None:
    plan = plan_turn("don't expedite the heater modules, just tell me when the next delivery "
                     "lands", Recall(), VOCAB)  # fmt: skip
    assert plan.calls == [("open_supply_for_item", {"item": "E-4410"})]
    assert plan.focus.get("receipt") == "1"


def test_a_negation_with_nothing_asked_instead_still_gets_the_actions_facts() -> None:
    assert "expedite_quote" in tools("don't expedite PO-7781, what happens if we wait?")
