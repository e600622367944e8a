"""Final-state match (tau-bench style): the proposals left in the database, not the wording."""

from __future__ import annotations

from typing import Any

from evals.cases import EvalCase, ProposalSpec
from evals.scorers.base import ScoreResult, verdict
from evals.transcript import CaseRun, ProposalRecord

NAME = "final_state"


def differences(spec: ProposalSpec, actual: ProposalRecord) -> list[str]:
    """What differs between an expected proposal and an actual one (empty: it matches)."""
    diffs = []
    if spec.kind != actual.kind:
        diffs.append(f"kind {actual.kind} (expected {spec.kind})")
    if spec.status is not None and spec.status != actual.status:
        diffs.append(f"status {actual.status} (expected {spec.status})")
    if spec.required_role and spec.required_role != actual.required_role:
        diffs.append(f"approver role {actual.required_role} (expected {spec.required_role})")
    if spec.requested_by and spec.requested_by != actual.requested_by:
        diffs.append(f"requested by {actual.requested_by} (expected {spec.requested_by})")
    if spec.plant and spec.plant.upper() != actual.plant_code.upper():
        diffs.append(f"plant {actual.plant_code} (expected {spec.plant})")
    if spec.cost is not None and abs(actual.cost - spec.cost) > spec.cost_tolerance:
        diffs.append(f"cost {actual.cost:,.2f} (expected {spec.cost:,.2f})")
    return diffs


def _show(p: ProposalRecord) -> str:
    return f"{p.id} {p.kind} {p.status} needs {p.required_role} by {p.requested_by} ${p.cost:,.2f}"


def score_final_state(case: EvalCase, run: CaseRun) -> ScoreResult:
    expected = case.expected_final
    remaining = list(run.proposals)
    problems: list[str] = []
    for spec in expected.proposals:
        match = next((p for p in remaining if not differences(spec, p)), None)
        if match is not None:
            remaining.remove(match)
            continue
        same_kind = [p for p in remaining if p.kind == spec.kind]
        if same_kind:
            problems.append(f"{spec.kind}: {', '.join(differences(spec, same_kind[0]))}")
        else:
            problems.append(
                f"expected a {spec.status or ''} {spec.kind} proposal; none was created"
            )
    for spec in expected.forbidden:
        hits = [p for p in run.proposals if not differences(spec, p)]
        if hits:
            problems.append("forbidden proposal(s): " + "; ".join(_show(p) for p in hits))
    if expected.match == "exact" and remaining:
        problems.append("unexpected proposal(s): " + "; ".join(_show(p) for p in remaining))
    details: dict[str, Any] = {
        "expected": [s.model_dump(exclude_defaults=True) for s in expected.proposals],
        "actual": [p.model_dump() for p in run.proposals],
    }
    ok = (
        f"{len(expected.proposals)} proposal(s) as expected"
        if expected.proposals
        else "no proposal, as expected"
    )
    return verdict(NAME, problems, ok, details)
