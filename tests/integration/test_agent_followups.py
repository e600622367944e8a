"""Follow-up turns on the demo with the offline model: "move it to Thursday" carries the PO over."""

from __future__ import annotations

import pytest

from agent.runner import Agent
from tests.support.agent import ask

pytestmark = pytest.mark.integration


def test_move_it_to_thursday_carries_the_po_of_the_earlier_turn(agent: Agent) -> None:
    first = ask(agent, "dana.kim", "why is PO-7790 at risk?", "t-followup")
    assert first.tool_calls == [{"name": "explain_po_risk", "args": {"po_number": "PO-7790"}}]
    result = ask(agent, "dana.kim", "move it to Thursday", "t-followup")
    [call] = result.tool_calls
    assert call["name"] == "request_po_date_change"
    assert call["args"]["po_number"] == "PO-7790"
    assert call["args"]["new_date"] == "2026-03-05T06:00"  # Thu after Mon 2026-03-02, Detroit
    [proposal] = result.proposals
    assert proposal["kind"] == "po_date_change" and proposal["status"] == "pending"
    assert "PO-7790" in result.answer and "→ Thu 2026-03-05 06:00" in result.answer


def test_the_most_recent_po_of_the_thread_is_the_one_carried_over(agent: Agent) -> None:
    ask(agent, "dana.kim", "why is PO-7781 risky?", "t-two-pos")
    ask(agent, "dana.kim", "why is PO-7790 at risk?", "t-two-pos")
    result = ask(agent, "dana.kim", "move that PO to Thursday", "t-two-pos")
    assert [c["args"]["po_number"] for c in result.tool_calls] == ["PO-7790"]


def test_move_it_to_thursday_without_an_earlier_po_asks_which_po(agent: Agent) -> None:
    ask(agent, "dana.kim", "what will stop SEAT1 this week?", "t-no-po")
    result = ask(agent, "dana.kim", "move it to Thursday", "t-no-po")
    assert result.tool_calls == [] and result.proposals == []
    assert "Which PO should move?" in result.answer
