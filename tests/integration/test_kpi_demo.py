"""Every KPI on the demo company, and the figures DOMAIN.md states about Voltaic and PO-7781."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from domain.clock import DEMO_AS_OF
from domain.kpis import compute_kpi, list_kpis
from domain.kpis.supplier_performance import supplier_performance
from domain.risk import po_line_risk, risky_po_lines

pytestmark = pytest.mark.integration


def test_voltaic_otif_is_about_71_and_the_portfolio_about_93(demo_db_shared: Engine) -> None:
    result = compute_kpi(demo_db_shared, "supplier_otif", period="90d", group_by="supplier")
    assert result.as_of == DEMO_AS_OF
    assert result.value == pytest.approx(93, abs=1.5)
    assert result.row("VOLTAIC").value == pytest.approx(71, abs=1.5)
    lowest = min(result.rows, key=lambda r: r.value if r.value is not None else 101)
    assert lowest.group == "VOLTAIC"
    assert lowest.label == "Voltaic Components"


@pytest.mark.parametrize("kpi", [k.name for k in list_kpis()])
def test_every_kpi_computes_on_the_demo_with_its_definition(
    demo_db_shared: Engine, kpi: str
) -> None:
    # No premium freight is approved in the first hours of March: look back 90 days for it.
    period = "90d" if kpi == "premium_freight_spend" else None
    result = compute_kpi(demo_db_shared, kpi, plant="LKS", group_by="plant", period=period)
    assert result.definition and result.owner
    assert [r.group for r in result.rows] == ["LKS"]
    assert result.rows[0].value == pytest.approx(result.value)
    assert result.value is not None and result.value > 0, kpi


def test_demo_kpi_values_match_the_story(demo_db_shared: Engine) -> None:
    risk_hours = compute_kpi(demo_db_shared, "line_stop_risk_hours", plant="LKS", group_by="item")
    items = {r.group for r in risk_hours.rows}
    assert items == {"E-4410", "F-2200", "T-3105"}
    assert risk_hours.row("F-2200").value == pytest.approx(1.0)  # covered again at 11:00
    assert risk_hours.row("E-4410").value == pytest.approx(6 * 3.5)  # Orion WOs Wed-Fri
    assert risk_hours.value == pytest.approx(sum(r.value or 0 for r in risk_hours.rows))
    dos = compute_kpi(demo_db_shared, "days_of_supply", plant="LKS", group_by="item")
    # Two weeks of schedule: 2 Orion WOs of 210 a day need 300 E-4410 a day over 14 days.
    assert dos.row("E-4410").value == pytest.approx(620 / (20 * 210 / 14))
    assert dos.row("F-2200").value == pytest.approx(1900 / (40 * 210 / 14))
    assert dos.row("T-3105").value == pytest.approx(300 / (40 * 160 / 14))  # held lot excluded
    aging = compute_kpi(demo_db_shared, "exception_aging", plant="LKS")
    assert aging.overall.count >= 3  # the three disruptions are open alerts
    freight = compute_kpi(demo_db_shared, "premium freight", period="last 365 days")
    assert freight.overall.count > 0 and (freight.value or 0) > 0


def test_voltaic_performance_against_the_portfolio(demo_db_shared: Engine) -> None:
    perf = supplier_performance(demo_db_shared, "Voltaic", "90d")
    assert perf.supplier == "VOLTAIC"
    assert perf.otif == pytest.approx(71, abs=1.5)
    assert perf.portfolio_otif == pytest.approx(93, abs=1.5)
    assert perf.measure("supplier_otif").worse_than_portfolio
    assert perf.open_po_lines >= 2  # PO-7781 and PO-7819
    assert "Supplier OTIF of Voltaic Components: 7" in perf.summary()


def test_po_7781_line_1_explains_the_partial_confirmation_and_otif(
    demo_db_shared: Engine,
) -> None:
    risk = po_line_risk(demo_db_shared, "PO-7781", 1)
    assert risk.level == "high"
    why = risk.explanation()
    assert "Voltaic Components confirmed only 400 of 1,000" in why
    assert "600 unconfirmed" in why
    assert "OTIF of Voltaic Components over the last 90 days is 7" in why
    assert "for the portfolio" in why
    assert "E-4410 is projected short Wed 04 Mar 06:00" in why
    facts = risk.facts
    assert (facts.qty_confirmed, facts.qty_ordered) == (400, 1000)
    assert facts.qty_short == 30


def test_riskiest_lks_lines_start_with_the_disruptions(demo_db_shared: Engine) -> None:
    top = risky_po_lines(demo_db_shared, "LKS", top=5)
    assert len(top) == 5
    assert top[0].po_number == "PO-7781"
    assert [r.score for r in top] == sorted((r.score for r in top), reverse=True)
    held = po_line_risk(demo_db_shared, "PO-7790")
    assert "ASN-55102 is held at Toledo cross-dock" in held.explanation(top=6)
