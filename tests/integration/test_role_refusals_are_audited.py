"""A request declined for the asker's role is an audit record (who, what was asked, which policy
rule declined it), like the gate's own refusals, and the audit chain still verifies."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from agent.runner import Agent
from governance.audit import AuditRecord, audit_lookup, verify_chain
from governance.context import CallContext
from governance.identity import get_actor
from governance.refusals import record_role_refusal
from tests.support.agent import ask, count

pytestmark = pytest.mark.integration


def refusals(engine: Engine, user: str) -> list[AuditRecord]:
    return [r for r in audit_lookup(engine, actor=user) if r.kind == "refusal"]


def test_a_planner_asking_for_an_expedite_is_declined_and_audited(agent: Agent) -> None:
    result = ask(agent, "luis.ortega", "expedite PO-7781 by air")
    assert result.answer.startswith("As a planner you can't ask for an expedite")
    [record] = refusals(agent.engine, "luis.ortega")
    assert (record.outcome, record.tool, record.thread_id) == ("denied", "expedite_po", "t-luis")
    assert record.arguments["asked"]["message"] == "expedite PO-7781 by air"
    rule = {"policy": "governance.tool_policy", "role": "planner", "tool": "expedite_po"}
    assert record.arguments["rule"] == {**rule, "allowed": False, "row": False}
    assert "Your role (planner) may not ask for an expedite" in record.detail
    assert "denied by default" in record.detail
    assert count(agent.engine, "SELECT count(*) FROM governance.action_proposal") == 0
    assert verify_chain(agent.engine).ok


def test_an_evaluator_asking_for_an_escalation_is_declined_and_audited(agent: Agent) -> None:
    ask(agent, "eve.tester", "draft an escalation to Voltaic")
    [record] = refusals(agent.engine, "eve.tester")
    assert (record.tool, record.outcome) == ("draft_supplier_escalation", "denied")
    assert record.arguments["asked"]["message"] == "draft an escalation to Voltaic"
    assert verify_chain(agent.engine).ok


def test_the_allowed_half_of_a_message_runs_and_only_the_declined_half_is_a_refusal(
    agent: Agent,
) -> None:
    result = ask(agent, "luis.ortega", "resequence SEAT1 to avoid the gap and expedite PO-7781")
    # The expedite is declined (audited as refused) and priced: a read beside the refusal.
    assert [c["name"] for c in result.tool_calls] == ["propose_resequence", "expedite_quote"]
    assert [r.tool for r in refusals(agent.engine, "luis.ortega")] == ["expedite_po"]
    assert verify_chain(agent.engine).ok


def test_a_request_the_role_may_make_records_no_refusal(agent: Agent) -> None:
    ask(agent, "dana.kim", "what would air cost for PO-7781?")
    ask(agent, "luis.ortega", "what is clear to build tomorrow?")
    assert refusals(agent.engine, "dana.kim") == refusals(agent.engine, "luis.ortega") == []


def test_a_refusal_the_policy_would_not_make_stands_out(demo_db: Engine) -> None:
    ctx = CallContext(get_actor(demo_db, "dana.kim"), "api", "t-check", model="test")
    record_role_refusal(demo_db, ctx, "expedite_po", {"args": {"po_number": "PO-7781"}})
    [record] = refusals(demo_db, "dana.kim")
    assert record.outcome == "declined" and record.arguments["rule"]["allowed"] is True
    assert "although tool policy: buyer / expedite_po allowed" in record.detail
    assert verify_chain(demo_db).ok
