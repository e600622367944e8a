"""The one place the evals decide a proposal: the same decision path every front end uses."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from agent.decisions import decide_proposal
from agent.runner import Agent
from governance.errors import GovernanceError
from governance.identity import get_actor


@dataclass(frozen=True)
class DecisionReport:
    """What the raising thread reported after the decision, or why governance refused it."""

    answer: str
    refused: str | None


def decide_in_process(
    engine: Engine,
    agent: Agent,
    proposal_id: str,
    approver: str,
    decision: str,
    comment: str,
) -> DecisionReport:
    """Approve or reject as `approver`; a refusal (four-eyes, role, limit, scope) is reported."""
    if decision not in ("approve", "reject"):
        raise ValueError(f"a case decides approve or reject, not {decision!r}")
    try:
        outcome = decide_proposal(
            engine,
            proposal_id,
            get_actor(engine, approver),
            "approve" if decision == "approve" else "reject",
            comment=comment,
            agent=agent,
        )
    except GovernanceError as err:
        return DecisionReport(answer="", refused=str(err))
    return DecisionReport(answer=outcome.thread_message or "", refused=None)
