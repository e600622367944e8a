"""governance/tables.py matches what the migrations build in schema `governance`."""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from governance.tables import SCHEMA, metadata

pytestmark = pytest.mark.integration


def _governance_only(name: Any, type_: str, parent_names: Any) -> bool:
    if type_ == "schema":
        return name == SCHEMA
    return True


def test_tables_and_migration_agree(empty_db: Engine) -> None:
    with empty_db.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"include_schemas": True, "include_name": _governance_only}
        )
        diff = compare_metadata(ctx, metadata)
    assert diff == [], f"governance/tables.py differs from the migrations: {diff}"
