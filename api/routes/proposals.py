"""Action proposals: list, detail, approve (optionally edited) or reject; the thread reports it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.concurrency import run_in_threadpool

from api.approvals import Verb, audit_ids, decide_proposal, proposals_for
from api.auth import CurrentUser
from api.deps import AgentDep, EngineDep
from api.idempotency import IdempotencyKey
from api.problems import COMMON_RESPONSES, Problem
from api.schemas import DecisionBody, DecisionResult, ProposalPublic, RejectBody
from governance.identity import Actor
from governance.payloads import ProposalKind
from governance.proposals import STATUSES, ProposalView, get_proposal

if TYPE_CHECKING:
    from agent.runner import Agent

router = APIRouter(prefix="/v1/proposals", tags=["proposals"], responses=COMMON_RESPONSES)

ProposalId = Annotated[str, Path(pattern=r"^AP-\d{1,12}$", description="e.g. AP-000001")]
Status = Literal["pending", "approved", "rejected", "expired", "executed", "failed"]
assert set(Status.__args__) == set(STATUSES)  # type: ignore[attr-defined]
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "No such proposal"},
    409: {"model": Problem, "description": "Already decided or expired, or key in flight"},
}


def _public(engine: Any, view: ProposalView, with_audit: bool = False) -> ProposalPublic:
    fields = view.model_dump()
    return ProposalPublic(**fields, audit_ids=audit_ids(engine, view.id) if with_audit else [])


@router.get("", response_model=list[ProposalPublic], summary="Proposals at your plants")
async def list_(
    user: CurrentUser,
    engine: EngineDep,
    status: Status | None = None,
    plant: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2,5}$")] = None,
    kind: ProposalKind | None = None,
    awaiting: Annotated[
        Literal["me"] | None, Query(description="`me`: only those waiting for your decision")
    ] = None,
) -> list[ProposalPublic]:
    views = await run_in_threadpool(
        proposals_for, engine, user, status, plant, kind, awaiting == "me"
    )
    return [_public(engine, v) for v in views]


@router.get(
    "/{proposal_id}",
    response_model=ProposalPublic,
    responses=ERRORS,
    summary="One proposal: facts, cost, approver, decision, audit references",
)
async def show(proposal_id: ProposalId, user: CurrentUser, engine: EngineDep) -> ProposalPublic:
    view = await run_in_threadpool(get_proposal, engine, proposal_id, user)
    return await run_in_threadpool(_public, engine, view, True)


async def _decided(
    agent: Agent,
    proposal_id: str,
    user: Actor,
    decision: Verb,
    comment: str,
    payload: dict[str, Any] | None,
) -> DecisionResult:
    """The one approval path's decision, and the proposal as it stands after it."""
    view, report = await run_in_threadpool(
        decide_proposal, agent, proposal_id, user, decision, comment, payload
    )
    return DecisionResult(proposal=_public(agent.engine, view, True), thread_report=report)


@router.post(
    "/{proposal_id}/approve",
    response_model=DecisionResult,
    responses=ERRORS,
    summary="Approve (with an edited payload: edit, then approve)",
)
async def approve(
    proposal_id: ProposalId,
    user: CurrentUser,
    agent: AgentDep,
    body: DecisionBody | None = None,
    idempotency_key: IdempotencyKey = None,
) -> DecisionResult:
    body = body or DecisionBody()
    return await _decided(agent, proposal_id, user, "approve", body.comment, body.payload)


@router.post(
    "/{proposal_id}/reject",
    response_model=DecisionResult,
    responses=ERRORS,
    summary="Reject: nothing is sent or changed",
)
async def reject(
    proposal_id: ProposalId,
    user: CurrentUser,
    agent: AgentDep,
    body: RejectBody | None = None,
    idempotency_key: IdempotencyKey = None,
) -> DecisionResult:
    body = body or RejectBody()
    return await _decided(agent, proposal_id, user, "reject", body.comment, None)
