"""Queued statements ride with the next one, in order, and never outlive their transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, create_engine, text

from domain.uow import defer, pipelined

pytestmark = pytest.mark.integration

_ADD = text(
    "INSERT INTO supplier (code, name, email, country, interplant) VALUES (:c, :n, '', 'US', false)"
)
_NAMES = text("SELECT name FROM supplier WHERE code LIKE 'UOW-%' ORDER BY code")


def _names(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(_NAMES)]


def test_a_queued_write_is_seen_by_the_next_statement_of_either_kind(empty_db: Engine) -> None:
    with empty_db.begin() as conn:
        defer(conn, _ADD, {"c": "UOW-1", "n": "first"})
        [rows] = pipelined(conn, [(_NAMES, {})])
        assert [r[0] for r in rows] == ["first"]
        defer(conn, _ADD, {"c": "UOW-2", "n": "second"})
        assert [r[0] for r in conn.execute(_NAMES)] == ["first", "second"]
    assert _names(empty_db) == ["first", "second"]


def test_a_write_still_queued_at_commit_is_committed(empty_db: Engine) -> None:
    with empty_db.begin() as conn:
        defer(conn, _ADD, {"c": "UOW-1", "n": "only"})
    assert _names(empty_db) == ["only"]


def test_a_queued_read_gives_its_rows_once_sent(empty_db: Engine) -> None:
    with empty_db.begin() as conn:
        defer(conn, _ADD, {"c": "UOW-1", "n": "a"})
        later = defer(conn, _NAMES, {})
        defer(conn, _ADD, {"c": "UOW-2", "n": "b"})
        # In order: the read ran after the first insert and before the second.
        assert [r[0] for r in later.rows(conn)] == ["a"]
        assert [r[0] for r in conn.execute(_NAMES)] == ["a", "b"]


def test_a_rolled_back_transaction_drops_its_queue(empty_db: Engine) -> None:
    # One pooled connection: the next transaction gets the same one, and none of its queue.
    pooled = create_engine(empty_db.url, pool_size=1, max_overflow=0)
    try:
        with pytest.raises(RuntimeError), pooled.begin() as conn:
            defer(conn, _ADD, {"c": "UOW-1", "n": "lost"})
            raise RuntimeError("the command failed")
        with pooled.begin() as conn:
            [rows] = pipelined(conn, [(_NAMES, {})])
            assert rows == []
    finally:
        pooled.dispose()
    assert _names(empty_db) == []
