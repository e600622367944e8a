"""Grounding: every figure an answer states traces to a tool result of the run, or the user.

Stricter than the agent's own check: no sums or differences of evidence numbers, only a
rounding of one of them (or the same figure as a percentage). Ids, dates and clock times are
not figures, nor is quoted text or a display count ("+6 more"); counts up to ten need no
source (a figure written with decimals, "6.0 pts", is no count). A gap between two values is
traced only when a result records it (kpi_compare's difference), never as their arithmetic.
"""

from __future__ import annotations

from evals.cases import EvalCase, Say
from evals.numbers import all_numbers, decimals, figures
from evals.scorers.base import ScoreResult, verdict
from evals.transcript import CaseRun

NAME = "grounding"
FREE_COUNT = 10


def evidence_values(texts: list[str]) -> set[float]:
    values: set[float] = set()
    for text in texts:
        for value in all_numbers(text):
            values.update((abs(value), abs(value) * 100, abs(value) / 100))
    return values


def untraced(answer: str, evidence: list[str]) -> list[str]:
    """The figures of `answer` that no evidence text supports."""
    known = evidence_values(evidence)
    missing = []
    for token, value in figures(answer, claims_only=True):
        if value.is_integer() and 0 <= value <= FREE_COUNT and "." not in token:
            continue  # a small count; "6.0 pts" is a measured figure, not a count
        tolerance = 0.5 * 10 ** -decimals(token) + 1e-9
        if not any(abs(abs(value) - k) <= tolerance for k in known):
            missing.append(token)
    return missing


def score_grounding(case: EvalCase, run: CaseRun) -> ScoreResult:
    if not run.tool_results_visible:
        return ScoreResult.skip(NAME, "the target does not expose tool results")
    evidence: list[str] = []
    checked = 0
    problems: list[str] = []
    for index, (step, record) in enumerate(zip(case.steps, run.steps, strict=False)):
        evidence += [record.text] + [c.result for c in record.tool_calls]
        if not isinstance(step, Say) or not step.expect.grounded or not record.answer:
            continue
        checked += 1
        missing = untraced(record.answer, evidence)
        if missing:
            problems.append(
                f"turn {index + 1} states {', '.join(sorted(set(missing)))} found in no tool result"
            )
    if not checked:
        return ScoreResult.skip(NAME, "no answer to check")
    return verdict(NAME, problems, f"every figure traced in {checked} answer(s)")
