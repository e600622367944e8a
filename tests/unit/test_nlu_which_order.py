"""'Move the order to next week' with no order known asks which order (a PO line or a work order)
before any role is refused; an order named, or one the thread was about, is moved as before."""

from __future__ import annotations

from agent.offline.intents import Recall, plan_turn
from agent.offline.roles import Permits
from agent.offline.which_order import WHICH_ORDER
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()
PLANNER = Permits("planner", {"request_po_date_change": ("buyer", "plant_manager")}, ("LKS",))


def test_the_order_with_nothing_to_say_which_is_asked_back() -> None:
    for text in ("move the order to next week", "push that order back a day",
                 "can we move our order out to next wk?", "bump the order to friday"):  # fmt: skip
        plan = plan_turn(text, Recall(), VOCAB)
        assert plan.reply == WHICH_ORDER and not plan.calls, (text, plan)


def test_the_question_comes_before_a_planners_role_refusal() -> None:
    plan = plan_turn("move the order to next week", Recall(), VOCAB, PLANNER)
    assert plan.reply == WHICH_ORDER and not plan.declined


def test_a_planner_who_names_a_po_still_gets_the_role_refusal() -> None:
    plan = plan_turn("move PO-7795 to friday", Recall(), VOCAB, PLANNER)
    assert plan.intent == "declined_for_role" and plan.reply is not None
    assert plan.reply.startswith("As a planner you can't ask for a PO date change")


def test_an_order_named_or_the_threads_own_is_no_question() -> None:
    named = plan_turn("move the foam order to friday", Recall(), VOCAB)
    assert named.reply != WHICH_ORDER and named.then is not None
    recalled = plan_turn("move the order to friday", Recall(po_number="PO-7795"), VOCAB)
    assert [name for name, _ in recalled.calls] == ["request_po_date_change"]
