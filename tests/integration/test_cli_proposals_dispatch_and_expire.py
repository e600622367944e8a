"""`lineside proposals dispatch|expire` do once what the queue worker does: send, expire."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from cli.main import app
from domain.clock import as_of
from governance.outbox import OutboundMessage
from governance.proposals import get_proposal
from tests.integration.tools_support import call

pytestmark = pytest.mark.integration


@pytest.fixture
def cli(demo_db: Engine, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setattr("cli.proposals.get_engine", lambda: demo_db)
    return CliRunner()


def test_expire_denies_what_is_past_its_time_to_live(demo_db: Engine, cli: CliRunner) -> None:
    made = call(demo_db, "dana.kim", "expedite_po", {"po_number": "PO-7781"})
    pid = str((made.proposal or {})["id"])
    with demo_db.begin() as conn:  # its 24 h are over
        conn.execute(text("UPDATE governance.action_proposal SET expires_at = :t WHERE id = :id"),
                     {"t": as_of(demo_db) - timedelta(minutes=1), "id": pid})  # fmt: skip
    out = cli.invoke(app, ["proposals", "expire"])
    assert out.exit_code == 0 and "1 proposal(s) expired." in out.output
    assert get_proposal(demo_db, pid).status == "expired"
    assert "0 proposal(s) expired." in cli.invoke(app, ["proposals", "expire"]).output


def test_dispatch_sends_what_an_approval_left_to_the_worker(
    demo_db: Engine, cli: CliRunner
) -> None:
    from agent.decisions import decide_proposal
    from governance.identity import get_actor

    made = call(demo_db, "dana.kim", "expedite_po", {"po_number": "PO-7781"})
    pid = str((made.proposal or {})["id"])
    done = decide_proposal(demo_db, pid, get_actor(demo_db, "priya.nair"), "approve",
                           channel="cli", wait_for_send=False)  # fmt: skip
    assert done.messages_queued >= 1 and done.messages_sent == 0
    out = cli.invoke(app, ["proposals", "dispatch"])
    assert out.exit_code == 0 and f"{done.messages_queued} message(s) sent." in out.output
    assert "0 message(s) sent." in cli.invoke(app, ["proposals", "dispatch"]).output


def test_approve_that_waits_sends_through_the_workers_sender(
    demo_db: Engine, cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[str] = []

    class Spy:
        def send(self, message: OutboundMessage) -> None:
            sent.append(message.recipient)

    # A deployment's sender plugs in at governance.worker; the CLI's wait must use it too.
    monkeypatch.setattr("governance.worker.outbound_sender", lambda engine: Spy())
    made = call(demo_db, "dana.kim", "expedite_po", {"po_number": "PO-7781"})
    pid = str((made.proposal or {})["id"])
    out = cli.invoke(app, ["proposals", "approve", pid, "--as", "priya.nair"])
    assert out.exit_code == 0, out.output
    assert get_proposal(demo_db, pid).status == "executed"
    assert sent and f"{len(sent)} outbound message(s) sent." in out.output
    assert "0 message(s) sent." in cli.invoke(app, ["proposals", "dispatch"]).output
