"""Migrations build the schema the models describe, on a real PostgreSQL with pgvector."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text
from sqlmodel import SQLModel

import domain.models  # noqa: F401
from domain.clock import DEMO_AS_OF
from domain.planning.snapshot import snapshot_query

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


def _plan_nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _plan_nodes(child)


def test_work_orders_keep_one_item_index_and_the_planner_reads_by_it(demo_db: Engine) -> None:
    indexes = {ix["name"]: ix["column_names"] for ix in inspect(demo_db).get_indexes("work_order")}
    assert "ix_work_order_item_code" not in indexes  # dropped by 0010: the pair below covers it
    assert indexes["ix_work_order_item_code_planned_start"] == ["item_code", "planned_start"]
    params = {"plants": ["LKS"], "items": ["E-4410"], "start": DEMO_AS_OF,
              "end": DEMO_AS_OF + timedelta(days=7)}  # fmt: skip
    with demo_db.begin() as conn:
        # A year of work orders over every item, as a plant that has run for a while holds (the
        # demo's few dozen fit in a page, where any plan is as good as another).
        conn.execute(text(
            "INSERT INTO work_order (id, plant_code, line_code, item_code, qty, planned_start,"
            " planned_end, sequence, due_at, status)"
            " SELECT 'WO-Y-' || n, l.plant_code, l.code, i.code, 1, t, t + interval '1 hour', n,"
            " t + interval '1 day', CASE WHEN t < :now THEN 'completed' ELSE 'released' END"
            " FROM generate_series(1, 60000) n"
            " CROSS JOIN LATERAL (SELECT :now - interval '375 days' + n * interval '9 min' AS t) s"
            " JOIN LATERAL (SELECT code FROM item ORDER BY code"
            "   OFFSET n % (SELECT count(*) FROM item) LIMIT 1) i ON TRUE"
            " JOIN LATERAL (SELECT code, plant_code FROM line WHERE plant_code = 'LKS'"
            "   ORDER BY code LIMIT 1) l ON TRUE"
        ), {"now": DEMO_AS_OF})  # fmt: skip
        conn.execute(text("ANALYZE work_order"))
        [[explained]] = conn.exec_driver_sql(
            "EXPLAIN (FORMAT JSON) " + snapshot_query(limited=True), params
        ).all()
    nodes = list(_plan_nodes(explained[0]["Plan"]))
    assert not [n for n in nodes if n["Node Type"] == "Seq Scan"
                and n.get("Relation Name") == "work_order"], nodes  # fmt: skip
    # An event's re-projection of a few items reads their WOs by item (and start).
    used = {n["Index Name"] for n in nodes if str(n.get("Index Name")).startswith("ix_work_order")}
    assert used == {"ix_work_order_item_code_planned_start"}, used
