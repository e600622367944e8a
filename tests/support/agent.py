"""Helpers the agent integration tests share: asking as a demo user, reading one value back."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, text

from agent.runner import Agent, TurnResult, run_turn
from governance.identity import get_actor


def ask(agent: Agent, user: str, message: str, thread: str | None = None) -> TurnResult:
    """One turn as `user` over the API; the thread defaults to the user's first name."""
    thread = thread or f"t-{user.split('.')[0]}"
    return run_turn(agent.engine, get_actor(agent.engine, user), "api", thread, message,
                    agent=agent)  # fmt: skip


def scalar(engine: Engine, sql: str, **params: Any) -> Any:
    """The single value a query returns."""
    with engine.connect() as conn:
        return conn.execute(text(sql), params).scalar_one()


def count(engine: Engine, sql: str, **params: Any) -> int:
    """A `SELECT count(*) ...` as an int."""
    return int(scalar(engine, sql, **params))
