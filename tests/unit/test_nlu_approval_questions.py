"""Questions about approving: the thread's own proposal (may I decide it? who must? what happens
if nobody does?) and an amount with no PO (who approves 30k?) read the approval rule and the
proposal's data, and never raise a proposal."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from agent.offline.compose import Context, Observation, describe
from agent.offline.guard import is_propose
from agent.offline.intents import Recall, plan_turn
from agent.offline.mentions import find_mentions
from agent.offline.model import _proposal_read
from agent.offline.planners import thread_proposal
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()
EXPEDITED = Recall(
    po_number="PO-7781",
    proposal="AP-000001",
    calls=(("expedite_po", {"po_number": "PO-7781", "mode": "air"}),),
)


def _proposal_of(text: str, recall: Recall) -> str | None:
    m = find_mentions(text, VOCAB)
    return thread_proposal(text, m, recall, None)


@pytest.mark.parametrize(
    "text",
    ["why can't I approve that myself?", "how come I can't sign off on it", "does priya have to "
     "ok it?", "does it need the plant manager?", "can I send that myself?", "whose desk does it "
     "land on"],
)  # fmt: skip
def test_a_question_about_deciding_the_threads_proposal_reads_that_proposal(text: str) -> None:
    plan = plan_turn(text, EXPEDITED, VOCAB)
    # 'does priya have to ok it?' reads it for priya too (`person`): the proposal is the same
    assert [(name, a.get("proposal_id")) for name, a in plan.calls] == [
        ("approval_rule", "AP-000001")
    ]
    assert plan.act != "request" and not any(is_propose(name) for name, _ in plan.calls)


def test_the_thread_proposal_is_the_one_named_else_the_one_the_last_turn_raised_or_read() -> None:
    assert _proposal_of("can i ok AP-000007 myself", EXPEDITED) == "AP-000007"
    assert _proposal_of("who has to sign that off?", EXPEDITED) == "AP-000001"
    listed = Recall(proposal="AP-000005", calls=(("pending_proposals", {}),))
    assert _proposal_of("can I approve it?", listed) == "AP-000005"
    # A quote since then is what "that" means: its approvers, not the older proposal's.
    priced = Recall(proposal="AP-000001", calls=(("expedite_quote", {"po_number": "PO-7790"}),))
    assert _proposal_of("who has to sign that off?", priced) is None
    assert _proposal_of("who has to sign that off?", Recall()) is None


@pytest.mark.parametrize(
    "text",
    ["who approves $30,000 of air freight", "who approves a PO date change",
     "who approves the PO-7790 expedite", "who approves an escalation to polyform"],
)  # fmt: skip
def test_an_amount_a_po_a_supplier_or_another_action_is_not_the_threads_proposal(text: str) -> None:
    plan = plan_turn(text, EXPEDITED, VOCAB)
    assert not any(a.get("proposal_id") for _, a in plan.calls), plan.calls


@pytest.mark.parametrize(
    ("text", "args"),
    [
        ("30k expedite who signs", {"kind": "expedite_po", "cost": 30000.0}),
        ("who'd have to ok a $12,000 air shipment", {"kind": "expedite_po", "cost": 12000.0}),
        ("anything over 25k goes to who?", {"kind": "expedite_po", "cost": 25000.0,
                                            "above": True}),
    ],
)  # fmt: skip
def test_a_hypothetical_amount_reads_the_rule_at_that_cost(text: str, args: dict[str, Any]) -> None:
    for recall in (Recall(), Recall(po_number="PO-7781", calls=(("explain_po_risk", {}),))):
        plan = plan_turn(text, recall, VOCAB)
        assert plan.intent == "approval_rule" and plan.calls == [("approval_rule", args)]


@pytest.mark.parametrize("text", ["what does AP-000001 want from me", "when does AP-000001 expire"])
def test_what_a_named_proposal_asks_reads_that_proposal(text: str) -> None:
    plan = plan_turn(text, Recall(), VOCAB)
    assert (plan.intent, plan.calls) == (
        "proposal_facts", [("approval_rule", {"proposal_id": "AP-000001"})]
    )  # fmt: skip


@pytest.mark.parametrize(
    "text", ["if I ignore it what happens", "does it expire?", "what if no one approves it"]
)
def test_what_happens_unanswered_reads_the_threads_proposal_else_every_pending_one(
    text: str,
) -> None:
    read = Recall(proposal="AP-000003", calls=(("approval_rule", {"proposal_id": "AP-000003"}),))
    assert plan_turn(text, read, VOCAB).calls == [("approval_rule", {"proposal_id": "AP-000003"})]
    assert plan_turn(text, Recall(), VOCAB).calls == [("pending_proposals", {"status": "pending"})]


def _listed(pid: str) -> dict[str, Any]:
    t = datetime(2026, 3, 2, 11, tzinfo=UTC).isoformat()
    return {"id": pid, "kind": "expedite_po", "status": "pending", "required_role": "plant_manager",
            "four_eyes": True, "cost": 6800.0, "plant_code": "LKS", "expires_at":
            datetime(2026, 3, 3, 11, tzinfo=UTC).isoformat(), "requested_by": "dana.kim",
            "created_at": t, "rationale": "", "expected_effect": "600 E-4410 move by air",
            "cited_facts": [], "payload": {}}  # fmt: skip


def test_a_read_of_one_proposal_is_the_threads_proposal_next_turn() -> None:
    assert _proposal_read([_listed("AP-000004")]) == "AP-000004"
    assert _proposal_read([_listed("AP-000004"), _listed("AP-000005")]) is None
    assert _proposal_read({"kind": "expedite_po", "proposal": {"id": "AP-000006"}}) == "AP-000006"
    assert _proposal_read({"kind": "expedite_po", "tiers": []}) is None


def test_a_pending_proposal_is_listed_with_its_expiry_on_its_plants_clock() -> None:
    obs = Observation("pending_proposals", {}, {"ok": True, "data": [_listed("AP-000004")],
                      "summary": "1 proposal(s) pending: ..."})  # fmt: skip
    text = describe(obs, Context(intent="approvals", timezones={"LKS": "America/Detroit"}))
    assert "AP-000004" in text and "expires Tue 2026-03-03 06:00" in text
    decided = {**_listed("AP-000004"), "status": "approved"}
    obs = Observation("pending_proposals", {}, {"ok": True, "data": [decided], "summary": "x: y"})
    assert "expires" not in describe(obs, Context(timezones={"LKS": "America/Detroit"}))
