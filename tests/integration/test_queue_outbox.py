"""The outbox on the procrastinate queue: each message sent exactly once, retried, failures kept."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, text

from governance import jobs
from governance.outbox import OutboundMessage, RecordingSender
from governance.proposals import get_proposal
from governance.queue import bind_queue, list_jobs, queue_depth, retry_job
from tests.integration.tools_support import call
from tests.support.agent import count

pytestmark = pytest.mark.integration


@pytest.fixture
def queue(demo_db: Engine) -> Iterator[Any]:
    app = bind_queue(demo_db)
    jobs.done.clear()
    with app.open():
        yield app


def _drain(app: Any) -> None:
    """Run a worker in this process until the queue is empty (it closes the app: reopen)."""
    app.run_worker(wait=False, install_signal_handlers=False, listen_notify=False)
    app.open()


def _approved_expedite_in_a_killed_process(db: Engine) -> str:
    """Approve in a subprocess that dies right after the commit, before anything is sent."""
    result = call(db, "dana.kim", "expedite_po", {"po_number": "PO-7781", "qty": 600})
    assert result.ok and result.proposal, result.error
    pid = str(result.proposal["id"])
    script = (
        "import os, sys\n"
        "from sqlalchemy import create_engine\n"
        "from domain.clock import as_of\n"
        "from governance.approvals import decide\n"
        "from governance.identity import get_actor\n"
        "e = create_engine(sys.argv[1])\n"
        "decide(e, sys.argv[2], get_actor(e, 'priya.nair'), 'approve', as_of(e))\n"
        "os._exit(9)  # killed between the commit and any send\n"
    )
    url = db.url.render_as_string(hide_password=False)
    done = subprocess.run(
        [sys.executable, "-c", script, url, pid],
        env={**os.environ},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 9, done.stderr
    assert get_proposal(db, pid).status == "executed"
    return pid


def test_a_process_killed_after_the_commit_still_sends_each_message_once(
    demo_db: Engine, queue: Any
) -> None:
    pid = _approved_expedite_in_a_killed_process(demo_db)
    assert count(demo_db, "SELECT count(*) FROM governance.outbox WHERE sent_at IS NULL") >= 1
    assert jobs.queue_unsent(demo_db) >= 1
    assert jobs.queue_unsent(demo_db) == 0  # a second sweep finds every message covered
    _drain(queue)
    assert count(demo_db, "SELECT count(*) FROM governance.outbox WHERE sent_at IS NULL") == 0
    sent = count(demo_db, "SELECT count(*) FROM governance.outbound_message")
    queued = count(demo_db, "SELECT count(*) FROM governance.outbox")
    assert sent == queued and jobs.done["sent"] == sent
    with demo_db.connect() as c:
        keys = c.execute(text("SELECT idempotency_key FROM governance.outbound_message")).scalars()
        assert sorted(keys)[0] == f"{pid}/1"
    # A repeat of the same send (a worker that died after sending) finds it sent.
    jobs.send_outbound.defer(outbox_id=1)
    _drain(queue)
    assert count(demo_db, "SELECT count(*) FROM governance.outbound_message") == sent


class _Down:
    def send(self, message: OutboundMessage) -> None:
        raise ConnectionError("mail relay down")


def test_a_failing_send_ends_as_a_failed_job_that_can_be_retried(
    demo_db: Engine, queue: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _approved_expedite_in_a_killed_process(demo_db)
    monkeypatch.setattr(jobs, "outbound_sender", lambda engine: _Down())
    monkeypatch.setattr(jobs.send_outbound, "retry_strategy", None)  # fail at once, no backoff
    jobs.queue_unsent(demo_db)
    _drain(queue)
    failed = list_jobs(demo_db, "failed")
    assert failed and all(j.task == jobs.SEND_TASK for j in failed)
    assert queue_depth(demo_db).failed == len(failed)
    with demo_db.connect() as c:
        error = c.execute(text("SELECT last_error FROM governance.outbox LIMIT 1")).scalar_one()
    assert "relay down" in error
    assert jobs.queue_unsent(demo_db) == 0  # a failed message waits for a person, not a loop
    monkeypatch.setattr(jobs, "outbound_sender", lambda engine: RecordingSender(engine))
    for job in failed:
        retry_job(job.id)
    _drain(queue)
    assert list_jobs(demo_db, "failed") == []
    assert count(demo_db, "SELECT count(*) FROM governance.outbox WHERE sent_at IS NULL") == 0
