"""The scorers every case runs through; a case passes when every applicable one passes."""

from __future__ import annotations

from collections.abc import Callable

from evals.cases import EvalCase
from evals.scorers.base import ScoreResult
from evals.scorers.facts import score_facts
from evals.scorers.final_state import score_final_state
from evals.scorers.grounding import score_grounding
from evals.scorers.policy import score_policy
from evals.scorers.trajectory import score_trajectory
from evals.transcript import CaseRun

ScoreFn = Callable[[EvalCase, CaseRun], ScoreResult]
SCORERS: tuple[ScoreFn, ...] = (
    score_trajectory,
    score_final_state,
    score_grounding,
    score_facts,
    score_policy,
)
SCORER_NAMES = ("trajectory", "final_state", "grounding", "facts", "policy")


def score_run(case: EvalCase, run: CaseRun, extra: tuple[ScoreFn, ...] = ()) -> list[ScoreResult]:
    return [scorer(case, run) for scorer in SCORERS + extra]


__all__ = ["SCORERS", "SCORER_NAMES", "ScoreResult", "score_run"]
