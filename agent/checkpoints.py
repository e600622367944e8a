"""Where threads are kept: LangGraph's PostgresSaver on Lineside's own database."""

from __future__ import annotations

import time
from contextlib import nullcontext
from typing import Any

from langgraph.checkpoint.postgres import PostgresSaver
from psycopg import Connection
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool
from sqlalchemy import Engine

SCHEMA = "agent_checkpoint"  # kept apart from the domain tables that migrations manage
_SETUP_LOCK = 0x4C53_4350  # advisory lock id: two workers never run setup() at once


def libpq_conninfo(engine: Engine) -> str:
    """The engine's database as a libpq URL (without the SQLAlchemy driver suffix)."""
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _wait_for_setup_lock(conn: Connection[Any]) -> None:
    """Take the setup lock by polling: a session blocked inside pg_advisory_lock holds a snapshot,
    which the holder's CREATE INDEX CONCURRENTLY (in setup()) waits on: a deadlock at start-up."""
    while True:
        row = conn.execute("SELECT pg_try_advisory_lock(%s)", (_SETUP_LOCK,)).fetchone()
        if row is not None and row[0]:
            return
        time.sleep(0.1)


def open_checkpointer(engine: Engine, max_size: int = 4) -> tuple[PostgresSaver, ConnectionPool]:
    """A PostgresSaver over a small pool, its tables created (setup()) if missing."""
    conninfo = libpq_conninfo(engine)
    with Connection.connect(conninfo, autocommit=True) as conn:
        _wait_for_setup_lock(conn)
        try:
            conn.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
            saver = PostgresSaver(conn)  # type: ignore[arg-type]
            conn.execute(f"SET search_path TO {SCHEMA}")
            saver.setup()
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (_SETUP_LOCK,))
    pool: ConnectionPool = ConnectionPool(
        conninfo,
        min_size=1,
        max_size=max_size,
        open=True,
        kwargs={
            "autocommit": True,
            "prepare_threshold": 0,
            "row_factory": dict_row,
            "options": f"-c search_path={SCHEMA}",
        },
    )
    saver = PostgresSaver(pool)  # type: ignore[arg-type]
    # Each call takes its own pooled connection; the saver's one lock (meant for a single shared
    # connection) serialised every thread's checkpoint reads and writes: 2-3x fewer turns/s.
    saver.lock = nullcontext()  # type: ignore[assignment]
    return saver, pool
