"""Runs suites of cases through a driver, scores each trial, and gathers the report."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from math import comb
from typing import Any, Protocol

from pydantic import BaseModel, Field

from evals.cases import EvalCase
from evals.scorers import ScoreFn, score_run
from evals.scorers.base import ScoreResult
from evals.transcript import CaseRun


class Driver(Protocol):
    """Runs one trial of a case on fresh state (in-process or against a deployment)."""

    def run(self, case: EvalCase, trial: int = 0) -> CaseRun: ...

    def close(self) -> None: ...


class TrialResult(BaseModel):
    run: CaseRun
    scores: list[ScoreResult]

    @property
    def passed(self) -> bool:
        return all(s.passed for s in self.scores if s.applicable)


class CaseResult(BaseModel):
    """A case over all its trials: passed only if every trial passed (pass^k with k = trials)."""

    id: str
    suite: str
    title: str
    persona: str
    user: str
    intent: str
    tags: list[str]
    passed: bool
    successes: int
    trials: list[TrialResult]
    pass_hat_k: dict[str, float]
    scorers: list[ScoreResult]  # of the first failing trial, else of the first
    latency_ms: float
    tokens: int | None
    expected: dict[str, Any] = Field(default_factory=dict)


class GroupStats(BaseModel):
    cases: int
    passed: int
    pass_rate: float
    policy_pass_rate: float
    pass_hat_k: dict[str, float] = Field(default_factory=dict)
    latency_ms_p50: float = 0.0
    tokens_per_case: float | None = None  # mean over the cases whose model reported usage


class Report(BaseModel):
    pass_rate: float
    started_at: str
    model: str
    target: str | None
    repeat: int
    suites: dict[str, GroupStats]
    by_persona: dict[str, GroupStats]
    by_intent: dict[str, GroupStats]
    by_scorer: dict[str, float]
    cases: list[CaseResult]


def pass_hat_k(successes: int, trials: int, k: int) -> float:
    """tau-bench's pass^k: the chance that k trials drawn from these all pass."""
    return comb(successes, k) / comb(trials, k) if trials >= k else 0.0


def _case_result(case: EvalCase, trials: list[TrialResult]) -> CaseResult:
    successes = sum(t.passed for t in trials)
    shown = next((t for t in trials if not t.passed), trials[0])
    latencies = [t.run.latency_ms for t in trials]
    tokens = [t.run.tokens for t in trials if t.run.tokens is not None]
    return CaseResult(
        id=case.id,
        suite=case.suite,
        title=case.title,
        persona=case.persona,
        user=case.user,
        intent=case.intent,
        tags=case.tags,
        passed=successes == len(trials),
        successes=successes,
        trials=trials,
        pass_hat_k={
            str(k): pass_hat_k(successes, len(trials), k) for k in range(1, len(trials) + 1)
        },
        scorers=shown.scores,
        latency_ms=sum(latencies) / len(latencies),
        tokens=round(sum(tokens) / len(tokens)) if tokens else None,
        expected=case.model_dump(mode="json", by_alias=True, exclude_defaults=True),
    )


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def group(results: Sequence[CaseResult]) -> GroupStats:
    passed = sum(r.passed for r in results)
    policy = sum(all(s.passed for s in r.scorers if s.name == "policy") for r in results)
    n = len(results)
    repeat = max((len(r.trials) for r in results), default=1)
    counted = [r.tokens for r in results if r.tokens is not None]
    return GroupStats(
        cases=n,
        passed=passed,
        pass_rate=passed / n if n else 0.0,
        policy_pass_rate=policy / n if n else 0.0,
        pass_hat_k={
            str(k): sum(r.pass_hat_k.get(str(k), 0.0) for r in results) / n if n else 0.0
            for k in range(1, repeat + 1)
        },
        latency_ms_p50=_median([r.latency_ms for r in results]),
        tokens_per_case=sum(counted) / len(counted) if counted else None,
    )


def _by(results: list[CaseResult], key: Callable[[CaseResult], str]) -> dict[str, GroupStats]:
    keys = sorted({key(r) for r in results})
    return {k: group([r for r in results if key(r) == k]) for k in keys}


def build_report(
    results: list[CaseResult], *, model: str, target: str | None, repeat: int
) -> Report:
    scorer_names = sorted({s.name for r in results for s in r.scorers})
    by_scorer = {}
    for name in scorer_names:
        applicable = [s for r in results for s in r.scorers if s.name == name and s.applicable]
        by_scorer[name] = sum(s.passed for s in applicable) / len(applicable) if applicable else 1.0
    return Report(
        pass_rate=sum(r.passed for r in results) / len(results) if results else 0.0,
        started_at=datetime.now(UTC).isoformat(timespec="seconds"),
        model=model,
        target=target,
        repeat=repeat,
        suites=_by(results, lambda r: r.suite),
        by_persona=_by(results, lambda r: r.persona),
        by_intent=_by(results, lambda r: r.intent),
        by_scorer=by_scorer,
        cases=results,
    )


def run_cases(
    cases: Sequence[EvalCase],
    driver: Driver,
    *,
    repeat: int = 1,
    extra_scorers: tuple[ScoreFn, ...] = (),
    on_trial: Callable[[EvalCase, TrialResult], None] | None = None,
) -> list[CaseResult]:
    """Every case `repeat` times, each trial on its own fresh state, scored."""
    prepare = getattr(driver, "prepare", None)
    if prepare is not None:
        prepare(len(cases) * repeat)
    results = []
    for case in cases:
        trials = []
        for trial in range(repeat):
            run = driver.run(case, trial)
            result = TrialResult(run=run, scores=score_run(case, run, extra_scorers))
            trials.append(result)
            if on_trial is not None:
                on_trial(case, result)
        results.append(_case_result(case, trials))
    return results
