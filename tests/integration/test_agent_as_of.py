"""Relative dates count from each turn's as-of time, though the vocabulary is read only once."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, text

from agent.runner import Agent
from domain.clock import DEMO_AS_OF, as_of
from tests.support.agent import ask

pytestmark = pytest.mark.integration


def move_as_of(engine: Engine, when: datetime) -> None:
    """What reloading the demo at another as-of time leaves in the database."""
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE dataset_meta SET value = jsonb_set(value, '{as_of}', CAST(:v AS jsonb)) "
                 "WHERE key = 'dataset'"),
            {"v": json.dumps(when.isoformat())},
        )  # fmt: skip
    assert as_of(engine) == when


def test_a_moved_as_of_is_used_by_the_next_turn_of_the_same_agent(agent: Agent) -> None:
    before = ask(agent, "dana.kim", "move PO-7790 to Thursday", "t-monday")
    assert before.tool_calls[0]["args"]["new_date"] == "2026-03-05T06:00"  # Thu after Mon
    move_as_of(agent.engine, DEMO_AS_OF + timedelta(days=3))  # Thu 2026-03-05 06:00
    after = ask(agent, "dana.kim", "move PO-7790 to Thursday", "t-thursday")
    assert after.tool_calls[0]["args"]["new_date"] == "2026-03-12T06:00"  # a week later


def test_today_and_tomorrow_follow_the_as_of_of_each_turn(agent: Agent) -> None:
    first = ask(agent, "luis.ortega", "what is clear to build tomorrow?", "t-ctb-1")
    assert first.tool_calls == [{"name": "clear_to_build", "args": {"date": "2026-03-03"}}]
    move_as_of(agent.engine, DEMO_AS_OF + timedelta(days=1))  # Tue 2026-03-03 06:00
    second = ask(agent, "luis.ortega", "what is clear to build tomorrow?", "t-ctb-2")
    assert second.tool_calls == [{"name": "clear_to_build", "args": {"date": "2026-03-04"}}]
    today = ask(agent, "luis.ortega", "what is clear to build today?", "t-ctb-3")
    assert today.tool_calls == [{"name": "clear_to_build", "args": {"date": "2026-03-03"}}]
