"""Whole conversations on the demo (tests/data/nlu/conversations.yaml): 95% of them go right,
and no question, negation, hypothesis or pasted text ever raises a proposal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from agent.runner import Agent, TurnResult
from tests.support.agent import ask, count

pytestmark = pytest.mark.integration

CONVERSATIONS = Path(__file__).parents[1] / "data" / "nlu" / "conversations.yaml"
MIN_CONVERSATIONS = 60
MIN_SHARE = 0.95
PROPOSALS = "SELECT count(*) FROM governance.action_proposal"
NEVER = ("I can't answer that yet", "[figure removed]")


def turn_problems(turn: dict[str, Any], result: TurnResult) -> list[str]:
    """What went wrong in one turn (empty: it went right)."""
    found = []
    called = [c["name"] for c in result.tool_calls]
    found += [
        f"{tool} not called ({called})" for tool in turn.get("tools", []) if tool not in called
    ]
    if turn.get("proposal") and turn["proposal"] not in [p["kind"] for p in result.proposals]:
        found.append(f"no {turn['proposal']} proposal ({result.proposals})")
    if turn.get("no_tools") and called:
        found.append(f"tools called ({called}), none wanted")
    found += [f"missing {w!r}" for w in turn.get("contains", []) if w not in result.answer]
    found += [f"says {w!r}" for w in NEVER if w in result.answer]
    return found


def test_at_least_95_percent_of_the_conversations_go_right(agent: Agent) -> None:
    conversations = yaml.safe_load(CONVERSATIONS.read_text())
    assert len(conversations) >= MIN_CONVERSATIONS
    wrong: dict[str, list[str]] = {}
    for i, conversation in enumerate(conversations):
        thread = f"nlu-{i}"
        for turn in conversation["turns"]:
            before = count(agent.engine, PROPOSALS)
            result = ask(agent, conversation["user"], turn["say"], thread)
            if turn.get("no_proposal"):
                # Never, whatever else went right or wrong in the conversation.
                assert count(agent.engine, PROPOSALS) == before, (turn["say"], result.proposals)
            problems = turn_problems(turn, result)
            if problems:
                wrong.setdefault(f"{thread}: {turn['say'][:60]}", []).extend(problems)
    share = 1 - len({k.split(":")[0] for k in wrong}) / len(conversations)
    print(f"conversations right: {share:.1%} of {len(conversations)}; wrong: {wrong}")
    assert share >= MIN_SHARE, f"{share:.1%} right; wrong: {wrong}"
