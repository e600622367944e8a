"""The scope rule for KPIs: one supplier's record is company-wide (aggregates only) beside the
user's own plants; every other KPI stays inside the user's plants."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.integration.tools_support import call, data

pytestmark = pytest.mark.integration


def test_a_buyer_sees_a_suppliers_otif_company_wide_and_at_her_plant(
    demo_db_shared: Engine,
) -> None:
    result = call(demo_db_shared, "dana.kim", "kpi_query",
                  {"metric": "supplier_otif", "supplier": "VOLTAIC"})  # fmt: skip
    assert result.ok, result.error
    assert [r["scope_plant"] for r in data(result)] == ["all", "LKS"]
    assert "all plants: Supplier OTIF 71.4%" in result.summary
    assert "LKS: Supplier OTIF 25.0%" in result.summary


def test_a_kpi_without_a_supplier_or_broken_down_by_plant_stays_in_scope(
    demo_db_shared: Engine,
) -> None:
    plain = call(demo_db_shared, "dana.kim", "kpi_query", {"metric": "supplier_otif"})
    assert [r["scope_plant"] for r in data(plain)] == ["LKS"]
    grouped = {"metric": "supplier_otif", "supplier": "VOLTAIC", "group_by": "plant"}
    by_plant = call(demo_db_shared, "dana.kim", "kpi_query", grouped)
    assert [r["scope_plant"] for r in data(by_plant)] == ["LKS"]
    assert not call(demo_db_shared, "dana.kim", "kpi_query",
                    {"metric": "supplier_otif", "plant": "GYR"}).ok  # fmt: skip


def test_one_supplier_against_the_portfolio_is_compared_company_wide(
    demo_db_shared: Engine,
) -> None:
    result = call(demo_db_shared, "dana.kim", "kpi_compare",
                  {"metric": "supplier_otif", "supplier": "VOLTAIC", "compare_to": "portfolio",
                   "period": "last 90 days"})  # fmt: skip
    assert result.ok, result.error
    assert data(result)["plant"] == "all plants" and "71.4%" in result.summary
    at_lks = call(demo_db_shared, "dana.kim", "kpi_compare",
                  {"metric": "supplier_otif", "compare_to": "previous"})  # fmt: skip
    assert at_lks.ok and data(at_lks)["plant"] == "LKS"
