"""Required and forbidden facts: what each answer must state, and must not, with tolerances."""

from __future__ import annotations

import re

from evals.cases import EvalCase, Fact, Say
from evals.numbers import figures
from evals.scorers.base import ScoreResult, verdict
from evals.transcript import CaseRun

NAME = "facts"


def states(answer: str, fact: Fact) -> bool:
    """True when the answer states the fact: one of its words, its pattern and its value."""
    lowered = answer.lower()
    if fact.any_of is not None and not any(a.lower() in lowered for a in fact.any_of):
        return False
    if fact.matches is not None and not re.search(fact.matches, answer, re.IGNORECASE):
        return False
    if fact.value is not None:
        return any(abs(v - fact.value) <= fact.tolerance + 1e-9 for _, v in figures(answer))
    return True


def score_facts(case: EvalCase, run: CaseRun) -> ScoreResult:
    checked = 0
    problems: list[str] = []
    for index, (step, record) in enumerate(zip(case.steps, run.steps, strict=False)):
        if not isinstance(step, Say):
            continue
        expect = step.expect
        if not expect.must_state and not expect.must_not_state:
            continue
        checked += 1
        missing = [f.describe() for f in expect.must_state if not states(record.answer, f)]
        stated = [f.describe() for f in expect.must_not_state if states(record.answer, f)]
        if missing:
            problems.append(f"turn {index + 1} does not state {', '.join(missing)}")
        if stated:
            problems.append(f"turn {index + 1} states forbidden {', '.join(stated)}")
    if not checked:
        return ScoreResult.skip(NAME, "no facts expected")
    if len(run.steps) < len(case.steps):
        problems.append(f"the run stopped after {len(run.steps)} of {len(case.steps)} steps")
    return verdict(NAME, problems, f"facts stated as expected in {checked} turn(s)")
