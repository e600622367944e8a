"""Units of work: one consistent read-only snapshot per read, one transaction per command.

A read sees one snapshot (REPEATABLE READ, READ ONLY) on one connection; a command's
writes commit together when it returns and roll back if it raises (Cosmic Python's pattern).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine


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
