"""An action named and held back in the same message gets its facts and no proposal; the offer
stays, so a later "ok propose it" makes it."""

from __future__ import annotations

import pytest

from agent.offline.acts import dialogue_act
from agent.offline.guard import is_propose
from agent.offline.hold_back import holds_back, only_holds_back
from agent.offline.intents import plan_turn
from agent.offline.planners import Recall
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()


@pytest.mark.parametrize(
    "text",
    ["dont submit anything just tell me options", "air it. dont actually book it",
     "nothing official yet", "no proposals please", "hold off on submitting, what are my options",
     "just looking, resequence seat1", "don't raise it yet", "dont go and propose anything"],
)  # fmt: skip
def test_holding_a_proposal_back_is_heard(text: str) -> None:
    assert holds_back(text)


@pytest.mark.parametrize(
    "text",
    ["resequence seat1 pls", "just looking at the foam, when does it land?", "don't expedite it",
     "no proposal is pending?", "do it", "dont email them, draft it", "book the air freight",
     "expedite PO-7781 and dont do anything else"],
)  # fmt: skip
def test_orders_and_plain_negations_are_not_a_hold_back(text: str) -> None:
    assert not holds_back(text)


def test_a_clause_that_only_holds_back_is_told_from_one_that_asks_more() -> None:
    assert only_holds_back("dont submit anything just tell me options")
    assert only_holds_back("but nothing official yet")
    assert not only_holds_back("dont submit anything, when does the foam land?")


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("can we resequence SEAT1 to avoid the heater-module gap? dont submit anything just tell "
         "me options", ["resequence_preview", "approval_rule"]),
        ("resequence the door line, nothing official yet", ["resequence_preview", "approval_rule"]),
        ("air the 7781. dont actually book it", ["expedite_quote"]),
        ("expedite PO-7781 but no proposals yet, just the cost", ["expedite_quote"]),
    ],
)  # fmt: skip
def test_an_action_held_back_gets_its_facts_and_the_offer_stays(
    text: str, facts: list[str]
) -> None:
    plan = plan_turn(text, Recall(), VOCAB)
    assert dialogue_act(text) == "negate"
    assert [name for name, _ in plan.calls] == facts
    assert plan.focus["not_proposed"] == "negate"
    assert plan.offer is not None and is_propose(plan.offer[0])


def test_after_a_hold_back_a_yes_proposes_what_was_weighed() -> None:
    first = plan_turn("air the 7781. dont actually book it", Recall(), VOCAB)
    assert first.offer is not None
    offer = {"tool": first.offer[0], "args": first.offer[1]}
    then = plan_turn("ok propose it", Recall(offer=offer, po_number="PO-7781"), VOCAB)
    assert [name for name, _ in then.calls] == ["expedite_po"]


def test_a_hold_back_alone_says_nothing_was_done() -> None:
    plan = plan_turn("dont submit anything just tell me options", Recall(), VOCAB)
    assert plan.calls == [] and plan.reply and "not proposed anything" in plan.reply
