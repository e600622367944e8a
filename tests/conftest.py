"""Shared fixtures: every test database is a real PostgreSQL database cloned from a template.

Templates are built once per test session: `schema` (migrated to head) and `demo`
(schema + Meridian Interiors). Each test gets a fresh clone, so tests never share writes.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, pool

from domain.db.engine import database_url, drop_database, ensure_database

_RUN = f"{os.getpid()}"
_SERVER_WAS_RUNNING = pytest.StashKey[bool]()


def _template(name: str) -> str:
    return f"lineside_tpl_{name}_{_RUN}"


def _engine(name: str) -> Engine:
    return create_engine(database_url(name), poolclass=pool.NullPool)


def _is_controller(config: pytest.Config) -> bool:
    """True in the process that owns the run (no xdist, or xdist's controller, not a worker)."""
    return not hasattr(config, "workerinput")


def pytest_sessionstart(session: pytest.Session) -> None:
    from domain.db import embedded
    from domain.settings import get_settings

    if _is_controller(session.config):
        running = bool(get_settings().database.url) or embedded.status().running
        session.config.stash[_SERVER_WAS_RUNNING] = running
        if not running:
            # Start the server once here, before xdist spawns its workers, so they only reuse it.
            embedded.start()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI, stop the embedded server the suite started; locally keep it warm for the next run."""
    from domain.db import embedded

    config = session.config
    started_here = not config.stash.get(_SERVER_WAS_RUNNING, True)
    if _is_controller(config) and os.environ.get("CI") and started_here:
        embedded.stop()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test that reaches PostgreSQL must say so: `-m "not integration"` is the no-I/O suite."""
    unmarked = [
        item.nodeid
        for item in items
        if "schema_template" in getattr(item, "fixturenames", ())
        and item.get_closest_marker("integration") is None
    ]
    if unmarked:
        raise pytest.UsageError(
            "these tests use a database but are not marked integration "
            "(add `pytestmark = pytest.mark.integration`): " + ", ".join(unmarked[:5])
        )


@pytest.fixture(scope="session")
def schema_template() -> Iterator[str]:
    from domain.db.migrate import upgrade

    name = _template("schema")
    drop_database(name)
    ensure_database(name)
    upgrade(database_url(name))
    yield name
    drop_database(name)


@pytest.fixture(scope="session")
def demo_template(schema_template: str) -> Iterator[str]:
    from sample_data.meridian.loader import load_demo

    name = _template("demo")
    drop_database(name)
    ensure_database(name, template=schema_template)
    engine = _engine(name)
    load_demo(engine)
    engine.dispose()
    yield name
    drop_database(name)


def _clone(template: str) -> Iterator[Engine]:
    name = f"lineside_t_{uuid.uuid4().hex[:12]}"
    ensure_database(name, template=template)
    engine = create_engine(database_url(name), pool_size=5, max_overflow=5)
    try:
        yield engine
    finally:
        engine.dispose()
        drop_database(name)


@pytest.fixture
def empty_db(schema_template: str) -> Iterator[Engine]:
    """A migrated database with no rows."""
    yield from _clone(schema_template)


@pytest.fixture
def demo_db(demo_template: str) -> Iterator[Engine]:
    """A private copy of the demo company, free to write to."""
    yield from _clone(demo_template)


@pytest.fixture(scope="module")
def demo_db_shared(demo_template: str) -> Iterator[Engine]:
    """One copy of the demo per test module, for read-only tests."""
    yield from _clone(demo_template)
