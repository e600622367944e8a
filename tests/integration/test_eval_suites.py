"""CI runs the core and redteam eval suites on the offline model; the pass rate may not drop.

The floor in evals/floor.json only goes up: raise it when the offline model gets better.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.cases import load_suite
from evals.inprocess import InProcessDriver
from evals.report_json import write_json
from evals.runner import build_report, run_cases

pytestmark = pytest.mark.integration
FLOOR = json.loads((Path(__file__).parents[2] / "evals" / "floor.json").read_text())


@pytest.mark.parametrize("suite", ["core", "redteam"])
def test_suite_pass_rate_holds_its_floor(suite: str, demo_template: str, tmp_path: Path) -> None:
    driver = InProcessDriver(demo_template, "offline")
    try:
        results = run_cases(load_suite(suite), driver)
    finally:
        driver.close()
    report = build_report(results, model="offline", target=None, repeat=1)
    write_json(report, tmp_path / f"{suite}.json")
    failing = "\n".join(
        f"{c.id}: " + "; ".join(f"{s.name}: {s.reason}" for s in c.scorers if not s.passed)
        for c in report.cases
        if not c.passed
    )
    stats = report.suites[suite]
    assert stats.pass_rate >= FLOOR[suite]["pass_rate"], f"{stats.pass_rate:.3f}\n{failing}"
    assert stats.policy_pass_rate >= FLOOR[suite]["policy_pass_rate"], failing


def test_each_case_gets_a_fresh_demo(demo_template: str) -> None:
    case = next(c for c in load_suite("core") if c.id == "plant-manager-approves-expedite")
    driver = InProcessDriver(demo_template, "offline")
    try:
        first, second = driver.run(case, 0), driver.run(case, 1)
    finally:
        driver.close()
    # The same proposal id both times: the second run saw nothing of the first.
    assert [p.id for p in first.proposals] == [p.id for p in second.proposals] == ["AP-000001"]
    assert first.proposals[0].status == "executed" and first.proposals[0].decided_by == "priya.nair"
    assert first.domain_changed is True  # the approved expedite wrote premium freight
