"""The composer's arithmetic ledger: every figure it computes is recorded with its inputs, so
the grounding check can trace it (a count of listed ids, a difference of two tool values)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from agent.grounding import Derivation

_current: ContextVar[list[Derivation] | None] = ContextVar("lineside_ledger", default=None)


@contextmanager
def recording() -> Iterator[list[Derivation]]:
    """Collect what the composer computes while the answer is written."""
    ledger: list[Derivation] = []
    token = _current.set(ledger)
    try:
        yield ledger
    finally:
        _current.reset(token)


def _record(derivation: Derivation) -> float:
    ledger = _current.get()
    if ledger is not None:
        ledger.append(derivation)
    return derivation.value


def count(ids: Sequence[str]) -> int:
    """How many of these listed ids (each must appear in a tool result)."""
    return int(_record(Derivation(float(len(ids)), "count", items=tuple(str(i) for i in ids))))


def difference(a: float, b: float) -> float:
    return _record(Derivation(a - b, "difference", (a, b)))


def abs_difference(a: float, b: float) -> float:
    return _record(Derivation(abs(a - b), "abs_difference", (a, b)))


def total(values: Sequence[float]) -> float:
    """The sum of these tool values (line hours at risk over several shortages)."""
    return _record(Derivation(float(sum(values)), "sum", tuple(float(v) for v in values)))


def whole_hours(minutes: float) -> int:
    """Whole hours of a duration in minutes ('115h00' from 6,900 minutes)."""
    return int(_record(Derivation(float(int(abs(minutes)) // 60), "whole_hours", (minutes,))))
