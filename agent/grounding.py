"""The grounding check: every number an answer states must come from the thread's evidence."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import Engine

from domain.formatting import DATE_TIME_RE
from governance.audit import AuditEntry, append_audit

# Ids such as PO-7781, E-4410, LKS-SEAT1, ASN-55102, PR-12, L-3105-0311: names, not quantities.
IDENTIFIER_RE = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:[-_:/][A-Za-z0-9]+)*[-_:][0-9][\w/:-]*")
NUMBER_RE = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?")
FREE_INTEGERS = 10  # counts up to ten ("2 shortages", "1 hour") need no citation
REMOVED = "[figure removed]"
SHARE_MAX = 1.0  # a share (0.714) may be stated as a percent (71.4%)


@dataclass(frozen=True)
class Grounding:
    """The checked answer: its text, the numbers that had no support, and what was done."""

    text: str
    unsupported: tuple[str, ...]
    action: str  # ok | regenerated | numbers_removed


@dataclass(frozen=True)
class Derivation:
    """Arithmetic the composer did, with its inputs: value = op(inputs).

    op: difference (a - b), abs_difference, sum, count (len of the ids in `items`), ratio (a / b),
    whole_hours (minutes // 60).
    """

    value: float
    op: str
    inputs: tuple[float, ...] = ()
    items: tuple[str, ...] = ()

    def holds(self) -> bool:
        a = self.inputs
        expected = {
            "difference": lambda: a[0] - a[1],
            "abs_difference": lambda: abs(a[0] - a[1]),
            "sum": lambda: sum(a),
            "count": lambda: float(len(self.items)),
            "ratio": lambda: a[0] / a[1] if a[1] else float("nan"),
            "whole_hours": lambda: float(int(abs(a[0])) // 60),
        }.get(self.op)
        try:
            return expected is not None and abs(expected() - self.value) <= 1e-6 * max(
                1.0, abs(self.value)
            )
        except IndexError:
            return False

    def as_dict(self) -> dict[str, object]:
        return {"value": self.value, "op": self.op, "inputs": list(self.inputs),
                "items": list(self.items)}  # fmt: skip

    @classmethod
    def from_dict(cls, raw: dict[str, object]) -> Derivation:
        return cls(
            float(raw["value"]),  # type: ignore[arg-type]
            str(raw["op"]),
            tuple(float(x) for x in raw.get("inputs") or ()),  # type: ignore[attr-defined]
            tuple(str(x) for x in raw.get("items") or ()),  # type: ignore[attr-defined]
        )


def numbers_in(text: str) -> list[tuple[str, float]]:
    """Numbers a reader would take as figures (ids such as PO-7781, dates and times excluded)."""
    stripped = DATE_TIME_RE.sub(" ", IDENTIFIER_RE.sub(" ", text))
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
    """Every number of the evidence (ids included: a quantity may hide in one); shares as %."""
    values: set[float] = set()
    for text in evidence:
        for token in NUMBER_RE.findall(text) + NUMBER_RE.findall(IDENTIFIER_RE.sub(" ", text)):
            try:
                value = abs(float(token.replace(",", "")))
            except ValueError:
                continue
            values.add(value)
            if value <= SHARE_MAX:
                values.add(value * 100)
    return values


def _known(x: float, known: set[float]) -> bool:
    small = float(x).is_integer() and 0 <= x <= FREE_INTEGERS
    return small or any(abs(abs(x) - k) <= 1e-6 for k in known)


def traced(derivations: Iterable[Derivation], known: set[float], evidence: str) -> set[float]:
    """The values of the composer's arithmetic that hold and whose inputs are traced (in order:
    a count may feed a difference)."""
    found: set[float] = set()
    for d in derivations:
        inputs_known = all(_known(x, known | found) for x in d.inputs)
        items_known = all(item in evidence for item in d.items)
        if d.holds() and inputs_known and items_known:
            found.add(abs(d.value))
            if abs(d.value) <= SHARE_MAX:
                found.add(abs(d.value) * 100)
    return found


def supported(token: str, value: float, known: set[float]) -> bool:
    """True when `value` is a small count or a rounding of a traced number."""
    if value.is_integer() and 0 <= value <= FREE_INTEGERS:
        return True
    tolerance = 0.5 * 10 ** -_decimals(token) + 1e-9
    return any(abs(abs(value) - k) <= tolerance for k in known)


def unsupported_numbers(
    answer: str, evidence: Iterable[str], derivations: Iterable[Derivation] = ()
) -> list[str]:
    """The figures of `answer` that neither a tool result nor recorded arithmetic supports."""
    texts = list(evidence)
    known = evidence_numbers(texts)
    known |= traced(derivations, known, "\n".join(texts))
    return [tok for tok, value in numbers_in(answer) if not supported(tok, value, known)]


def remove_numbers(answer: str, tokens: Iterable[str]) -> str:
    """The answer with each unsupported figure replaced by a visible marker."""
    text = answer
    for token in sorted(set(tokens), key=len, reverse=True):
        text = re.sub(rf"(?<![\w.]){re.escape(token)}(?![\d])", REMOVED, text)
    return text


def ground_answer(
    answer: str,
    evidence: list[str],
    regenerate: Callable[[list[str]], str] | None = None,
    derivations: Iterable[Derivation] = (),
) -> Grounding:
    """Check `answer`; on failure regenerate once (if possible), else remove the figures."""
    derived = list(derivations)
    missing = unsupported_numbers(answer, evidence, derived)
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
