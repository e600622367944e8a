"""The demo's shortages through the repository and the `lineside shortages` CLI on PostgreSQL."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from cli import shortages as shortages_cli
from cli.main import app
from domain.clock import DEMO_AS_OF, as_of
from domain.planning.inputs import ProjectionInput
from domain.planning.policy import SupplyPolicy
from domain.planning.repository import (
    clear_to_build,
    load_projection_input,
    material_ready_times_for_plant,
    shortages_for_plant,
)
from tests.unit.test_planning_demo import demo_input

pytestmark = pytest.mark.integration

DETROIT = ZoneInfo("America/Detroit")
EXPECTED = [
    ("T-3105", "2026-03-02T10:00:00-05:00", 20.0),
    ("E-4410", "2026-03-04T06:00:00-05:00", 30.0),
    ("F-2200", "2026-03-04T10:00:00-05:00", 200.0),
]


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=DETROIT)


def _supply(data: ProjectionInput) -> list[tuple[str, int, float, int, int]]:
    return sorted(
        (data.items[i], int(t), round(float(q), 6), int(k), int(p))
        for i, t, q, k, p in zip(
            data.supply_item, data.supply_at, data.supply_qty, data.supply_kind,
            data.supply_po_line, strict=True,
        )
    )  # fmt: skip


def test_demo_clock_is_the_as_of_time(demo_db_shared: Engine) -> None:
    assert as_of(demo_db_shared) == DEMO_AS_OF


def test_repository_input_matches_the_pure_adapter(demo_db_shared: Engine) -> None:
    sql = load_projection_input(demo_db_shared, "LKS", DEMO_AS_OF, "14d")
    rows = demo_input()
    assert sql.items == rows.items
    assert _supply(sql) == _supply(rows)
    assert [w.id for w in sql.work_orders] == [w.id for w in rows.work_orders]
    assert np.array_equal(sql.demand_qty, rows.demand_qty)
    assert np.array_equal(sql.demand_at, rows.demand_at)
    assert np.array_equal(sql.available, rows.available)
    assert np.array_equal(sql.held, rows.held)


def test_demo_shortages_through_the_repository(demo_db_shared: Engine) -> None:
    shortages = shortages_for_plant(demo_db_shared, "LKS")
    assert [(s.item, s.as_dict("America/Detroit")["first_short_at"], s.qty_short)
            for s in shortages] == EXPECTED  # fmt: skip
    foam = next(s for s in shortages if s.item == "F-2200")
    assert foam.line_hours_at_risk == 1.0
    assert foam.recovered_at == at(4, 11)
    assert foam.recovered_by == ("PO-7790/1 ASN-55102",)
    assert foam.work_orders == ("WO-SEAT1-0304-1000",)


def test_demo_line_and_item_filters(demo_db_shared: Engine) -> None:
    assert [s.item for s in shortages_for_plant(demo_db_shared, "LKS", line="LKS-DOOR1")] == [
        "T-3105"
    ]
    (heater,) = shortages_for_plant(demo_db_shared, "LKS", item="E-4410")
    assert heater.first_short_at == at(4, 6)
    unconfirmed = shortages_for_plant(
        demo_db_shared, "LKS", item="E-4410", policy=SupplyPolicy(include_unconfirmed=True)
    )
    assert [s.first_short_at for s in unconfirmed] != [at(4, 6)]


def test_demo_clear_to_build_and_ready_times(demo_db_shared: Engine) -> None:
    ctb = {c.work_order: c for c in clear_to_build(demo_db_shared, "LKS")}
    assert ctb["WO-SEAT1-0304-1000"].clear is False
    assert [(s.item, s.qty_short) for s in ctb["WO-SEAT1-0304-1000"].short] == [("F-2200", 200.0)]
    assert ctb["WO-DOOR1-0302-0600"].clear
    ready = material_ready_times_for_plant(demo_db_shared, "LKS")
    assert ready["WO-SEAT1-0304-1000"] == at(4, 11)
    assert ready["WO-DOOR1-0302-0600"] == DEMO_AS_OF


@pytest.fixture
def cli(demo_db_shared: Engine, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setattr(shortages_cli, "get_engine", lambda: demo_db_shared)
    return CliRunner()


def test_cli_json_lists_exactly_the_three_shortages(cli: CliRunner) -> None:
    result = cli.invoke(app, ["shortages", "--plant", "LKS", "--horizon", "14d", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["item"], r["first_short_at"], r["qty_short"]) for r in rows] == EXPECTED
    assert all(r["plant"] == "LKS" and r["work_orders"] for r in rows)
    assert rows[2]["work_orders"] == ["WO-SEAT1-0304-1000"]
    assert rows[0]["policy"]["include_unconfirmed"] is False


def test_cli_plant_code_is_case_insensitive(cli: CliRunner) -> None:
    result = cli.invoke(app, ["shortages", "--plant", " lks ", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["item"], r["first_short_at"], r["qty_short"]) for r in rows] == EXPECTED


def test_cli_table_states_the_policy_in_plant_time(cli: CliRunner) -> None:
    result = cli.invoke(app, ["shortages", "--plant", "LKS"])
    assert result.exit_code == 0, result.output
    for item in ("E-4410", "F-2200", "T-3105"):
        assert item in result.stdout
    assert "as of Mon 2026-03-02 06:00 EST" in result.stdout
    assert "Wed 03-04 10:00" in result.stdout
    assert "unconfirmed supply excluded, held stock excluded" in " ".join(result.stdout.split())


def test_cli_unknown_plant_and_bad_horizon_exit_2(cli: CliRunner) -> None:
    result = cli.invoke(app, ["shortages", "--plant", "NOPE"])
    assert result.exit_code == 2
    assert "unknown plant 'NOPE'; known plants: GYR, LKS, SAL" in result.stderr
    result = cli.invoke(app, ["shortages", "--plant", "LKS", "--horizon", "fortnight"])
    assert result.exit_code == 2
    assert "horizon 'fortnight' is not understood" in result.stderr
