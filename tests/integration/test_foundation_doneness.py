"""Issue 2's done-when items that other files leave open: isolated test databases, KPI filters."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, text

from domain.kpis import KpiInputError
from domain.kpis.catalogue import list_kpis
from domain.kpis.compute import compute_kpi

pytestmark = pytest.mark.integration

# One value per filter on the demo, and the dimension that groups by the same thing.
FILTERS = {"plant": ("LKS", "plant"), "supplier": ("VOLTAIC", "supplier"),
           "item_family": ("electronics", "family")}  # fmt: skip


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


@pytest.mark.parametrize("kpi", [k.name for k in list_kpis()])
def test_every_kpi_filter_agrees_with_grouping_by_it(demo_db_shared: Engine, kpi: str) -> None:
    definition = next(k for k in list_kpis() if k.name == kpi)
    period = "90d" if kpi == "premium_freight_spend" else None
    for name, (value, dimension) in FILTERS.items():
        one_filter: dict[str, Any] = {name: value}
        if name not in definition.filters:
            with pytest.raises(KpiInputError, match=f"cannot be filtered by {name}"):
                compute_kpi(demo_db_shared, kpi, **one_filter)
            continue
        filtered = compute_kpi(demo_db_shared, kpi, period=period, **one_filter)
        assert filtered.filters[name] == value and filtered.owner and filtered.definition
        if dimension in definition.dimensions:
            grouped = compute_kpi(demo_db_shared, kpi, period=period, group_by=dimension)
            rows = {r.group: r for r in grouped.rows}
            if value not in rows:  # e.g. no premium freight for Voltaic: nothing counted
                assert filtered.overall.count == 0, (kpi, name)
                continue
            assert filtered.value == pytest.approx(rows[value].value), (kpi, name)
            assert filtered.overall.count == rows[value].count, (kpi, name)
