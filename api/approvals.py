"""The API's one door to approvals: agent.decisions decides and the thread reports it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import Engine, text

from governance.authority import awaits
from governance.identity import Actor
from governance.proposals import ProposalView, get_proposal, list_proposals

if TYPE_CHECKING:
    from agent.runner import Agent

Verb = Literal["approve", "reject"]


def decide_proposal(
    agent: Agent,
    proposal_id: str,
    approver: Actor,
    verb: Verb,
    comment: str,
    edited_payload: dict[str, Any] | None,
) -> tuple[ProposalView, str | None]:
    """Decide as `approver` through the one decision path (agent.decisions); returns the
    proposal now and the report of the thread that raised it."""
    from agent.decisions import decide_proposal as decide

    engine = agent.engine
    get_proposal(engine, proposal_id, approver)  # not in scope: refused before anything else
    decision: Any = "edit" if verb == "approve" and edited_payload is not None else verb
    done = decide(engine, proposal_id, approver, decision, edited_payload=edited_payload,
                  comment=comment, channel="api", agent=agent)  # fmt: skip
    return done.proposal, done.thread_message


def awaiting(engine: Engine, actor: Actor, views: list[ProposalView]) -> list[ProposalView]:
    """Of `views`, the ones waiting for `actor` (governance's one authority rule)."""
    return [v for v in views if awaits(actor, v)]


def proposals_for(
    engine: Engine,
    actor: Actor,
    status: str | None,
    plant: str | None,
    kind: str | None,
    awaiting_me: bool,
) -> list[ProposalView]:
    """Proposals at the actor's plants, filtered; `awaiting_me` keeps what they must decide."""
    views = list_proposals(engine, actor, "pending" if awaiting_me else status)
    if plant:
        views = [v for v in views if v.plant_code == plant.upper()]
    if kind:
        views = [v for v in views if v.kind == kind]
    return awaiting(engine, actor, views) if awaiting_me else views


def audit_ids(engine: Engine, proposal_id: str) -> list[int]:
    """The audit records that mention the proposal, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id FROM governance.audit_log WHERE proposal_id = :p ORDER BY id"),
            {"p": proposal_id},
        ).scalars()
        return [int(i) for i in rows]
