"""The one place the evals decide a proposal: switching to governance's single path is one edit."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from agent.runner import Agent, resume_thread
from governance.errors import GovernanceError
from governance.identity import get_actor
from governance.proposals import get_proposal


@dataclass(frozen=True)
class DecisionOutcome:
    """What the thread reported after the decision, or why governance refused it."""

    answer: str
    refused: str | None


def decide_in_process(
    engine: Engine,
    agent: Agent,
    proposal_id: str,
    approver: str,
    decision: str,
    comment: str,
) -> DecisionOutcome:
    """Approve or reject through the thread that raised it, as the CLI, API and bots do."""
    try:
        thread = get_proposal(engine, proposal_id).thread_id
        if thread is None:
            return DecisionOutcome(answer="", refused=f"{proposal_id} came from no thread")
        result = resume_thread(
            engine,
            thread,
            get_actor(engine, approver),
            decision,
            proposal_id=proposal_id,
            comment=comment,
            agent=agent,
        )
    except GovernanceError as err:
        return DecisionOutcome(answer="", refused=str(err))
    # The thread reports a refused decision in words and leaves the proposal pending.
    still_pending = get_proposal(engine, proposal_id).status == "pending"
    return DecisionOutcome(answer=result.answer, refused=result.answer if still_pending else None)
