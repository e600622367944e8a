"""Per-user, per-tool rate limits kept in PostgreSQL, so every process spends the same tokens."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import Engine, text

from domain.settings import get_settings
from governance.errors import RateLimited

# Tokens available now: the stored ones plus the refill since the last request, capped at burst.
_AVAILABLE = (
    "least(CAST(:burst AS float8), b.tokens + CAST(:per_second AS float8)"
    " * greatest(0, CAST(extract(epoch FROM now() - b.updated_at) AS float8)))"
)
# One statement: create or refill the bucket, take a token if there is one, say whether it did.
# The row lock ON CONFLICT takes serialises concurrent callers of the same bucket.
_TAKE = text(
    "INSERT INTO governance.rate_bucket AS b (username, tool_name, tokens, granted, updated_at)"
    " VALUES (:username, :tool_name, greatest(CAST(:burst AS float8) - 1, 0),"
    " CAST(:burst AS float8) >= 1, now())"
    " ON CONFLICT (username, tool_name) DO UPDATE SET"
    f" tokens = CASE WHEN {_AVAILABLE} >= 1 THEN {_AVAILABLE} - 1 ELSE {_AVAILABLE} END,"
    f" granted = {_AVAILABLE} >= 1,"
    " updated_at = greatest(b.updated_at, now())"
    " RETURNING granted, tokens"
)


class RateLimiter(Protocol):
    """Takes one call's token for (user, tool) or raises RateLimited."""

    def acquire(self, username: str, tool_name: str) -> None: ...


class PostgresRateLimiter:
    """A token bucket per (user, tool) in `governance.rate_bucket`, shared by every process."""

    def __init__(self, engine: Engine, burst: int, per_minute: float) -> None:
        self.engine = engine
        self.burst = burst
        self.per_second = per_minute / 60.0

    def acquire(self, username: str, tool_name: str) -> None:
        """Take one token in one autocommitted statement, or raise RateLimited with the wait."""
        params = {
            "username": username,
            "tool_name": tool_name,
            "burst": float(self.burst),
            "per_second": self.per_second,
        }
        # Autocommit: one round trip, no BEGIN/COMMIT; the unlogged row needs no WAL flush.
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            granted, tokens = conn.execute(_TAKE, params).one()
        if not granted:
            wait = (1.0 - tokens) / self.per_second if self.per_second > 0 else float("inf")
            raise RateLimited(username, tool_name, wait)


def default_rate_limiter(engine: Engine) -> PostgresRateLimiter:
    """The database limiter configured from LINESIDE_RATE_BURST / LINESIDE_RATE_PER_MINUTE."""
    rate = get_settings().rate
    return PostgresRateLimiter(engine, rate.burst, rate.per_minute)
