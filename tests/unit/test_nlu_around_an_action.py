"""Asks around an action weighed: what a resequence would do (previewed, never proposed), its
supplier supposed to confirm the rest, when a shortage ends, what happens if nobody answers, and
approving a draft in chat words. The planner's own "can we resequence ...?" still proposes."""

from __future__ import annotations

import pytest

from agent.offline.acts import dialogue_act
from agent.offline.approver_answer import unanswered
from agent.offline.guard import is_propose
from agent.offline.intents import plan_turn
from agent.offline.planners import Recall
from agent.offline.supply_in_full import arrives_in_full
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()


def test_a_question_about_a_resequence_previews_it_and_keeps_the_offer() -> None:
    text = "what would a resequence of the door line do?"
    plan = plan_turn(text, Recall(), VOCAB)
    assert dialogue_act(text) == "hypothesise"
    assert [n for n, _ in plan.calls] == ["resequence_preview", "approval_rule"]
    assert plan.offer is not None and plan.offer[0] == "propose_resequence"


@pytest.mark.parametrize(
    "text",
    ["can we resequence SEAT1 to avoid the heater-module gap?", "resequence seat1 pls",
     "can you resequence seat1 pls"],
)  # fmt: skip
def test_the_planners_own_ask_and_an_order_propose(text: str) -> None:
    plan = plan_turn(text, Recall(), VOCAB)
    assert [n for n, _ in plan.calls if is_propose(n)] == ["propose_resequence"]


def test_supposing_the_supplier_confirms_the_rest_counts_the_unconfirmed() -> None:
    assert arrives_in_full("what if voltaic confirms the other 600 today")
    assert not arrives_in_full("what if voltaic doesnt confirm the rest")
    plan = plan_turn("what if voltaic confirms the other 600 today", Recall(), VOCAB)
    assert plan.calls[0] == ("shortages", {"horizon": "14d", "include_unconfirmed": True})


def test_when_we_are_whole_again_is_the_threads_items_shortage() -> None:
    recall = Recall(item="E-4410", supplier="VOLTAIC")
    plan = plan_turn("and if they dont, when r we whole again", recall, VOCAB)
    assert plan.calls == [("shortages", {"horizon": "14d", "item": "E-4410"})]


def test_nobody_answering_a_priced_expedite_reads_its_rule_and_says_the_expiry() -> None:
    quoted = Recall(po_number="PO-7781",
                    offer={"tool": "expedite_po", "args": {"po_number": "PO-7781"}})  # fmt: skip
    plan = plan_turn("and if nobody answers?", quoted, VOCAB)
    assert plan.calls[0] == ("approval_rule", {"kind": "expedite_po", "po_number": "PO-7781"})
    said = unanswered({"applies": {"expires_after_hours": 24}}, "expedite_po")
    assert said is not None and said.startswith("If nobody answers an expedite proposal, it ")
    assert "24 h" in said and "denied by default" in said
    assert unanswered({"applies": {}}, "expedite_po") is None


@pytest.mark.parametrize(
    "text", ["looks good send it", "lgtm, fire it off", "looks great, send it off"]
)
def test_approving_a_draft_in_chat_words_is_a_decision_declined(text: str) -> None:
    plan = plan_turn(text, Recall(proposal="AP-000002"), VOCAB)
    # Refused (no write), with the thread's proposal read to say who confirms it and how.
    assert plan.intent == "approve_in_chat" and plan.act == "decide"
    assert plan.calls == [("pending_proposals", {"status": "pending"})]
    assert plan.focus.get("proposal") == "AP-000002" and "Lineside only proposes" in plan.asks[0]


def test_cant_i_approve_it_myself_is_the_rule_read_for_me() -> None:
    plan = plan_turn("cant i just approve it myself, its urgent", Recall(proposal="AP-000001"),
                     VOCAB)  # fmt: skip
    assert plan.calls == [("approval_rule", {"proposal_id": "AP-000001"})]
