"""Each test gets a private database cloned from the demo template."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

pytestmark = pytest.mark.integration


def _database(engine: Engine) -> str:
    with engine.connect() as c:
        return str(c.execute(text("SELECT current_database()")).scalar_one())


def test_each_test_gets_its_own_copy_of_the_demo(demo_db: Engine, demo_db_shared: Engine) -> None:
    assert _database(demo_db) != _database(demo_db_shared)
    assert _database(demo_db).startswith("lineside_t_")
    with demo_db.begin() as c:
        c.execute(text("DELETE FROM supplier_message"))
    with demo_db_shared.connect() as c:
        assert c.execute(text("SELECT count(*) FROM supplier_message")).scalar_one() > 0
