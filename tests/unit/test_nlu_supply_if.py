"""A supply supposed missing ('say Voltaic never sends the 600 they haven't confirmed: which jobs
go short and when?') is a what-if, never a "don't": the shortages under the policy that leaves
unconfirmed quantities out (the WOs hit), with the open lines of the supplier or PO named;
nothing proposed, nothing searched in the correspondence."""

from __future__ import annotations

from agent.offline.acts import dialogue_act
from agent.offline.guard import is_propose
from agent.offline.intents import Recall, plan_turn
from agent.offline.slots import supply_policy_in
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()


def test_a_supply_supposed_missing_is_a_hypothesis() -> None:
    assert dialogue_act("say voltaic never sends the 600 they haven't confirmed") == "hypothesise"
    assert dialogue_act("if they don't ship the rest, what stops?") == "hypothesise"
    assert dialogue_act("don't send anything to voltaic") == "negate"


def test_not_counting_what_never_comes() -> None:
    assert supply_policy_in("if voltaic doesn't ship the unconfirmed 600") == {}
    assert supply_policy_in("assume the unconfirmed qty never shows up") == {}
    assert supply_policy_in("if the unconfirmed qty shows up") == {"include_unconfirmed": True}
    assert supply_policy_in("if we count the unconfirmed qty") == {"include_unconfirmed": True}


def test_the_shortages_without_unconfirmed_supply_and_the_suppliers_lines() -> None:
    text = "say voltaic never sends the 600 they haven't confirmed: which jobs go short and when?"
    plan = plan_turn(text, Recall(), VOCAB)
    assert plan.calls == [
        ("shortages", {"horizon": "14d", "include_unconfirmed": False}),
        ("po_lines_by_impact", {"horizon": "14d", "supplier": "VOLTAIC"}),
    ]
    item = plan_turn("what if the unconfirmed heater modules never come, which WOs are hit",
                     Recall(), VOCAB)  # fmt: skip
    assert item.calls == [
        ("shortages", {"horizon": "14d", "include_unconfirmed": False, "item": "E-4410"})
    ]
    assert not any(is_propose(n) for n, _ in plan.calls + item.calls)


def test_a_condition_before_an_order_is_not_a_projection() -> None:
    plan = plan_turn("if voltaic doesn't confirm by noon, escalate", Recall(), VOCAB)
    assert not any(n == "shortages" for n, _ in plan.calls)
