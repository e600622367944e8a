"""`lineside kpi` and `lineside risk` over the small hand-made company, and supplier performance."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from cli import kpi as kpi_cli
from cli import risk as risk_cli
from cli.main import app
from domain.kpis import KpiInputError
from domain.kpis.supplier_performance import supplier_performance
from tests.integration.test_kpi_compute import FEB, build_small_company

pytestmark = pytest.mark.integration


@pytest.fixture
def small_company(empty_db: Engine) -> Engine:
    build_small_company(empty_db)
    return empty_db


@pytest.fixture
def cli(small_company: Engine, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setattr(kpi_cli, "get_engine", lambda: small_company)
    monkeypatch.setattr(risk_cli, "get_engine", lambda: small_company)
    return CliRunner()


def test_supplier_performance_compares_with_the_portfolio(small_company: Engine) -> None:
    perf = supplier_performance(small_company, "voltaic components", FEB)
    assert perf.supplier == "VOLT" and perf.supplier_name == "Voltaic Components"
    assert perf.otif == pytest.approx(100 / 3) and perf.portfolio_otif == pytest.approx(40)
    late = perf.measure("average_days_late")
    assert (late.supplier, late.portfolio) == (pytest.approx(0.75), pytest.approx(0.6))
    assert late.worse_than_portfolio and perf.measure("supplier_otif").worse_than_portfolio
    assert perf.measure("confirmation_rate").supplier == pytest.approx(25)
    assert (perf.open_po_lines, perf.open_qty) == (1, 1000)  # PO-8
    assert "Supplier OTIF of Voltaic Components: 33.3% (portfolio 40.0%)" in perf.summary()
    assert supplier_performance(small_company, "POLY", FEB, plant="sal").otif == 0
    with pytest.raises(KpiInputError, match="unknown supplier"):
        supplier_performance(small_company, "Nobody")


def test_kpi_list_shows_name_owner_and_definition(cli: CliRunner) -> None:
    result = cli.invoke(app, ["kpi", "list", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 10
    assert rows[0]["name"] == "supplier_otif" and rows[0]["owner"]
    table = cli.invoke(app, ["kpi", "list"])
    assert "premium_freight_spend" in table.stdout


def test_kpi_show_json_carries_value_rows_and_definition(cli: CliRunner) -> None:
    args = ["kpi", "show", "OTIF", "--by", "supplier", "--period", FEB, "--json"]
    result = cli.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["kpi"] == "supplier_otif" and data["value"] == 40.0
    assert {r["group"]: r["value"] for r in data["rows"]} == {"POLY": 50.0, "VOLT": 33.3333}
    assert data["period"]["label"] == FEB and "not OT% × IF%" in data["definition"]
    table = cli.invoke(app, ["kpi", "show", "otif", "--plant", "LKS", "--period", FEB])
    assert "Supplier OTIF: 50.0%" in table.stdout


def test_kpi_show_and_supplier_errors_exit_2(cli: CliRunner) -> None:
    result = cli.invoke(app, ["kpi", "show", "happiness"])
    assert result.exit_code == 2 and "known KPIs:" in result.stderr
    result = cli.invoke(app, ["kpi", "show", "otif", "--period", "someday"])
    assert result.exit_code == 2 and "period 'someday' is not understood" in result.stderr
    result = cli.invoke(app, ["kpi", "supplier", "VOLT", "--period", FEB, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["open_po_lines"] == 1


def test_risk_po_prints_the_factors(cli: CliRunner) -> None:
    result = cli.invoke(app, ["risk", "po", "PO-8", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["score"] == 91.2 and data["level"] == "high"
    assert {f["name"] for f in data["factors"]} == {
        "supplier_history", "confirmation", "asn", "quality", "criticality", "time_to_need",
    }  # fmt: skip
    assert "confirmed only 40 of 1,000" in data["explanation"]
    table = cli.invoke(app, ["risk", "top", "--plant", "LKS"])
    assert "PO-8" in table.stdout and "PO-6" in table.stdout
    missing = cli.invoke(app, ["risk", "po", "PO-404"])
    assert missing.exit_code == 2 and "unknown PO 'PO-404'" in missing.stderr
