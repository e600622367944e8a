"""A person named as the approver ('does it need morgan?', 'will priya have to ok this?', 'can
sam sign that off') reads the approval rule of the action in question for that person; a
question never proposes, and a name beside no question of deciding is no approver question."""

from __future__ import annotations

from agent.offline.approver_named import approver_asked, person_named
from agent.offline.intents import Recall, plan_turn
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()
PROPOSED = Recall(proposal="AP-000001", po_number="PO-7781",
                  calls=(("expedite_po", {"po_number": "PO-7781", "mode": "air"}),))  # fmt: skip
PRICED = Recall(po_number="PO-7781", calls=(("expedite_quote", {"po_number": "PO-7781",
                                                                "mode": "air"}),))  # fmt: skip


def test_a_person_is_named_by_first_name_or_username() -> None:
    assert person_named("does it need Morgan?", VOCAB) == "morgan.lee"
    assert person_named("is it priya's call", VOCAB) == "priya.nair"
    assert person_named("ask sam.okafor", VOCAB) == "sam.okafor"
    assert person_named("does it need the plant manager", VOCAB) is None


def test_the_threads_proposal_is_read_for_the_person_asked_about() -> None:
    for text, who in (("does it need morgan?", "morgan.lee"), ("will priya have to ok this?",
                      "priya.nair"), ("can sam sign that off", "sam.okafor"),
                      ("does luis need to approve it", "luis.ortega")):  # fmt: skip
        plan = plan_turn(text, PROPOSED, VOCAB)
        assert plan.calls == [("approval_rule", {"proposal_id": "AP-000001", "person": who})]


def test_an_expedite_the_thread_priced_is_read_as_its_rule_at_that_quote() -> None:
    plan = plan_turn("would that need priya?", PRICED, VOCAB)
    assert plan.calls == [("approval_rule", {"kind": "expedite_po", "po_number": "PO-7781",
                                             "mode": "air", "person": "priya.nair"})]  # fmt: skip


def test_an_amount_or_a_kind_named_is_that_rule_for_the_person() -> None:
    plan = plan_turn("would a 30k expedite need morgan", Recall(), VOCAB)
    assert plan.calls == [("approval_rule", {"kind": "expedite_po", "cost": 30000.0,
                                             "person": "morgan.lee"})]  # fmt: skip


def test_a_name_beside_no_question_of_deciding_is_no_approver_question() -> None:
    assert approver_asked("does priya have the foam numbers", "ask", VOCAB) is None
    assert approver_asked("get priya to approve it", "request", VOCAB) is None
