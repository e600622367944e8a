"""A thread paused for approval lives in PostgreSQL: a new graph, or a new process, resumes it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import Engine, text

from agent.decisions import decide_in_thread
from agent.runner import Agent, run_turn
from governance.identity import get_actor
from governance.proposals import get_proposal

pytestmark = pytest.mark.integration


def pause_on_expedite(engine: Engine, thread: str) -> str:
    """dana.kim asks for the $6,800 expedite in a graph that is then thrown away."""
    first = Agent(engine)
    try:
        result = run_turn(engine, get_actor(engine, "dana.kim"), "slack", thread,
                          "air-expedite 600 on PO-7781", agent=first)  # fmt: skip
    finally:
        first.close()
    assert result.interrupted
    return str(result.proposals[0]["id"])


def test_a_new_graph_and_checkpointer_resume_the_paused_thread(demo_db: Engine) -> None:
    pid = pause_on_expedite(demo_db, "slack:C1:1700.1")
    second = Agent(demo_db)
    try:
        assert list(second.waiting("slack:C1:1700.1")) == [pid]
        result = decide_in_thread(demo_db, "slack:C1:1700.1", get_actor(demo_db, "priya.nair"),
                               "approve", agent=second)  # fmt: skip
        assert f"{pid} (expedite, $6,800.00) was approved by priya.nair and executed" in (
            result.answer
        )
        assert second.waiting("slack:C1:1700.1") == {}
    finally:
        second.close()
    assert get_proposal(demo_db, pid).status == "executed"


def test_another_process_resumes_the_paused_thread(demo_db: Engine) -> None:
    pid = pause_on_expedite(demo_db, "teams:conv-9")
    env = {**os.environ, "LINESIDE_DATABASE_URL": demo_db.url.render_as_string(hide_password=False)}
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", "chat", "--as", "priya.nair", "--thread",
         "teams:conv-9", "--approve", pid, "--json"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    turn = json.loads(done.stdout)
    assert "approved by priya.nair and executed" in turn["answer"]
    assert turn["interrupted"] is False
    assert turn["proposals"][0] == {"id": pid, "kind": "expedite_po", "status": "executed",
                                    "required_role": "plant_manager", "cost": 6800.0}  # fmt: skip
    with demo_db.connect() as conn:
        executions = conn.execute(
            text("SELECT count(*) FROM governance.audit_log WHERE kind = 'execution' "
                 "AND proposal_id = :p"), {"p": pid},
        ).scalar_one()  # fmt: skip
    assert executions == 1
    third = Agent(demo_db)
    try:
        assert third.waiting("teams:conv-9") == {}
        assert third.state("teams:conv-9")["proposals"][pid]["status"] == "executed"
    finally:
        third.close()
