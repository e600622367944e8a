"""Two reports side by side: which cases got better, which got worse, and the rates' moves."""

from __future__ import annotations

from dataclasses import dataclass, field

from evals.runner import CaseResult, Report


@dataclass
class Comparison:
    fixed: list[str] = field(default_factory=list)
    broken: list[CaseResult] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    rates: list[tuple[str, float, float]] = field(default_factory=list)

    def render(self) -> str:
        lines = [f"{name}: {a:.1%} -> {b:.1%} ({b - a:+.1%})" for name, a, b in self.rates]
        lines.append(f"better ({len(self.fixed)}): " + (", ".join(self.fixed) or "none"))
        lines.append(
            f"worse ({len(self.broken)}): " + (", ".join(c.id for c in self.broken) or "none")
        )
        for case in self.broken:
            for s in case.scorers:
                if s.applicable and not s.passed:
                    lines.append(f"  {case.id} [{s.name}] {s.reason}")
        if self.added:
            lines.append("new cases: " + ", ".join(self.added))
        if self.removed:
            lines.append("cases no longer run: " + ", ".join(self.removed))
        return "\n".join(lines)


def compare_reports(before: Report, after: Report) -> Comparison:
    old = {c.id: c for c in before.cases}
    new = {c.id: c for c in after.cases}
    result = Comparison(
        fixed=sorted(i for i in old.keys() & new.keys() if not old[i].passed and new[i].passed),
        broken=[
            new[i] for i in sorted(old.keys() & new.keys()) if old[i].passed and not new[i].passed
        ],
        added=sorted(new.keys() - old.keys()),
        removed=sorted(old.keys() - new.keys()),
    )
    result.rates.append(("overall", before.pass_rate, after.pass_rate))
    for suite in sorted(before.suites.keys() & after.suites.keys()):
        result.rates.append(
            (f"suite {suite}", before.suites[suite].pass_rate, after.suites[suite].pass_rate)
        )
    for intent in sorted(before.by_intent.keys() & after.by_intent.keys()):
        a, b = before.by_intent[intent].pass_rate, after.by_intent[intent].pass_rate
        if a != b:
            result.rates.append((f"intent {intent}", a, b))
    return result
