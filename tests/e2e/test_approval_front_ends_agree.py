"""The CLI and the agent decide through one path: same outcome, same record, same dispatch."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, text

from agent.decisions import decide_in_thread
from agent.runner import Agent
from governance.identity import get_actor
from governance.proposals import get_proposal
from tests.support.agent import ask
from tests.support.cli import lineside, lineside_json, url_of

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


@pytest.fixture
def agent(demo_db: Engine) -> Iterator[Agent]:
    running = Agent(demo_db)
    yield running
    running.close()


def _rows(engine: Engine, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


def _record(engine: Engine, pid: str) -> dict[str, Any]:
    """What a decision left behind, without ids and times that differ between proposals."""
    audit = _rows(engine, "SELECT kind, actor, outcome, tool FROM governance.audit_log"
                  " WHERE proposal_id = :p ORDER BY id", p=pid)  # fmt: skip
    outbox = _rows(engine, "SELECT channel, recipient, sent_at IS NOT NULL FROM governance.outbox"
                   " WHERE proposal_id = :p", p=pid)  # fmt: skip
    decisions = _rows(engine, "SELECT decision, decided_by FROM governance.proposal_decision"
                      " WHERE proposal_id = :p", p=pid)  # fmt: skip
    view = get_proposal(engine, pid)
    return {"status": view.status, "decided_by": view.decided_by, "audit": audit,
            "outbox": outbox, "decisions": decisions}  # fmt: skip


def test_cli_and_agent_approvals_of_the_same_expedite_agree(agent: Agent) -> None:
    engine = agent.engine
    by_cli = ask(agent, "dana.kim", "air-expedite 600 on PO-7781", "t-cli").proposals[0]["id"]
    by_agent = ask(agent, "dana.kim", "air-expedite 600 on PO-7781", "t-agent").proposals[0]["id"]

    cli = lineside_json(url_of(engine), "proposals", "approve", by_cli, "--as", "priya.nair",
                        "--no-wait")  # fmt: skip
    turn = decide_in_thread(engine, "t-agent", get_actor(engine, "priya.nair"), "approve",
                            agent=agent)  # fmt: skip

    # Same outcome, same audit trail and decision record, and both left the send to the worker.
    cli_record, agent_record = _record(engine, by_cli), _record(engine, by_agent)
    assert cli_record == agent_record
    assert cli_record["status"] == "executed"
    assert [sent for _, _, sent in cli_record["outbox"]] == [False]
    assert (cli["messages_queued"], cli["messages_sent"]) == (1, 0)
    # Both threads report the execution where it was asked for, in the same words.
    reported = f"{by_cli} (expedite, $6,800.00) was approved by priya.nair and executed"
    assert reported in cli["thread_message"]
    assert reported.replace(by_cli, by_agent) in turn.answer
    for thread in ("t-cli", "t-agent"):
        assert agent.waiting(thread) == {}
        [note] = agent.state(thread)["proposals"].values()
        assert (note["status"], note["review"]) == ("executed", "answered")

    # The worker sends both, once.
    worker = lineside(url_of(engine), "worker", "--once")
    assert worker.returncode == 0 and "2 outbound message(s) sent" in worker.stdout
    assert _record(engine, by_cli)["outbox"] == _record(engine, by_agent)["outbox"]
    assert all(sent for _, _, sent in _record(engine, by_cli)["outbox"])


def test_cli_and_agent_refuse_the_requester_alike(agent: Agent) -> None:
    engine = agent.engine
    pid = ask(agent, "dana.kim", "air-expedite 600 on PO-7781", "t-own").proposals[0]["id"]
    cli = lineside(url_of(engine), "proposals", "approve", pid, "--as", "dana.kim")
    turn = decide_in_thread(engine, "t-own", get_actor(engine, "dana.kim"), "approve", agent=agent)
    assert cli.returncode == 1 and "Four-eyes" in cli.stdout
    assert "Four-eyes" in turn.answer and turn.interrupted
    assert get_proposal(engine, pid).status == "pending"
    denied = _rows(engine, "SELECT outcome FROM governance.audit_log WHERE proposal_id = :p"
                   " AND kind = 'decision'", p=pid)  # fmt: skip
    assert denied == [("denied",), ("denied",)]
    assert list(agent.waiting("t-own")) == [pid]
