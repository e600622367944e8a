"""Approving a concrete action, asked about, and a go-ahead after a quote.

A question about who would decide an action ("who'd sign off if we flew it?", "is 12k mine to
sign?") is never the user deciding, and is answered with that action's price and its one
approver; proposals left undecided expire (deny by default); a price pasted from a supplier is
compared with our own quote and never used; a short go-ahead ("ok book it", "go ahead and do
it") after a quote proposes exactly what was priced.
"""

from __future__ import annotations

from typing import Any

import pytest

from agent.offline.acts import dialogue_act, own_words
from agent.offline.approver_answer import (
    UNDECIDED_LEAD,
    pasted_price_check,
    quote_for_approver,
    rule_for_approver,
)
from agent.offline.approver_asks import asks_who_decides, leaves_undecided, recalled_action
from agent.offline.compose import Context, Observation, describe
from agent.offline.go_ahead import is_go_ahead
from agent.offline.guard import is_propose
from agent.offline.intents import Recall, plan_turn
from agent.offline.pasted_price import pasted_quote
from governance.authority import would_refuse
from governance.identity import Actor
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()
QUOTED = {"tool": "expedite_po", "args": {"po_number": "PO-7781", "mode": "air"}}
LISTED = Recall(intent="approvals", calls=(("pending_proposals", {"awaiting_my_approval": True}),))


def proposed(text: str, recall: Recall) -> list[tuple[str, dict[str, Any]]]:
    return [(n, a) for n, a in plan_turn(text, recall, VOCAB).calls if is_propose(n)]


# ---------------------------------------------------------------- a go-ahead


@pytest.mark.parametrize(
    "text",
    ["ok book it", "go ahead and do it", "yes, arrange that", "book it then",
     "go ahead and book it", "sure, set that up for me", "yes please book the air option",
     "please proceed", "lets do that then", "yep, order the flight", "fine, push it through",
     "go ahead and get it booked", "k book it", "alright make it happen", "Yes. Book it."],
)  # fmt: skip
def test_a_go_ahead_after_a_quote_proposes_exactly_what_was_priced(text: str) -> None:
    assert is_go_ahead(text) and dialogue_act(text) == "request"
    assert proposed(text, Recall(offer=QUOTED, po_number="PO-7781")) == [
        ("expedite_po", QUOTED["args"])
    ]


@pytest.mark.parametrize(
    "text",
    ["ok", "thanks", "yes", "book", "ok don't do it", "no, leave it", "book PO-7781",
     "book air for the foam", "how much to fly it?", "go ahead and book it?",
     "who would sign off on it", "do it for dana", "ok book the 600 heater modules on PO-7781"],
)  # fmt: skip
def test_anything_more_or_less_than_a_go_ahead_is_not_one(text: str) -> None:
    assert not is_go_ahead(text)


def test_an_action_named_by_its_verb_with_nothing_priced_is_a_request_about_the_threads_po() -> (
    None
):
    plan = plan_turn("expedite it", Recall(po_number="PO-7781"), VOCAB)
    assert [n for n, _ in plan.calls] == ["expedite_po"]
    assert plan_turn("go ahead and book it", Recall(), VOCAB).calls == []  # nothing to say yes to


# ---------------------------------------------------------------- asked who would decide


@pytest.mark.parametrize(
    "text",
    ["don't do anything yet - just tell me who would need to sign off on it if we flew the rest in",
     "dont do anything yet, if we flew it who'd sign off", "who'd have to sign off on it",
     "just asking, who has to ok the expedite", "would priya need to approve it?",
     "whose call is it if we fly PO-7781", "is that mine to sign?", "who gets to sign that off",
     "hypothetically who would approve flying 600 heater modules", "who signs off on that?",
     "does it need sign-off from the plant manager?", "would that be within my limit?",
     "not asking you to do anything, who'd green-light it"],
)  # fmt: skip
def test_a_question_about_who_would_decide_is_never_a_decision(text: str) -> None:
    assert asks_who_decides(text)
    assert dialogue_act(text) in ("ask", "hypothesise")
    assert not proposed(text, Recall(po_number="PO-7781"))


@pytest.mark.parametrize(
    "text", ["approve it", "sign off on everything", "approve all of them", "can you approve it?"]
)
def test_deciding_is_still_refused(text: str) -> None:
    assert dialogue_act(text) == "decide"


def test_a_concrete_expedite_is_priced_in_the_mode_it_would_be_proposed_in() -> None:
    plan = plan_turn("if we flew it who'd sign off", Recall(po_number="PO-7781"), VOCAB)
    assert plan.calls == [("expedite_quote", {"mode": "air", "po_number": "PO-7781"})]
    assert plan.focus.get("approver") == "yes"
    both = plan_turn("who'd approve PO-7781 by air or by truck?", Recall(), VOCAB)
    assert both.calls == [("expedite_quote", {"po_number": "PO-7781"})]  # each with its approver


def test_an_amount_alone_reads_each_amounts_tier() -> None:
    plan = plan_turn("if a buyer of mine wanted to air something for 12k is that mine to sign? "
                     "and at 30k?", Recall(), VOCAB)  # fmt: skip
    assert [a.get("cost") for n, a in plan.calls if n == "approval_rule"] == [12000.0, 30000.0]


def test_who_signs_that_means_the_action_the_thread_last_discussed() -> None:
    calls = (("shortages", {"line": "LKS-SEAT1"}), ("approval_rule", {"kind": "resequence"}))
    weighed = Recall(line="LKS-SEAT1", calls=calls)
    assert recalled_action(weighed) == ("resequence", {})
    plan = plan_turn("who signs off on that?", weighed, VOCAB)
    assert plan.calls == [("approval_rule", {"kind": "resequence", "line": "LKS-SEAT1"})]
    offered = Recall(offer={"tool": "draft_supplier_escalation", "args": {"po_number": "PO-7781"}})
    assert recalled_action(offered) == ("supplier_escalation", {"po_number": "PO-7781"})


# ---------------------------------------------------------------- left undecided


@pytest.mark.parametrize(
    "text",
    ["and if I leave it till tomorrow?", "what if nobody answers it", "if i sit on them?",
     "what happens if i dont get to them today", "what if I just ignore them",
     "what if i don't touch it", "n if i leave them alone over the weekend?",
     "what happens if it goes unanswered", "if nobody signs it, what then",
     "suppose i let it sit", "what if i can't get round to it before friday",
     "and if no one approves them"],
)  # fmt: skip
def test_leaving_listed_proposals_undecided_asks_for_their_expiry(text: str) -> None:
    assert leaves_undecided(text, LISTED)
    plan = plan_turn(text, LISTED, VOCAB)
    assert plan.calls == [("pending_proposals", {"status": "pending"})]
    assert dialogue_act(text) != "request"


def test_leaving_something_undecided_needs_proposals_in_the_thread_or_named() -> None:
    assert not leaves_undecided("what if i leave it till tomorrow", Recall())
    assert leaves_undecided("what if nobody answers the proposal", Recall())


def test_the_undecided_answer_says_each_expires_denied_by_default() -> None:
    row = {"id": "AP-000001", "kind": "expedite_po", "status": "pending", "plant_code": "LKS",
           "requested_by": "dana.kim", "cost": 6800.0, "required_role": "plant_manager",
           "four_eyes": True, "expires_at": "2026-03-03T11:00:00+00:00",
           "expected_effect": "600 E-4410 by air"}  # fmt: skip
    obs = Observation("pending_proposals", {"status": "pending"}, {"ok": True, "data": [row]})
    text = describe(obs, Context(intent="proposal_facts",
                                 timezones={"LKS": "America/Detroit"}))  # fmt: skip
    assert text.startswith(UNDECIDED_LEAD) and "expires Tue 2026-03-03 06:00" in text


# ---------------------------------------------------------------- the answer: price, one approver


QUOTE = {
    "po_number": "PO-7781", "line_no": 1, "item": "E-4410", "qty": 600.0,
    "options": [{"mode": "air", "qty": 600.0, "cost": 6800.0, "basis": "quote from Skyline",
                 "approver_role": "plant_manager", "four_eyes": True,
                 "approver": "the plant manager (not the requester)",
                 "you": {"username": "dana.kim", "role": "buyer", "may_confirm_own": False,
                         "may_approve_others": False}}],
    "without_expedite": {"item": "E-4410", "first_short_at": "Wed 2026-03-04 06:00",
                         "qty_short": 30.0},
    "existing_proposals": [],
}  # fmt: skip


def test_a_quote_for_an_approver_names_the_price_and_the_one_approver() -> None:
    text = quote_for_approver(QUOTE) or ""
    assert text.startswith("Air expedite of 600 E-4410 on PO-7781/1: $6,800.00")
    assert (
        "so the plant manager (not the requester) approves it, not you (dana.kim, a buyer)" in text
    )
    assert "Without it, E-4410 is first short Wed 2026-03-04 06:00 (30 short)." in text


def test_an_amount_answer_names_its_tier_and_the_askers_part() -> None:
    tiers = [{"up_to": 5000.0}, {"up_to": 25000.0}, {"up_to": None}]
    manager = {"username": "priya.nair", "role": "plant_manager", "may_confirm_own": False,
               "may_approve_others": True}  # fmt: skip
    data = {"cost": 12000.0, "tiers": tiers, "you": manager,
            "applies": {"approver": "the plant manager (not the requester)"}}  # fmt: skip
    text = rule_for_approver(data) or ""
    assert text.startswith("At $12,000.00: the plant manager (not the requester) (the tier up to "
                           "$25,000).")  # fmt: skip
    assert "yours to approve (priya.nair, the plant manager)" in text
    above = {**data, "cost": 30000.0, "applies": {"approver": "an executive (not the requester)"},
             "you": {**manager, "may_approve_others": False}}  # fmt: skip
    assert rule_for_approver(above) == (
        "At $30,000.00: an executive (not the requester) (above $25,000), not you (priya.nair, "
        "the plant manager)."
    )
    assert rule_for_approver({**data, "proposal": {"id": "AP-000001"}}) is None


def test_governance_says_who_could_decide_an_action_not_raised_yet() -> None:
    dana = Actor("dana.kim", "buyer", ("LKS",), (), 5000.0)
    priya = Actor("priya.nair", "plant_manager", ("LKS",), (), 25000.0)
    assert would_refuse(dana, "LKS", "expedite_po", 4000, "requester", False,
                        requested_by="dana.kim") is None  # fmt: skip
    assert would_refuse(dana, "LKS", "expedite_po", 6800, "plant_manager", True,
                        requested_by="dana.kim") is not None  # fmt: skip
    assert would_refuse(priya, "LKS", "expedite_po", 12000, "plant_manager", True,
                        requested_by=None) is None  # fmt: skip
    assert would_refuse(priya, "LKS", "expedite_po", 30000, "executive", True,
                        requested_by=None) is not None  # fmt: skip
    assert would_refuse(priya, "SAL", "expedite_po", 100, "plant_manager", True,
                        requested_by=None) is not None  # out of her plants  # fmt: skip


# ---------------------------------------------------------------- a pasted price


@pytest.mark.parametrize(
    "text",
    ['voltaic sent this: "we can air the remaining 600 modules for USD 4,200, please confirm by '
     'noon" is that the figure our system has for PO-7781? could I sign it off myself?',
     "> We can fly the remaining 600 pcs for USD 4,200\nis that our number for po-7781?",
     "Dana, voltaic replied:\n> Hot-shot by air on PO 7781 would be USD 7,100\ndoes our system "
     "agree with that number",
     "is this price legit?\nFrom: sales@voltaic.example\nSubject: PO-7781 expedite\nAir charter "
     "for the open 600: $3,900. Please approve today."],
)  # fmt: skip
def test_a_pasted_price_gets_our_own_quote_and_no_proposal(text: str) -> None:
    plan = plan_turn(text, Recall(), VOCAB)
    assert [n for n, _ in plan.calls] == ["expedite_quote"]
    assert plan.calls[0][1]["po_number"] == "PO-7781"
    assert "qty" not in plan.calls[0][1]  # the pasted quantity is not ours
    assert plan.focus.get("pasted") == "yes"


def test_a_pasted_price_is_compared_never_stated() -> None:
    words = own_words('they wrote "air for PO-7781 is $4,200" - is that our figure?')
    plan = pasted_quote(words.own, words.quoted, VOCAB)
    assert plan is not None and plan.focus["pasted_amounts"] == "4200"
    differs = pasted_price_check(QUOTE, "4200")
    assert "does not match" in differs and "4,200" not in differs
    assert "agrees" in pasted_price_check(QUOTE, "6800")
    assert pasted_quote("what does this mean?", "ship by air Tuesday", VOCAB) is None  # no price


def test_an_action_the_role_could_not_ask_for_is_still_that_actions_rule_next_turn() -> None:
    from langchain_core.messages import AIMessage, HumanMessage

    from agent.offline.model import NOTE_KEY, recall_from
    from agent.offline.roles import Permits
    from agent.prompts import DECLINED_KEY

    buyer = Permits("buyer", {"propose_resequence": ["planner", "plant_manager"]})
    refused = plan_turn("resequence SEAT1 to get around the heater module gap", Recall(), VOCAB,
                        buyer)  # fmt: skip
    assert refused.declined == (("propose_resequence", {"line": "LKS-SEAT1"}),)
    note = {"intent": "declined_for_role", "act": "request", "then": None, "choices": []}
    asked = [{"tool": "propose_resequence", "args": {"line": "LKS-SEAT1"}}]
    reply = AIMessage(content="As a buyer you can't ...",
                      additional_kwargs={NOTE_KEY: note, DECLINED_KEY: asked})  # fmt: skip
    recall = recall_from([HumanMessage(content="resequence SEAT1"), reply])
    assert recall.declined == (("propose_resequence", {"line": "LKS-SEAT1"}),)
    plan = plan_turn("who signs off on that?", recall, VOCAB)
    assert plan.calls == [("approval_rule", {"kind": "resequence", "line": "LKS-SEAT1"})]
