"""The real `lineside chat` console script, one process per turn, against a demo database copy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

LINESIDE = str(Path(sys.executable).with_name("lineside"))
TURN_KEYS = {"thread_id", "answer", "tool_calls", "proposals", "interrupted"}


def lineside(engine: Engine, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed console script as a fresh process pointed at `engine`'s database."""
    env = {
        **os.environ,
        "LINESIDE_DATABASE_URL": engine.url.render_as_string(hide_password=False),
        # The offline model: no endpoint configured, whatever the developer's shell says.
        "LINESIDE_LLM_BASE_URL": "",
        "LINESIDE_LLM_MODEL": "",
        "COLUMNS": "200",
    }
    return subprocess.run(
        [LINESIDE, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def turn(engine: Engine, *args: str) -> dict[str, Any]:
    done = lineside(engine, "chat", *args, "--json")
    assert done.returncode == 0, done.stderr
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def outbox(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM governance.outbox")).scalar_one())


def test_json_turn_has_answer_tool_calls_proposals_and_interrupted(demo_db: Engine) -> None:
    data = turn(demo_db, "--as", "dana.kim", "--thread", "cli:t-read",
                "what will stop SEAT1 this week?")  # fmt: skip
    assert set(data) == TURN_KEYS
    assert data["thread_id"] == "cli:t-read"
    assert data["tool_calls"] == [
        {"name": "shortages", "args": {"horizon": "162h", "line": "LKS-SEAT1"}}
    ]
    assert "E-4410 first short Wed 2026-03-04 06:00, 30 short" in data["answer"]
    assert "F-2200 first short Wed 2026-03-04 10:00, 200 short" in data["answer"]
    assert data["proposals"] == [] and data["interrupted"] is False


def test_expedite_pauses_and_another_process_approves_and_the_thread_reports(
    demo_db: Engine,
) -> None:
    thread = "cli:t-expedite"
    turn(demo_db, "--as", "dana.kim", "--thread", thread, "why is PO-7781 risky?")
    # A second process: the thread (and the PO it talked about) comes from the checkpoint.
    asked = turn(demo_db, "--as", "dana.kim", "--thread", thread, "air-expedite the 600")
    assert asked["tool_calls"] == [
        {"name": "expedite_po", "args": {"po_number": "PO-7781", "mode": "air", "qty": 600.0}}
    ]
    [proposal] = asked["proposals"]
    assert set(proposal) == {"id", "kind", "status", "required_role", "cost"}
    assert (proposal["kind"], proposal["status"], proposal["required_role"], proposal["cost"]) == (
        "expedite_po", "pending", "plant_manager", 6800.0,
    )  # fmt: skip
    assert asked["interrupted"] is True
    assert outbox(demo_db) == 0  # nothing sent before a human says yes

    approved = turn(demo_db, "--as", "priya.nair", "--thread", thread,
                    "--approve", proposal["id"])  # fmt: skip
    assert "approved by priya.nair and executed" in approved["answer"]
    assert approved["interrupted"] is False
    assert outbox(demo_db) >= 1

    # dana's next turn in the original thread reports nothing twice and the thread is free.
    later = turn(demo_db, "--as", "dana.kim", "--thread", thread, "what needs my approval?")
    assert later["interrupted"] is False
    assert later["tool_calls"] == [{"name": "pending_proposals", "args":
                                    {"awaiting_my_approval": True}}]  # fmt: skip


def test_requester_cannot_approve_own_expedite_from_the_cli(demo_db: Engine) -> None:
    thread = "cli:t-four-eyes"
    asked = turn(demo_db, "--as", "dana.kim", "--thread", thread, "air-expedite 600 on PO-7781")
    pid = asked["proposals"][0]["id"]
    refused = turn(demo_db, "--as", "dana.kim", "--thread", thread, "--approve", pid)
    assert "Four-eyes" in refused["answer"] and refused["interrupted"] is True
    assert outbox(demo_db) == 0


def test_human_output_shows_tool_calls_as_they_run_and_the_proposal_id(demo_db: Engine) -> None:
    done = lineside(demo_db, "chat", "--as", "dana.kim", "air-expedite 600 on PO-7781")
    assert done.returncode == 0, done.stderr
    assert "→ expedite: PO number 'PO-7781'" in done.stdout and "expedite_po" not in done.stdout
    with demo_db.connect() as conn:
        pid = conn.execute(
            text("SELECT id FROM governance.action_proposal WHERE kind = 'expedite_po'")
        ).scalar_one()
    assert f"proposal {pid}" in done.stdout and "the plant manager" in done.stdout
    assert "Waiting for approval" in done.stdout


def test_unknown_user_and_approve_without_thread_are_clear_errors(demo_db: Engine) -> None:
    nobody = lineside(demo_db, "chat", "--as", "no.body", "--json", "hello")
    assert nobody.returncode == 2
    assert "No Lineside user named 'no.body'" in nobody.stderr
    loose = lineside(demo_db, "chat", "--as", "priya.nair", "--approve", "PR-1")
    assert loose.returncode == 2
    assert "--thread" in loose.stderr
