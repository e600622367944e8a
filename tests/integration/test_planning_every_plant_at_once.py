"""The company-wide load (every plant in one statement) gives each plant what it gets alone."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import Engine

from domain.clock import DEMO_AS_OF
from domain.planning.projection import project
from domain.planning.repository import load_projection_input, load_projection_inputs
from domain.planning.shortages import find_shortages

pytestmark = pytest.mark.integration

ARRAYS = ("available", "held", "supply_item", "supply_at", "supply_qty", "supply_kind",
          "supply_po_line", "demand_item", "demand_at", "demand_qty", "demand_wo")  # fmt: skip


def test_every_plant_at_once_equals_each_plant_alone(demo_db_shared: Engine) -> None:
    together = load_projection_inputs(demo_db_shared, None, DEMO_AS_OF, "14d")
    assert sorted(together) == ["GYR", "LKS", "SAL"]
    for plant, data in together.items():
        alone = load_projection_input(demo_db_shared, plant, DEMO_AS_OF, "14d")
        assert data.items == alone.items and data.timezone == alone.timezone
        for name in ARRAYS:
            assert np.array_equal(getattr(data, name), getattr(alone, name)), (plant, name)
        assert list(data.work_orders) == list(alone.work_orders), plant
        assert find_shortages(project(data)) == find_shortages(project(alone)), plant


def test_the_demo_company_has_its_three_shortages_and_nothing_else(demo_db_shared: Engine) -> None:
    together = load_projection_inputs(demo_db_shared, None, DEMO_AS_OF, "14d")
    short = {p: [s.item for s in find_shortages(project(d))] for p, d in together.items()}
    assert short == {"GYR": [], "LKS": ["T-3105", "E-4410", "F-2200"], "SAL": []}
    assert len(together["LKS"].work_orders) > 0 and len(together["LKS"].demand_qty) > 0
