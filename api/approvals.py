"""The API's one door to approvals: decide through governance, then the thread reports it.

Until gov's single approval function lands this calls what exists (governance.approvals.decide
and agent.runner.report_back); switching is an edit here only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import Engine, text

from domain.clock import as_of
from governance.approvals import decide
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
    """Decide as `approver` (authority, four-eyes and scope checked by governance), then resume
    the thread that raised the proposal; returns the proposal now and the thread's report."""
    from agent.runner import report_back

    engine = agent.engine
    get_proposal(engine, proposal_id, approver)  # not in scope: refused before anything else
    decision: Any = "edit" if verb == "approve" and edited_payload is not None else verb
    view = decide(engine, proposal_id, approver, decision, as_of(engine), edited_payload, comment)
    report = report_back(engine, proposal_id, agent=agent)
    return view, None if report is None else report.answer


def awaiting(engine: Engine, actor: Actor, views: list[ProposalView]) -> list[ProposalView]:
    """Of `views`, the pending ones `actor` may decide (role and limit), not their own."""
    from governance.approvals import check_authority
    from governance.errors import AccessDenied
    from governance.proposals import resolve_rule

    mine: list[ProposalView] = []
    with engine.connect() as conn:
        for v in views:
            if v.status != "pending" or v.requested_by == actor.username:
                continue
            try:
                check_authority(actor, v, v.cost, resolve_rule(conn, v.kind, v.plant_code, v.cost))
            except AccessDenied:
                continue
            mine.append(v)
    return mine


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
