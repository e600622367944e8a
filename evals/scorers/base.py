"""What every scorer returns, and the shape a scorer has."""

from __future__ import annotations

from typing import Any, Protocol

from pydantic import BaseModel, Field

from evals.cases import EvalCase
from evals.transcript import CaseRun


class ScoreResult(BaseModel):
    """One scorer's verdict on one run: passed, why, and the details a person needs to see."""

    name: str
    passed: bool
    reason: str
    applicable: bool = True  # False: the case asks nothing of this scorer
    details: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def skip(cls, name: str, reason: str) -> ScoreResult:
        return cls(name=name, passed=True, applicable=False, reason=reason)


class Scorer(Protocol):
    name: str

    def __call__(self, case: EvalCase, run: CaseRun) -> ScoreResult: ...


def verdict(
    name: str, problems: list[str], ok: str, details: dict[str, Any] | None = None
) -> ScoreResult:
    """Passed when there are no problems; the reason lists them, else says what held."""
    return ScoreResult(
        name=name,
        passed=not problems,
        reason="; ".join(problems) if problems else ok,
        details=details or {},
    )
