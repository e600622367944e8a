"""Every KPI filter agrees with grouping by the same dimension, on the demo."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from domain.kpis import KpiInputError
from domain.kpis.catalogue import list_kpis
from domain.kpis.compute import compute_kpi

pytestmark = pytest.mark.integration

# One value per filter on the demo, and the dimension that groups by the same thing.
FILTERS = {"plant": ("LKS", "plant"), "supplier": ("VOLTAIC", "supplier"),
           "item_family": ("electronics", "family")}  # fmt: skip


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
