"""The background queue: one procrastinate App on Lineside's own PostgreSQL (schema procrastinate).

Tasks live with the area that owns the work and register on `queue_app` (governance.jobs for
the outbox and expiry, agent.jobs for turns the bots hand off); a module that adds tasks adds
itself to TASK_MODULES so that `lineside worker` imports it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import procrastinate
from sqlalchemy import Engine, text

QUEUE_SCHEMA = "procrastinate"  # created by migration 0006 from procrastinate's schema.sql
TASK_MODULES = ["governance.jobs", "agent.jobs", "governance.alert_jobs", "bots.jobs"]


def _connector(engine: Engine | None) -> procrastinate.PsycopgConnector:
    if engine is None:  # unbound: usable only once `bind_queue` gives it a database
        return procrastinate.PsycopgConnector()
    conninfo = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    return procrastinate.PsycopgConnector(
        conninfo=conninfo,
        min_size=1,
        max_size=4,
        kwargs={"options": f"-c search_path={QUEUE_SCHEMA}"},
    )


queue_app = procrastinate.App(connector=_connector(None), import_paths=TASK_MODULES)


@dataclass
class _Binding:
    engine: Engine | None = None


_bound = _Binding()
_bind_lock = threading.Lock()


def bind_queue(engine: Engine) -> procrastinate.App:
    """Point the queue (and the tasks it runs) at `engine`'s database; returns the App.

    One database per process: the API, the worker and the CLI bind once at start.
    """
    with _bind_lock:
        if _bound.engine is not engine:
            connector = _connector(engine)
            queue_app.connector = connector
            queue_app.job_manager.connector = connector
            _bound.engine = engine
    return queue_app


async def open_queue_async() -> procrastinate.App:
    """The bound queue, its async pool opened if it is not yet (safe to call every time)."""
    await queue_app.open_async()
    return queue_app


def bound_engine() -> Engine:
    """The database the queue is bound to: what a task works on."""
    if _bound.engine is None:
        from domain.db.engine import get_engine

        bind_queue(get_engine())
    assert _bound.engine is not None
    return _bound.engine


@dataclass(frozen=True)
class QueueDepth:
    """Jobs by status, for /metrics, /readyz and `lineside jobs list`."""

    by_status: dict[str, int]

    @property
    def failed(self) -> int:
        return self.by_status.get("failed", 0)


def queue_depth(engine: Engine) -> QueueDepth:
    """How many jobs wait, run, failed or finished, per status."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(f"SELECT status::text, count(*) FROM {QUEUE_SCHEMA}.procrastinate_jobs GROUP BY 1")
        ).all()
    return QueueDepth({str(status): int(n) for status, n in rows})


@dataclass(frozen=True)
class JobRow:
    """One job as `lineside jobs list` and the API show it."""

    id: int
    task: str
    status: str
    attempts: int
    queue: str
    args: dict[str, Any]
    scheduled_at: str | None


def list_jobs(
    engine: Engine, status: str | None = None, limit: int = 100, job_id: int | None = None
) -> list[JobRow]:
    """Jobs newest first, optionally of one status (todo, doing, succeeded, failed, ...)."""
    where = "WHERE (CAST(:status AS text) IS NULL OR j.status::text = :status)"
    where += " AND (CAST(:id AS bigint) IS NULL OR j.id = :id)"
    sql = (
        "SELECT j.id, j.task_name, j.status::text AS status, j.attempts, j.queue_name, j.args,"
        f" j.scheduled_at FROM {QUEUE_SCHEMA}.procrastinate_jobs j {where}"
        " ORDER BY j.id DESC LIMIT :limit"
    )
    with engine.connect() as conn:
        rows = conn.execute(text(sql), {"status": status, "limit": limit, "id": job_id}).all()
    return [
        JobRow(
            id=int(r.id),
            task=str(r.task_name),
            status=str(r.status),
            attempts=int(r.attempts),
            queue=str(r.queue_name),
            args=dict(r.args or {}),
            scheduled_at=r.scheduled_at.isoformat() if r.scheduled_at else None,
        )
        for r in rows
    ]


def retry_job(job_id: int) -> None:
    """Put a failed job back in the queue now (`lineside jobs retry ID`)."""
    from procrastinate import utils

    queue_app.job_manager.retry_job_by_id(job_id=job_id, retry_at=utils.utcnow())
