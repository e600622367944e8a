"""One resequence request in two clauses ('resequence it so we don't start the orion runs while
the heater modules are short, pull the vega ones forward') raises one proposal for the line, on
the demo, with both clauses in its reason."""

from __future__ import annotations

import pytest

from agent.runner import Agent
from tests.support.agent import ask, count

pytestmark = pytest.mark.integration

PROPOSALS = "SELECT count(*) FROM governance.action_proposal"


def test_two_clauses_of_one_resequence_request_are_one_proposal(agent: Agent) -> None:
    ask(agent, "luis.ortega", "what's short on SEAT1 this week?", "t-one-reseq")
    before = count(agent.engine, PROPOSALS)
    result = ask(agent, "luis.ortega", "resequence it so we don't start the orion runs while the "
                 "heater modules are short, pull the vega ones forward", "t-one-reseq")  # fmt: skip
    calls = [c for c in result.tool_calls if c["name"] == "propose_resequence"]
    assert len(calls) == 1 and calls[0]["args"]["line"] == "LKS-SEAT1"
    reason = calls[0]["args"]["reason"]
    assert "orion" in reason and "vega" in reason
    assert count(agent.engine, PROPOSALS) == before + 1
    assert [p["kind"] for p in result.proposals] == ["resequence"]
