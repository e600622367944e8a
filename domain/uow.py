"""Units of work: one consistent read-only snapshot per read, one transaction per command.

A read sees one snapshot (REPEATABLE READ, READ ONLY) on one connection; a command's
writes commit together when it returns and roll back if it raises (Cosmic Python's pattern).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any

from psycopg import Connection as PgConnection
from psycopg import Cursor as PgCursor
from sqlalchemy import Connection, Dialect, Engine, TextClause, event, text


@contextmanager
def read_snapshot(engine: Engine) -> Iterator[Connection]:
    """One connection whose every read sees the same committed state, and which cannot write."""
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        with conn.begin():
            yield conn


@contextmanager
def command(engine: Engine) -> Iterator[Connection]:
    """One transaction for one command: committed when the block ends, rolled back on error."""
    with engine.begin() as conn:
        yield conn


@contextmanager
def connected(bind: Engine | Connection) -> Iterator[Connection]:
    """The caller's connection (inside its unit of work), or a fresh one from an engine."""
    if isinstance(bind, Connection):
        yield bind
    else:
        with bind.connect() as conn:
            yield conn


@contextmanager
def reading(bind: Engine | Connection) -> Iterator[Connection]:
    """The caller's connection (its snapshot or transaction), or a fresh read-only snapshot."""
    if isinstance(bind, Connection):
        yield bind
    else:
        with read_snapshot(bind) as conn:
            yield conn


# Statements whose results are not needed at once ride to the server with the next one (one
# round trip for all): queued per connection, sent before any other statement and before
# commit, dropped on rollback.
_PENDING = "pending_statements"
Statement = tuple[TextClause, Mapping[str, Any]]


class Later:
    """The rows of a queued statement, there once it has been sent."""

    def __init__(self) -> None:
        self._rows: list[Any] | None = None

    def rows(self, conn: Connection) -> list[Any]:
        """Its rows (sending it, and whatever is queued, now if still queued)."""
        if self._rows is None:
            flush(conn)
        assert self._rows is not None
        return self._rows


@cache
def _driver_sql(sql: str, dialect: Dialect) -> str:
    return str(text(sql).compile(dialect=dialect))


def defer(conn: Connection, statement: TextClause, params: Mapping[str, Any]) -> Later:
    """Queue a statement in `conn`'s transaction; it is sent with whatever `conn` sends next."""
    return defer_driver(conn, _driver_sql(statement.text, conn.dialect), params)


def defer_driver(
    conn: Connection,
    sql: str,
    params: Mapping[str, Any] | None = None,
    *,
    binary: bool = False,
    prepare: bool | None = None,
) -> Later:
    """defer() for a statement in the driver's own terms (psycopg's %(name)s placeholders,
    binary results, prepared at once)."""
    later = Later()
    conn.info.setdefault(_PENDING, []).append((sql, params, binary, prepare, later))
    return later


def _send(conn: Connection, pg: PgConnection[Any], statement: Statement) -> PgCursor[Any]:
    clause, params = statement
    cursor = pg.cursor()
    cursor.execute(_driver_sql(clause.text, conn.dialect), params)
    return cursor


def _rows(cursor: PgCursor[Any]) -> list[Any]:
    return cursor.fetchall() if cursor.description is not None else []


@contextmanager
def pipeline(conn: Connection) -> Iterator[PgConnection[Any]]:
    """A psycopg pipeline in `conn`'s transaction that first sends its queued statements;
    what the block sends goes in the same round trip (statements run in order)."""
    pending = conn.info.pop(_PENDING, [])
    pg: PgConnection[Any] = conn.connection.driver_connection  # type: ignore[assignment]
    with pg.pipeline():
        cursors = []
        for sql, params, binary, prepare, _ in pending:
            cursors.append(pg.cursor(binary=binary))
            cursors[-1].execute(sql, params, prepare=prepare)
        yield pg
    for (*_, later), cursor in zip(pending, cursors, strict=True):
        later._rows = _rows(cursor)


def pipelined(conn: Connection, statements: Sequence[Statement]) -> list[list[Any]]:
    """The queued statements, then `statements`, in one round trip; each statement's rows."""
    with pipeline(conn) as pg:
        cursors = [_send(conn, pg, s) for s in statements]
    return [_rows(cursor) for cursor in cursors]


def flush(conn: Connection) -> None:
    """Send the queued statements now (one round trip; none when nothing is queued)."""
    if conn.info.get(_PENDING):
        pipelined(conn, [])


def discard_pending(conn: Connection) -> None:
    """Drop the queued statements (their transaction or savepoint is rolled back)."""
    conn.info.pop(_PENDING, None)


@event.listens_for(Engine, "before_cursor_execute")
def _flush_before_execute(conn: Connection, *_: Any) -> None:
    flush(conn)


@event.listens_for(Engine, "commit")
def _flush_before_commit(conn: Connection) -> None:
    flush(conn)


@event.listens_for(Engine, "rollback")
def _discard_on_rollback(conn: Connection) -> None:
    discard_pending(conn)
