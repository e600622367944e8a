"""`lineside eval run --target` grades a running service as the in-process runner grades code."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from evals.cases import load_suite
from evals.http import HttpDriver
from evals.inprocess import InProcessDriver
from evals.runner import CaseResult, run_cases
from tests.support.server import serve

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
# A read, a proposal, an approval reported back, a refused decision, a refusal, a follow-up.
CASES = (
    "buyer-po-risk-7781",
    "buyer-expedite-air-600",
    "plant-manager-approves-expedite",
    "planner-cannot-approve-expedite",
    "sal-buyer-lks-shortages-refused",
    "planner-followup-another-day",
)
USERS = ("dana.kim", "luis.ortega", "priya.nair", "sam.okafor")


def _verdicts(results: list[CaseResult]) -> dict[str, dict[str, bool]]:
    return {r.id: {s.name: s.passed for s in r.scorers if s.applicable} for r in results}


def test_target_gets_the_in_process_verdicts(
    demo_db: Engine, demo_template: str, tmp_path: Path
) -> None:
    cases = [c for c in load_suite("core") if c.id in CASES]
    local = InProcessDriver(demo_template, "offline")
    try:
        expected = run_cases(cases, local)
    finally:
        local.close()
    env = {"LINESIDE_RATE_BURST": "1000", "LINESIDE_RATE_PER_MINUTE": "10000"}
    with serve(demo_db, tmp_path, env=env) as server:
        remote = HttpDriver(server.base_url, tokens={u: server.token(u) for u in USERS})
        try:
            actual = run_cases(cases, remote)
        finally:
            remote.close()
    assert len(actual) == len(CASES)
    assert _verdicts(actual) == _verdicts(expected)
    executed = next(r for r in actual if r.id == "plant-manager-approves-expedite")
    assert executed.trials[0].run.proposals[0].status == "executed"
    assert all(r.trials[0].run.tool_results_visible for r in actual)
