"""The grounding check: every number an answer states must come from the thread's evidence."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import Engine

from governance.audit import AuditEntry, append_audit

# Ids such as PO-7781, E-4410, LKS-SEAT1, ASN-55102, PR-12, L-3105-0311: names, not quantities.
IDENTIFIER_RE = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:[-_:/][A-Za-z0-9]+)*[-_:][0-9][\w/:-]*")
NUMBER_RE = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?")
FREE_INTEGERS = 10  # counts up to ten ("2 shortages", "1 hour") need no citation
MAX_PAIR_NUMBERS = 400  # sums and differences are tried over at most this many evidence numbers
REMOVED = "[figure removed]"


@dataclass(frozen=True)
class Grounding:
    """The checked answer: its text, the numbers that had no support, and what was done."""

    text: str
    unsupported: tuple[str, ...]
    action: str  # ok | regenerated | numbers_removed


def numbers_in(text: str) -> list[tuple[str, float]]:
    """Numbers a reader would take as figures (ids such as PO-7781 excluded)."""
    stripped = IDENTIFIER_RE.sub(" ", text)
    found = []
    for token in NUMBER_RE.findall(stripped):
        try:
            found.append((token, float(token.replace(",", ""))))
        except ValueError:
            continue
    return found


def _decimals(token: str) -> int:
    return len(token.split(".", 1)[1]) if "." in token else 0


def evidence_numbers(evidence: Iterable[str]) -> set[float]:
    """Every number of the evidence (ids included: a quantity may hide in one), as-is and ×/÷100."""
    values: set[float] = set()
    for text in evidence:
        for token in NUMBER_RE.findall(text) + NUMBER_RE.findall(IDENTIFIER_RE.sub(" ", text)):
            try:
                value = float(token.replace(",", ""))
            except ValueError:
                continue
            values.update((value, abs(value), value * 100, value / 100))
    return values


def supported(token: str, value: float, known: set[float], pairs: list[float]) -> bool:
    """True when `value` is a rounding of a known number, a count, or a sum/difference of two."""
    if value.is_integer() and 0 <= value <= FREE_INTEGERS:
        return True
    tolerance = 0.5 * 10 ** -_decimals(token) + 1e-9
    if any(abs(abs(value) - k) <= tolerance for k in known):
        return True
    return any(
        abs(abs(value) - abs(a + b)) <= tolerance or abs(abs(value) - abs(a - b)) <= tolerance
        for a, b in itertools.combinations(pairs, 2)
    )


def unsupported_numbers(answer: str, evidence: Iterable[str]) -> list[str]:
    """The figures of `answer` that no evidence text supports."""
    texts = list(evidence)
    known = evidence_numbers(texts)
    pairs = sorted({abs(v) for v in known if v})[:MAX_PAIR_NUMBERS]
    return [tok for tok, value in numbers_in(answer) if not supported(tok, value, known, pairs)]


def remove_numbers(answer: str, tokens: Iterable[str]) -> str:
    """The answer with each unsupported figure replaced by a visible marker."""
    text = answer
    for token in sorted(set(tokens), key=len, reverse=True):
        text = re.sub(rf"(?<![\w.]){re.escape(token)}(?![\d])", REMOVED, text)
    return text


def ground_answer(
    answer: str, evidence: list[str], regenerate: Callable[[list[str]], str] | None = None
) -> Grounding:
    """Check `answer`; on failure regenerate once (if possible), else remove the figures."""
    missing = unsupported_numbers(answer, evidence)
    if not missing:
        return Grounding(answer, (), "ok")
    if regenerate is not None:
        retry = regenerate(missing)
        if retry.strip() and not unsupported_numbers(retry, evidence):
            return Grounding(retry, tuple(missing), "regenerated")
    return Grounding(remove_numbers(answer, missing), tuple(missing), "numbers_removed")


def audit_grounding(
    engine: Engine,
    grounding: Grounding,
    *,
    actor: str,
    channel: str,
    thread_id: str,
    model: str,
) -> None:
    """Record a failed grounding check and what was done about it in the audit chain."""
    append_audit(
        engine,
        AuditEntry(
            kind="grounding",
            actor=actor,
            outcome=grounding.action,
            channel=channel,
            thread_id=thread_id,
            arguments={"unsupported": list(grounding.unsupported)},
            model=model,
            detail="answer stated figures not found in the thread's tool results",
        ),
    )
