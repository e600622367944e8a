"""Issue 4's remaining promises: weights, solver report, parameters, disruption, DST, bad input."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from cli import schedule as schedule_cli
from cli.main import app
from domain.scheduling.model import Job, Operation, Problem, WorkCentre
from domain.scheduling.solver import solve
from tests.integration.tools_support import call, data

FT06 = Path(__file__).resolve().parents[1] / "data" / "jobshop" / "ft06.txt"


def one_op(
    jid: str, duration: int, *, due: int, weight: int = 1, planned: int | None = None
) -> Job:
    return Job(jid, (Operation("L1", duration, planned_start=planned),), item=jid, due=due,
               weight=weight)  # fmt: skip


def test_the_heavier_due_date_wins_the_contested_slot() -> None:
    jobs = [one_op("LIGHT", 60, due=60, weight=1), one_op("HEAVY", 60, due=60, weight=5)]
    solution = solve(Problem(jobs, [WorkCentre("L1")], horizon=500), time_limit=10)
    starts = {op.job: op.start for op in solution.operations}
    assert starts["HEAVY"] == 0 and starts["LIGHT"] == 60
    assert solution.terms["tardiness"] == 60  # LIGHT late by 60 at weight 1


def test_the_solver_reports_status_objective_bound_and_gap() -> None:
    jobs = [one_op("A", 30, due=30, planned=0), one_op("B", 30, due=30, planned=30)]
    solution = solve(Problem(jobs, [WorkCentre("L1")], horizon=500), time_limit=10, workers=1)
    assert solution.status == "OPTIMAL"
    assert solution.objective is not None and solution.bound == solution.objective
    assert solution.gap == 0.0


def test_a_plan_with_no_reason_to_change_moves_nothing() -> None:
    jobs = [one_op(f"J{i}", 30, due=30 * (i + 1), planned=30 * i) for i in range(4)]
    solution = solve(Problem(jobs, [WorkCentre("L1")], horizon=500), time_limit=10)
    assert {op.job: op.start for op in solution.operations} == {f"J{i}": 30 * i for i in range(4)}
    assert solution.terms["moved"] == 0 and solution.terms["distance"] == 0


def test_jobshop_workers_parameter_and_bad_parameters() -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["schedule", "jobshop", str(FT06), "--workers", "1", "--json"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["makespan"] == 55
    for bad in (["--workers", "0"], ["--time-limit", "-3"]):
        refused = runner.invoke(app, ["schedule", "jobshop", str(FT06), *bad])
        assert refused.exit_code == 2 and bad[0] in refused.output


def test_jobshop_human_output_names_makespan_bound_status_and_optimum() -> None:
    result = CliRunner().invoke(app, ["schedule", "jobshop", str(FT06)], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "makespan 55, lower bound 55, OPTIMAL" in result.stdout
    assert "(published optimum 55)" in result.stdout


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
