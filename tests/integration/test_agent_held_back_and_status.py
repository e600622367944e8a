"""On the demo, end to end: an action held back in the same message gets its facts (a resequence
previewed) and a later yes proposes it; whether the expedite was approved is said first; a
quality hold supposed released at a time is projected from then."""

from __future__ import annotations

import pytest

from agent.runner import Agent
from tests.support.agent import ask

pytestmark = pytest.mark.integration


def test_a_resequence_held_back_answers_its_facts_and_ok_propose_it_makes_it(agent: Agent) -> None:
    asked = ask(agent, "luis.ortega", "can we resequence SEAT1 to avoid the heater-module gap? "
                "dont submit anything just tell me options", "t-held")  # fmt: skip
    assert asked.proposals == []
    assert [c["name"] for c in asked.tool_calls] == ["resequence_preview", "approval_rule"]
    assert asked.answer.startswith("Nothing was proposed (you said not to)")
    # The scheduler's plan shown as it would be proposed: the gap it closes, the KPIs it moves.
    assert "Preview, nothing proposed: resequence LKS-SEAT1" in asked.answer
    assert "It closes the E-4410 (Seat heater control module) gap" in asked.answer
    assert "line hours at risk from shortages: 22 → 0" in asked.answer
    made = ask(agent, "luis.ortega", "ok propose it", "t-held")
    [proposal] = made.proposals
    assert proposal["kind"] == "resequence" and proposal["status"] == "pending"


def test_was_the_expedite_approved_says_no_then_not_yet_once_it_is_asked_for(agent: Agent) -> None:
    ask(agent, "dana.kim", "how much to air the rest of PO-7781?", "t-status")
    none = ask(agent, "dana.kim", "was the expedite approved?", "t-status")
    assert none.proposals == []
    assert none.answer.startswith("No: no expedite has been proposed for PO-7781")
    asked = ask(agent, "dana.kim", "air the rest of PO-7781 pls", "t-status-2")
    [proposal] = asked.proposals
    pending = ask(agent, "dana.kim", "did priya approve it?", "t-status-2")
    assert pending.proposals == []
    assert pending.answer.startswith(f"Not yet: {proposal['id']} (expedite of PO-7781 by air")


def test_the_lot_released_tuesday_noon_is_short_only_until_then(agent: Agent) -> None:
    result = ask(agent, "dana.kim", "if the lot gets released tues noon are we ok?", "t-release")
    [call] = result.tool_calls
    assert call["args"]["held_released_at"] == "2026-03-03T12:00:00-05:00"
    assert result.proposals == []
    assert result.answer.startswith("If the held T-3105 stock is released Tue 2026-03-03 12:00")
    # Short from Mon 10:00 as the baseline, covered again at the release, not at PO-7802.
    assert "T-3105 first short Mon 2026-03-02 10:00, 20 short" in result.answer
    assert "covered again Tue 2026-03-03 12:00 by held stock released" in result.answer
    baseline = ask(agent, "dana.kim", "when are the armrest covers covered again?", "t-base")
    assert "Wed 2026-03-04 06:00" in baseline.answer
