"""Fixtures the integration tests share: an agent over a fresh copy of the demo company."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from agent.runner import Agent


@pytest.fixture
def agent(demo_db: Engine) -> Iterator[Agent]:
    """The offline agent on this test's own demo database (it may write proposals)."""
    running = Agent(demo_db)
    yield running
    running.close()
