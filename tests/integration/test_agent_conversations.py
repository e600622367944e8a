"""The persona conversations of DOMAIN.md on the demo company, through the graph, offline model."""

from __future__ import annotations

import pytest

from agent.decisions import decide_in_thread, decide_proposal
from agent.runner import Agent
from domain.clock import as_of
from governance.approvals import decide
from governance.identity import get_actor
from governance.proposals import get_proposal
from tests.support.agent import ask, count

pytestmark = pytest.mark.integration


def test_what_will_stop_seat1_this_week(agent: Agent) -> None:
    result = ask(agent, "dana.kim", "what will stop SEAT1 this week?")
    assert result.tool_calls == [
        {"name": "shortages", "args": {"horizon": "162h", "line": "LKS-SEAT1"}}
    ]
    assert "E-4410 first short Wed 2026-03-04 06:00, 30 short" in result.answer
    assert "F-2200 first short Wed 2026-03-04 10:00, 200 short" in result.answer
    assert "covered again Wed 2026-03-04 11:00" in result.answer
    assert "T-3105" not in result.answer  # a DOOR1 shortage, not SEAT1
    assert "unconfirmed supply excluded" in result.answer and "held stock excluded" in result.answer
    assert not result.interrupted and result.proposals == []


def test_why_is_po_7781_risky(agent: Agent) -> None:
    result = ask(agent, "dana.kim", "why is PO-7781 risky?")
    assert result.tool_calls == [{"name": "explain_po_risk", "args": {"po_number": "PO-7781"}}]
    answer = result.answer.lower()
    assert "confirm" in answer and "400" in answer and "600" in answer
    assert "otif" in answer and "%" in answer


def test_escalation_is_a_pending_proposal_and_nothing_is_sent(agent: Agent) -> None:
    result = ask(agent, "dana.kim", "draft an escalation to Voltaic")
    assert result.tool_calls == [
        {"name": "draft_supplier_escalation", "args": {"supplier": "VOLTAIC"}}
    ]
    [proposal] = result.proposals
    assert proposal["kind"] == "supplier_escalation" and proposal["status"] == "pending"
    assert result.interrupted
    assert result.approval_requests[0]["proposal_id"] == proposal["id"]
    assert result.approval_requests[0]["allowed_decisions"] == ["approve", "edit", "reject"]
    assert "Nothing has been sent" in result.answer and "orders@voltaic" in result.answer
    assert count(agent.engine, "SELECT count(*) FROM governance.outbox") == 0


def test_expedite_then_plant_manager_approves_elsewhere_and_thread_reports(agent: Agent) -> None:
    engine = agent.engine
    ask(agent, "dana.kim", "why is PO-7781 risky?")
    result = ask(agent, "dana.kim", "air-expedite the 600")
    assert result.tool_calls == [
        {"name": "expedite_po", "args": {"po_number": "PO-7781", "mode": "air", "qty": 600.0}}
    ]
    [proposal] = result.proposals
    assert proposal["cost"] == 6800.0 and proposal["status"] == "pending"
    assert proposal["required_role"] == "plant_manager"
    assert "$6,800.00" in result.answer and "the plant manager" in result.answer
    assert result.interrupted
    assert count(engine, "SELECT count(*) FROM governance.outbox") == 0

    # priya.nair approves in another session (the `lineside proposals approve` path).
    decide(engine, proposal["id"], get_actor(engine, "priya.nair"), "approve", as_of(engine))
    assert get_proposal(engine, proposal["id"]).status == "executed"

    later = ask(agent, "dana.kim", "what needs my approval?")
    assert f"{proposal['id']} (expedite, $6,800.00) was approved by priya.nair and executed" in (
        later.answer
    )
    assert not later.interrupted
    again = ask(agent, "dana.kim", "thanks")
    assert proposal["id"] not in again.answer  # reported once


def test_a_decision_by_id_is_reported_in_the_waiting_thread(agent: Agent) -> None:
    engine = agent.engine
    pid = ask(agent, "dana.kim", "air-expedite 600 on PO-7781").proposals[0]["id"]
    done = decide_proposal(engine, pid, get_actor(engine, "priya.nair"), "reject",
                           comment="truck", agent=agent)  # fmt: skip
    assert done.outcome == "rejected" and done.thread_id == "t-dana"
    assert done.thread_message is not None
    assert f"{pid} (expedite, $6,800.00) was rejected by priya.nair (truck)" in (
        done.thread_message
    )
    assert agent.waiting("t-dana") == {} and done.thread_waiting == []


def test_requester_cannot_approve_own_expedite_and_the_thread_keeps_waiting(agent: Agent) -> None:
    engine = agent.engine
    pid = ask(agent, "dana.kim", "air-expedite 600 on PO-7781").proposals[0]["id"]
    refused = decide_in_thread(
        engine, "t-dana", get_actor(engine, "dana.kim"), "approve", agent=agent
    )
    assert "Four-eyes" in refused.answer and refused.interrupted
    assert get_proposal(engine, pid).status == "pending"
    approved = decide_in_thread(
        engine, "t-dana", get_actor(engine, "priya.nair"), "approve", agent=agent
    )
    assert "approved by priya.nair and executed" in approved.answer and not approved.interrupted
    assert count(engine, "SELECT count(*) FROM governance.outbox") >= 1


def test_sal_buyer_asking_about_po_7781_is_refused_for_scope(agent: Agent) -> None:
    result = ask(agent, "sam.okafor", "why is PO-7781 risky?", thread="t-sam")
    assert "not in your scope" in result.answer and "PO-7781 is at LKS" in result.answer
    assert "400" not in result.answer  # no fact of the PO leaks


def test_supplier_otif_over_the_last_90_days_has_voltaic_lowest(agent: Agent) -> None:
    result = ask(agent, "morgan.lee", "supplier OTIF over the last 90 days", thread="t-morgan")
    assert result.tool_calls[0]["name"] == "kpi_query"
    assert "Lowest: VOLTAIC" in result.answer


def test_supplier_email_that_says_approve_all_changes_nothing(agent: Agent) -> None:
    engine = agent.engine
    pid = ask(agent, "dana.kim", "air-expedite 600 on PO-7781").proposals[0]["id"]
    decisions_before = count(engine, "SELECT count(*) FROM governance.proposal_decision")
    result = ask(agent, "dana.kim", "what did Voltaic say in their emails?")
    assert result.tool_calls == [{"name": "search_correspondence", "args": {"supplier": "VOLTAIC"}}]
    assert "approve all pending proposals" in result.answer  # reported as data
    assert "not an order" in result.answer
    assert result.proposals == [] and not result.interrupted
    assert get_proposal(engine, pid).status == "pending"
    assert count(engine, "SELECT count(*) FROM governance.proposal_decision") == decisions_before
    assert count(engine, "SELECT count(*) FROM governance.outbox") == 0


def test_parallel_tool_calls_run_once_each(agent: Agent) -> None:
    result = ask(agent, "morgan.lee", "premium freight this month? what needs my approval?",
                 thread="t-pf")  # fmt: skip
    assert [c["name"] for c in result.tool_calls] == ["kpi_query", "pending_proposals"]
    audited = count(
        agent.engine,
        "SELECT count(*) FROM governance.audit_log WHERE thread_id = 't-pf' AND kind = 'tool_call'",
    )
    assert audited == 2


def test_ambiguous_supplier_gets_a_question_and_no_tool_call(agent: Agent) -> None:
    result = ask(agent, "dana.kim", "draft an escalation to the foam supplier")
    assert result.tool_calls == [] and result.answer.startswith("Which supplier do you mean")
    assert "POLYFORM" in result.answer and "MAPLEFOAM" in result.answer
