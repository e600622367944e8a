"""Rate limits live in PostgreSQL: every process (here, every engine) spends the same tokens."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from pydantic import BaseModel
from sqlalchemy import Engine, create_engine, pool, text

from domain.settings import get_settings
from governance.audit import audit_lookup
from governance.context import CallContext
from governance.errors import RateLimited
from governance.gate import governed_call
from governance.identity import get_actor
from governance.rate_limit import PostgresRateLimiter

pytestmark = pytest.mark.integration


class Args(BaseModel):
    plant: str


@pytest.fixture
def db(empty_db: Engine) -> Engine:
    with empty_db.begin() as c:
        c.execute(
            text(
                "INSERT INTO app_user (username, display_name, email, role, plant_scope,"
                " item_families, approval_limit) VALUES"
                " ('dana.kim', 'Dana Kim', '', 'buyer', '{LKS}', '{}', 5000),"
                " ('priya.nair', 'Priya Nair', '', 'plant_manager', '{LKS}', '{}', 25000)"
            )
        )
    return empty_db


@pytest.fixture
def other(db: Engine) -> Iterator[Engine]:
    """A second engine on the same database: its own connections, as another process has."""
    engine = create_engine(db.url, poolclass=pool.NullPool)
    yield engine
    engine.dispose()


def _tokens(db: Engine, user: str, tool: str) -> float:
    with db.connect() as c:
        return float(
            c.execute(
                text(
                    "SELECT tokens FROM governance.rate_bucket"
                    " WHERE username = :u AND tool_name = :t"
                ),
                {"u": user, "t": tool},
            ).scalar_one()
        )


def test_two_engines_share_one_bucket(db: Engine, other: Engine) -> None:
    here = PostgresRateLimiter(db, burst=3, per_minute=1)
    there = PostgresRateLimiter(other, burst=3, per_minute=1)
    here.acquire("dana.kim", "kpi_query")
    there.acquire("dana.kim", "kpi_query")
    here.acquire("dana.kim", "kpi_query")
    with pytest.raises(RateLimited, match="Too many kpi_query calls for dana.kim") as refused:
        there.acquire("dana.kim", "kpi_query")
    # One token a minute, none left: the next one is most of a minute away.
    assert 50 < refused.value.retry_after_s <= 60
    # Buckets are per user and per tool.
    there.acquire("priya.nair", "kpi_query")
    there.acquire("dana.kim", "shortages")
    assert _tokens(db, "dana.kim", "kpi_query") < 1


def test_tokens_refill_with_the_database_clock(db: Engine, other: Engine) -> None:
    limiter = PostgresRateLimiter(db, burst=2, per_minute=1)
    for _ in range(2):
        limiter.acquire("dana.kim", "shortages")
    with pytest.raises(RateLimited):
        limiter.acquire("dana.kim", "shortages")
    # A minute and a second pass (the bucket's last request moved back in time): one token.
    with db.begin() as c:
        c.execute(
            text(
                "UPDATE governance.rate_bucket SET updated_at = updated_at - interval '61 seconds'"
                " WHERE username = 'dana.kim' AND tool_name = 'shortages'"
            )
        )
    PostgresRateLimiter(other, burst=2, per_minute=1).acquire("dana.kim", "shortages")
    with pytest.raises(RateLimited):
        limiter.acquire("dana.kim", "shortages")
    # Refill never exceeds the burst, however long the bucket sat idle.
    with db.begin() as c:
        c.execute(text("UPDATE governance.rate_bucket SET updated_at = now() - interval '1 day'"))
    for _ in range(2):
        limiter.acquire("dana.kim", "shortages")
    with pytest.raises(RateLimited):
        limiter.acquire("dana.kim", "shortages")


def test_concurrent_callers_never_take_more_than_the_burst(db: Engine, other: Engine) -> None:
    limiters = [PostgresRateLimiter(e, burst=20, per_minute=1) for e in (db, other)]

    def attempt(i: int) -> bool:
        try:
            limiters[i % 2].acquire("dana.kim", "lookup_item")
        except RateLimited:
            return False
        return True

    with ThreadPoolExecutor(max_workers=8) as workers:
        granted = list(workers.map(attempt, range(60)))
    assert sum(granted) == 20


def test_the_gate_uses_the_database_limiter_from_the_settings(
    db: Engine, other: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINESIDE_RATE_BURST", "2")
    monkeypatch.setenv("LINESIDE_RATE_PER_MINUTE", "1")
    get_settings.cache_clear()
    try:
        ctx = CallContext(get_actor(db, "dana.kim"), "api", "th-shared-rate")
        governed_call(db, ctx, "kpi_query", Args(plant="LKS"), ["LKS"], lambda: 1)
        governed_call(other, ctx, "kpi_query", Args(plant="LKS"), ["LKS"], lambda: 1)
        with pytest.raises(RateLimited):
            governed_call(db, ctx, "kpi_query", Args(plant="LKS"), ["LKS"], lambda: 1)
    finally:
        get_settings.cache_clear()
    outcomes = [r.outcome for r in reversed(audit_lookup(db, thread_id="th-shared-rate"))]
    assert outcomes == ["ok", "ok", "rate_limited"]
