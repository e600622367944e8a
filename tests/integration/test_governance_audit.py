"""The audit chain on a real PostgreSQL: append-only, unforked under threads, tamper-evident."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, create_engine, text

from governance.audit import AuditEntry, append_audit, audit_lookup, verify_chain

pytestmark = pytest.mark.integration


def entry(i: int, **kw: object) -> AuditEntry:
    return AuditEntry(
        kind="tool_call",
        actor=f"user{i % 3}",
        outcome="ok",
        tool="shortages",
        thread_id=f"th-{i % 2}",
        arguments={"plant": "LKS", "n": i, "ratio": 0.1 + 0.2, **kw},
        latency_ms=1.234567,
        channel="slack",
        model="offline",
    )


def test_a_clean_log_verifies(empty_db: Engine) -> None:
    assert verify_chain(empty_db).ok  # empty chain
    for i in range(20):
        append_audit(empty_db, entry(i, text="é \x00 ünïcode", neg=-0.0, when=datetime.now(UTC)))
    report = verify_chain(empty_db)
    assert (report.ok, report.checked, report.first_broken_id) == (True, 20, None)


def test_update_delete_and_truncate_are_refused(empty_db: Engine) -> None:
    append_audit(empty_db, entry(1))
    for sql in (
        "UPDATE governance.audit_log SET actor = 'mallory'",
        "DELETE FROM governance.audit_log",
        "TRUNCATE governance.audit_log",
    ):
        with pytest.raises(Exception, match="append-only"), empty_db.begin() as c:
            c.execute(text(sql))
    assert audit_lookup(empty_db)[0].actor == "user1"


def _tamper(engine: Engine, sql: str) -> None:
    """Change the log as a superuser bypassing the trigger (replica mode skips triggers)."""
    with engine.begin() as c:
        c.execute(text("SET LOCAL session_replication_role = replica"))
        c.execute(text(sql))


@pytest.mark.parametrize(
    ("sql", "broken", "why"),
    [
        (
            'UPDATE governance.audit_log SET arguments = \'{"plant": "SAL"}\' WHERE id = 7',
            7,
            "altered",
        ),
        ("UPDATE governance.audit_log SET outcome = 'denied' WHERE id = 3", 3, "altered"),
        ("DELETE FROM governance.audit_log WHERE id = 5", 6, "removed"),
        ("DELETE FROM governance.audit_log WHERE id = 10", 10, "removed from the end"),
    ],
)
def test_verify_pinpoints_a_record_changed_in_the_database(
    empty_db: Engine, sql: str, broken: int, why: str
) -> None:
    ids = [append_audit(empty_db, entry(i)) for i in range(10)]
    assert ids == list(range(1, 11))
    _tamper(empty_db, sql)
    report = verify_chain(empty_db)
    assert not report.ok
    assert report.first_broken_id == broken
    assert why in report.reason


def test_rewriting_a_record_and_its_hash_is_still_caught(empty_db: Engine) -> None:
    for i in range(5):
        append_audit(empty_db, entry(i))
    # A forger recomputes record 2's hash; record 3 still points at the old one.
    _tamper(empty_db, "UPDATE governance.audit_log SET hash = repeat('a', 64) WHERE id = 2")
    report = verify_chain(empty_db)
    assert not report.ok and report.first_broken_id == 2


def test_concurrent_appends_keep_one_unbroken_chain(empty_db: Engine) -> None:
    engines = [create_engine(empty_db.url, pool_size=1) for _ in range(8)]

    def write(worker: int) -> list[int]:
        return [append_audit(engines[worker], entry(worker * 100 + i)) for i in range(40)]

    try:
        with ThreadPoolExecutor(8) as pool:
            ids = [i for chunk in pool.map(write, range(8)) for i in chunk]
    finally:
        for e in engines:
            e.dispose()
    assert len(set(ids)) == 320
    report = verify_chain(empty_db)
    assert (report.ok, report.checked) == (True, 320), report.reason
    with empty_db.connect() as c:
        forks = c.execute(
            text("SELECT count(*) - count(DISTINCT prev_hash) FROM governance.audit_log")
        ).scalar_one()
    assert forks == 0


def test_an_append_in_a_rolled_back_transaction_leaves_no_trace(empty_db: Engine) -> None:
    append_audit(empty_db, entry(1))
    with empty_db.connect() as c:
        append_audit(c, entry(2))
        c.rollback()
    append_audit(empty_db, entry(3))
    report = verify_chain(empty_db)
    assert report.ok and report.checked == 2


def test_lookup_filters_by_thread_actor_and_tool(empty_db: Engine) -> None:
    for i in range(6):
        append_audit(empty_db, entry(i))
    found = audit_lookup(empty_db, thread_id="th-0", actor="user0")
    assert [r.arguments["n"] for r in found] == [0]  # i=0 only: i%2==0 and i%3==0 -> 0
    assert len(audit_lookup(empty_db, tool="shortages", limit=4)) == 4
