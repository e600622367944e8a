"""Governance's background jobs on the queue: send each outbound message once, expire proposals.

The outbox row is written in the decision's transaction; a sweep every few seconds queues one
`outbox.send` job per unsent message (a queueing lock keeps it to one), so a process killed
between the commit and any send loses nothing. Sends retry with exponential backoff; a message
that still fails ends as a failed job (`lineside jobs list --failed`) and can be retried.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections import Counter

import procrastinate
from procrastinate import exceptions as queue_errors
from sqlalchemy import Engine, text

from domain.settings import get_settings
from governance.outbox import send_one, unsent_ids
from governance.queue import QUEUE_SCHEMA, bound_engine, queue_app
from governance.worker import expire_overdue, outbound_sender

_log = logging.getLogger(__name__)
SEND_TASK = "outbox.send"

# What this process's jobs did, for `lineside worker --once` to report.
done: Counter[str] = Counter()
_done_lock = threading.Lock()


def _count(what: str, n: int) -> None:
    with _done_lock:
        done[what] += n


_settings = get_settings().queue  # read when the tasks register: a worker's start


@queue_app.task(
    name=SEND_TASK,
    retry=procrastinate.RetryStrategy(
        max_attempts=_settings.send_attempts, exponential_wait=_settings.send_backoff_base_s
    ),
)
def send_outbound(outbox_id: int) -> None:
    """Send one outbox message (idempotent: a repeat finds it sent and does nothing)."""
    engine = bound_engine()
    if send_one(engine, outbound_sender(engine), outbox_id):
        _count("sent", 1)


def _waiting_without_job(engine: Engine) -> list[int]:
    """Unsent messages that no live or failed send job covers."""
    waiting = unsent_ids(engine)
    if not waiting:
        return []
    with engine.connect() as conn:
        covered = conn.execute(
            text(
                "SELECT DISTINCT (args->>'outbox_id')::bigint"
                f" FROM {QUEUE_SCHEMA}.procrastinate_jobs"
                " WHERE task_name = :task AND status IN ('todo', 'doing', 'failed')"
            ),
            {"task": SEND_TASK},
        ).scalars()
        busy = {int(i) for i in covered}
    return [i for i in waiting if i not in busy]


def queue_unsent(engine: Engine) -> int:
    """Queue a send job for every unsent message that has none; returns how many were queued."""
    queued = 0
    for outbox_id in _waiting_without_job(engine):
        try:
            send_outbound.configure(queueing_lock=f"outbox:{outbox_id}").defer(outbox_id=outbox_id)
            queued += 1
        except queue_errors.AlreadyEnqueued:
            continue  # another worker's sweep queued it a moment ago
    return queued


def _retry_stalled() -> int:
    """Jobs left `doing` by a worker that died (no heartbeat): run them again."""
    manager = queue_app.job_manager
    stalled = list(procrastinate.utils.async_to_sync(manager.get_stalled_jobs))
    for job in stalled:
        _log.warning("retrying job %s (%s) left by a stalled worker", job.id, job.task_name)
        procrastinate.utils.async_to_sync(manager.retry_job, job)
    return len(stalled)


@queue_app.periodic(cron=_settings.sweep_cron, periodic_id="outbox")
@queue_app.task(name="outbox.sweep")
def sweep_outbox(timestamp: int) -> None:
    """Queue sends for unsent messages and re-run jobs that stalled with a dead worker."""
    _retry_stalled()
    queue_unsent(bound_engine())


@queue_app.periodic(cron=_settings.expiry_cron, periodic_id="expiry")
@queue_app.task(name="proposals.expire")
def expire_proposals(timestamp: int) -> None:
    """Deny by default: pending proposals past their time to live at the plant's clock."""
    _count("expired", expire_overdue(bound_engine()))


def queue_expiry() -> None:
    """Queue an expiry pass now (unless one is already waiting)."""
    with contextlib.suppress(queue_errors.AlreadyEnqueued):  # a waiting pass will do it
        expire_proposals.configure(queueing_lock="proposals.expire").defer(timestamp=0)
