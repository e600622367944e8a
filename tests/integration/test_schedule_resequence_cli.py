"""`schedule resequence` and `propose_resequence` on the demo: bad input, DST, move counts."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from cli import schedule as schedule_cli
from cli.main import app
from tests.integration.tools_support import call, data

pytestmark = pytest.mark.integration


@pytest.fixture
def cli(demo_db_shared: Engine, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setattr(schedule_cli, "get_engine", lambda: demo_db_shared)
    return CliRunner()


def test_resequence_bad_horizon_and_time_limit_are_clear_errors(cli: CliRunner) -> None:
    bad = cli.invoke(app, ["schedule", "resequence", "--line", "LKS-SEAT1", "--horizon", "abc"])
    assert bad.exit_code == 2 and "horizon 'abc' is not understood" in bad.stderr
    neg = cli.invoke(app, ["schedule", "resequence", "--line", "LKS-SEAT1", "--time-limit", "-1"])
    assert neg.exit_code == 2 and "--time-limit" in neg.output


def test_plan_times_after_the_dst_change_are_in_the_plants_zone(cli: CliRunner) -> None:
    args = ["schedule", "resequence", "--line", "LKS-SEAT1", "--horizon", "14d", "--json"]
    result = cli.invoke(app, [*args, "--time-limit", "30"])
    assert result.exit_code == 0, result.output
    data_ = json.loads(result.stdout)
    offsets = {
        p["start"][-6:]
        for p in data_["plan"]
        if datetime.fromisoformat(p["start"]) >= datetime.fromisoformat("2026-03-09T00:00-04:00")
    }
    # Detroit is on EDT (-04:00) after Sun 2026-03-08; shifts still start at 06:00 local.
    assert offsets == {"-04:00"}
    assert any(p["start"].startswith("2026-03-09T06:00") for p in data_["plan"])
    assert all(m["new_start"][-6:] in ("-05:00", "-04:00") for m in data_["moved"])


def test_propose_resequence_counts_moves_as_the_scheduler_does(demo_db: Engine) -> None:
    args = {"line": "LKS-SEAT1", "horizon": "14d", "time_limit_s": 20}
    result = call(demo_db, "luis.ortega", "propose_resequence", args)
    assert result.ok, result.error
    payload = data(result)["payload"]
    moved = len(payload["moved"])
    assert f"WOs moved: {moved}" in payload["kpis"]["summary"]
    renumbered = len(payload["moves"]) - moved
    headline = f"{moved} WO(s) move" + (f", {renumbered} renumbered only" if renumbered else "")
    assert headline in result.summary
    assert {m["work_order"] for m in payload["moved"]} <= {
        m["work_order_id"] for m in payload["moves"]
    }
