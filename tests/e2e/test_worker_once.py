"""`lineside worker --once` in subprocesses: sends the outbox once, expires due proposals once."""

from __future__ import annotations

import os
import re
import subprocess
from datetime import timedelta

import pytest
from sqlalchemy import Engine, text

from domain.clock import as_of
from governance.audit import audit_lookup, verify_chain
from governance.outbox import OutboundMessage, enqueue
from governance.proposals import get_proposal
from tests.integration.tools_support import call
from tests.support.cli import LINESIDE, lineside, url_of

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

DONE = re.compile(r"worker: (\d+) outbound message\(s\) sent, (\d+) proposal\(s\) expired")


def _due_proposal_and_message(db: Engine) -> str:
    """A pending expedite past its expiry at the plant's clock, and one queued email."""
    result = call(db, "dana.kim", "expedite_po", {"po_number": "PO-7781", "qty": 600})
    assert result.ok and result.proposal, result.error
    pid = str(result.proposal["id"])
    now = as_of(db)
    with db.begin() as c:
        c.execute(
            text("UPDATE governance.action_proposal SET expires_at = :t WHERE id = :id"),
            {"t": now - timedelta(minutes=1), "id": pid},
        )
        enqueue(
            c,
            OutboundMessage(
                idempotency_key="worker-test-1",
                channel="email",
                recipient="orders@example.com",
                subject="Expedite PO-7781",
                body="Please ship by air.",
            ),
            now,
        )
    return pid


def _counts(output: str) -> tuple[int, int]:
    match = DONE.search(output)
    assert match, output
    return int(match.group(1)), int(match.group(2))


def test_worker_once_does_the_work_and_a_second_pass_finds_none(demo_db: Engine) -> None:
    pid = _due_proposal_and_message(demo_db)
    first = lineside(url_of(demo_db), "worker", "--once")
    assert first.returncode == 0, first.stdout + first.stderr
    assert _counts(first.stdout) == (1, 1)
    assert get_proposal(demo_db, pid).status == "expired"
    with demo_db.connect() as c:
        sent = c.execute(
            text("SELECT recipient FROM governance.outbound_message WHERE idempotency_key = :k"),
            {"k": "worker-test-1"},
        ).scalars()
        assert list(sent) == ["orders@example.com"]
    again = lineside(url_of(demo_db), "worker", "--once")
    assert again.returncode == 0 and _counts(again.stdout) == (0, 0), again.stdout + again.stderr
    assert [r.outcome for r in audit_lookup(demo_db, proposal_id=pid)][0] == "expired"


def test_two_workers_at_once_do_each_thing_once(demo_db: Engine) -> None:
    pid = _due_proposal_and_message(demo_db)
    env = {**os.environ, "LINESIDE_DATABASE_URL": url_of(demo_db), "NO_COLOR": "1"}
    workers = [
        subprocess.Popen(
            [str(LINESIDE), "worker", "--once"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [w.communicate(timeout=120) for w in workers]
    assert all(w.returncode == 0 for w in workers), outputs
    counts = [_counts(out) for out, _ in outputs]
    assert (sum(s for s, _ in counts), sum(e for _, e in counts)) == (1, 1)
    with demo_db.connect() as c:
        assert c.execute(text("SELECT count(*) FROM governance.outbound_message")).scalar() == 1
        assert (
            c.execute(text("SELECT count(*) FROM governance.outbox WHERE sent_at IS NULL")).scalar()
            == 0
        )
    expiries = [r for r in audit_lookup(demo_db, proposal_id=pid) if r.kind == "expiry"]
    assert len(expiries) == 1 and get_proposal(demo_db, pid).status == "expired"
    assert verify_chain(demo_db).ok
