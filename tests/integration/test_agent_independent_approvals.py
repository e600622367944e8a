"""Two proposals of one turn are decided independently: each decision acts and is reported alone."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from agent.decisions import decide_in_thread, decide_proposal
from agent.runner import Agent, run_turn
from governance.errors import ProposalNotPending
from governance.identity import get_actor
from governance.proposals import get_proposal
from tests.support.agent import scalar
from tests.support.scripted_model import two_proposals_at_once

pytestmark = pytest.mark.integration

THREAD = "t-independent"


def executions(engine: Engine, pid: str) -> int:
    return int(scalar(engine, "SELECT count(*) FROM governance.audit_log "
                      "WHERE kind = 'execution' AND proposal_id = :p", p=pid))  # fmt: skip


def raise_two(engine: Engine) -> dict[str, str]:
    """dana.kim's one turn raises an expedite and an escalation, both paused; kind -> id."""
    agent = Agent(engine, model=two_proposals_at_once())
    try:
        asked = run_turn(engine, get_actor(engine, "dana.kim"), "api", THREAD,
                         "expedite and escalate", agent=agent)  # fmt: skip
    finally:
        agent.close()
    assert asked.interrupted and len(asked.approval_requests) == 2
    return {p["kind"]: p["id"] for p in asked.proposals}


def test_approving_one_of_two_pauses_executes_and_reports_it_while_the_other_waits(
    demo_db: Engine,
) -> None:
    ids = raise_two(demo_db)
    expedite, escalation = ids["expedite_po"], ids["supplier_escalation"]
    agent = Agent(demo_db, model=two_proposals_at_once())
    try:
        approved = decide_in_thread(demo_db, THREAD, get_actor(demo_db, "priya.nair"), "approve",
                                 proposal_id=expedite, agent=agent)  # fmt: skip
        assert f"{expedite} (expedite, $6,800.00) was approved by priya.nair and executed" in (
            approved.answer
        )
        assert escalation not in approved.answer
        assert get_proposal(demo_db, expedite).status == "executed"
        assert executions(demo_db, expedite) == 1
        # The escalation still waits for its own approver, and says so.
        assert get_proposal(demo_db, escalation).status == "pending"
        assert approved.interrupted
        assert [r["proposal_id"] for r in approved.approval_requests] == [escalation]
        assert list(agent.waiting(THREAD)) == [escalation]
        assert {p["id"]: p["status"] for p in approved.proposals} == {expedite: "executed"}
    finally:
        agent.close()

    # Later, after a restart (a new graph and checkpointer), the requester rejects the other.
    later = Agent(demo_db, model=two_proposals_at_once())
    try:
        rejected = decide_in_thread(demo_db, THREAD, get_actor(demo_db, "dana.kim"), "reject",
                                 proposal_id=escalation, comment="call them first",
                                 agent=later)  # fmt: skip
        assert f"{escalation} (supplier escalation, $0.00) was rejected by dana.kim" in (
            rejected.answer
        )
        assert "(call them first)" in rejected.answer
        assert expedite not in rejected.answer  # reported once, when it was decided
        assert not rejected.interrupted and later.waiting(THREAD) == {}
        state = later.state(THREAD)
        assert {pid: p["status"] for pid, p in state["proposals"].items()} == {
            expedite: "executed",
            escalation: "rejected",
        }
    finally:
        later.close()
    assert get_proposal(demo_db, escalation).status == "rejected"
    assert executions(demo_db, expedite) == 1 and executions(demo_db, escalation) == 0
    assert scalar(demo_db, "SELECT count(*) FROM governance.proposal_decision") == 2
    assert scalar(demo_db, "SELECT count(*) FROM governance.outbox WHERE proposal_id = :p",
                  p=escalation) == 0  # fmt: skip


def test_rejecting_first_then_approving_keeps_each_decision_on_its_own_proposal(
    demo_db: Engine,
) -> None:
    ids = raise_two(demo_db)
    expedite, escalation = ids["expedite_po"], ids["supplier_escalation"]
    agent = Agent(demo_db, model=two_proposals_at_once())
    try:
        rejected = decide_in_thread(demo_db, THREAD, get_actor(demo_db, "dana.kim"), "reject",
                                 proposal_id=escalation, agent=agent)  # fmt: skip
        assert f"{escalation} (supplier escalation, $0.00) was rejected by dana.kim" in (
            rejected.answer
        )
        assert get_proposal(demo_db, expedite).status == "pending" and rejected.interrupted
        # The only one left: no proposal id needed.
        approved = decide_in_thread(demo_db, THREAD, get_actor(demo_db, "priya.nair"), "approve",
                                 agent=agent)  # fmt: skip
        assert "approved by priya.nair and executed" in approved.answer
        assert escalation not in approved.answer and not approved.interrupted
    finally:
        agent.close()
    assert get_proposal(demo_db, escalation).status == "rejected"
    assert executions(demo_db, expedite) == 1


def test_approval_elsewhere_is_reported_back_while_the_sibling_keeps_waiting(
    demo_db: Engine,
) -> None:
    ids = raise_two(demo_db)
    expedite, escalation = ids["expedite_po"], ids["supplier_escalation"]
    agent = Agent(demo_db, model=two_proposals_at_once())
    try:
        done = decide_proposal(demo_db, expedite, get_actor(demo_db, "priya.nair"), "approve",
                               agent=agent)  # fmt: skip
        assert done.thread_id == THREAD and done.thread_message is not None
        assert f"{expedite} (expedite, $6,800.00) was approved by priya.nair" in (
            done.thread_message
        )
        assert escalation not in done.thread_message
        assert list(agent.waiting(THREAD)) == [escalation] and done.thread_waiting == [escalation]
        with pytest.raises(ProposalNotPending):  # decided once
            decide_proposal(demo_db, expedite, get_actor(demo_db, "priya.nair"), "approve",
                            agent=agent)  # fmt: skip
        assert get_proposal(demo_db, escalation).status == "pending"
    finally:
        agent.close()
    assert executions(demo_db, expedite) == 1


def test_a_refused_approval_does_not_release_the_sibling_and_can_be_decided_again(
    demo_db: Engine,
) -> None:
    ids = raise_two(demo_db)
    expedite, escalation = ids["expedite_po"], ids["supplier_escalation"]
    agent = Agent(demo_db, model=two_proposals_at_once())
    try:
        refused = decide_in_thread(demo_db, THREAD, get_actor(demo_db, "dana.kim"), "approve",
                                proposal_id=expedite, agent=agent)  # fmt: skip
        assert "Four-eyes" in refused.answer and refused.interrupted
        assert get_proposal(demo_db, expedite).status == "pending"
        approved = decide_in_thread(demo_db, THREAD, get_actor(demo_db, "priya.nair"), "approve",
                                 proposal_id=expedite, agent=agent)  # fmt: skip
        assert "approved by priya.nair and executed" in approved.answer
        assert get_proposal(demo_db, escalation).status == "pending"
        assert list(agent.waiting(THREAD)) == [escalation]  # still paused for its approver
        rejected = decide_in_thread(demo_db, THREAD, get_actor(demo_db, "dana.kim"), "reject",
                                 proposal_id=escalation, agent=agent)  # fmt: skip
        assert "was rejected by dana.kim" in rejected.answer and expedite not in rejected.answer
        assert not rejected.interrupted
    finally:
        agent.close()
    assert executions(demo_db, expedite) == 1
    assert get_proposal(demo_db, escalation).status == "rejected"
