"""The solver's weights, report and stability, and `lineside schedule jobshop` parameters."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cli.main import app
from domain.scheduling.model import Job, Operation, Problem, WorkCentre
from domain.scheduling.solver import solve

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
