"""A negation inside the goal of a request ('resequence the seat line so we don't start the
orion runs short') is what the request is for, not the user turning it down; only a negation
that governs the action ('don't resequence yet', 'no need to chase them') declines it. Whom a
proposal is put in for ('propose it for priya') is its approver: a request, not a decision."""

from __future__ import annotations

from agent.offline.acts import clause_act, dialogue_act
from agent.offline.guard import is_propose
from agent.offline.intents import Recall, plan_turn
from agent.offline.negation_scope import governed
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()


def _proposed(text: str, recall: Recall | None = None) -> list[str]:
    return [n for n, _ in plan_turn(text, recall or Recall(), VOCAB).calls if is_propose(n)]


def test_the_governed_part_ends_where_the_goal_starts() -> None:
    assert governed("resequence seat1 so we don't start orion short") == "resequence seat1"
    assert governed("air them, otherwise the line stops") == "air them"
    assert governed("chase them because we don't have enough") == "chase them"
    assert governed("don't resequence yet") == "don't resequence yet"
    assert governed("so we don't stop") == "so we don't stop"  # nothing before it to govern


def test_a_goal_with_a_negation_is_still_a_request() -> None:
    text = "resequence the seat line so we don't start the orion runs while the modules are short"
    assert dialogue_act(text) == "request"
    assert _proposed(text) == ["propose_resequence"]
    assert clause_act("expedite PO-7781 so we're not caught short wed") == "request"
    assert _proposed("air the 600 on PO-7781 so the line doesn't stop") == ["expedite_po"]


def test_a_negation_of_the_action_itself_declines_it() -> None:
    for text in ("don't resequence yet", "no need to chase them",
                 "don't resequence seat1 so we can see what voltaic says first"):  # fmt: skip
        assert dialogue_act(text) == "negate", text
        assert not _proposed(text, Recall(supplier="VOLTAIC")), text


def test_put_in_for_an_approver_is_a_yes_to_the_offer() -> None:
    offer = {"tool": "expedite_po", "args": {"po_number": "PO-7781", "mode": "air"}}
    recall = Recall(po_number="PO-7781", offer=offer)
    for text in ("propose it for priya", "ok put it in for priya", "submit it for her approval",
                 "submit it for priya to approve"):  # fmt: skip
        assert clause_act(text) == "request", text
        assert _proposed(text, recall) == ["expedite_po"], text
    assert clause_act("approve it for priya") == "decide"  # deciding for her is still refused
