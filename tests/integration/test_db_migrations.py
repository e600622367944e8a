"""Migrations build the schema the models describe, on a real PostgreSQL with pgvector."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text
from sqlmodel import SQLModel

import domain.models  # noqa: F401

pytestmark = pytest.mark.integration


def test_head_creates_every_domain_table(empty_db: Engine) -> None:
    tables = set(inspect(empty_db).get_table_names())
    missing = {t for t in SQLModel.metadata.tables if t not in tables}
    assert not missing, f"tables missing after migration: {sorted(missing)}"


def test_models_and_migrations_agree(empty_db: Engine) -> None:
    with empty_db.connect() as conn:
        ctx = MigrationContext.configure(conn)
        diff = compare_metadata(ctx, SQLModel.metadata)
    assert diff == [], f"models differ from migrations: {diff}"


def test_pgvector_and_trigram_extensions_are_installed(empty_db: Engine) -> None:
    with empty_db.connect() as conn:
        names = {r[0] for r in conn.execute(text("SELECT extname FROM pg_extension"))}
    assert {"vector", "pg_trgm"} <= names


def test_negative_quantity_is_refused_by_the_database(empty_db: Engine) -> None:
    with empty_db.begin() as conn:
        conn.execute(text("INSERT INTO plant (code, name, timezone) VALUES ('P1','P','UTC')"))
        conn.execute(
            text(
                "INSERT INTO item (code, description, family, item_type, uom, criticality,"
                " unit_cost) VALUES ('I1','i','f','raw','EA',2,0)"
            )
        )
    try:
        with empty_db.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO inventory_balance (plant_code, item_code, location, lot, qty,"
                    " status) VALUES ('P1','I1','MAIN','',-5,'available')"
                )
            )
    except Exception as err:  # the CHECK constraint names the rule that was broken
        assert "inventory_qty_nonneg" in str(err)
    else:
        raise AssertionError("a negative on-hand quantity was stored")
    with empty_db.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM plant")).scalar_one() == 1
