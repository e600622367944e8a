"""How a propose tool turns its gathered facts into a pending ActionProposal, and nothing else."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Unpack

from sqlalchemy import Engine

from domain.clock import as_of
from domain.formatting import action_name, approver_words, money
from domain.planning.repository import plant_timezone
from governance.approval_rules import approval_tiers, tiers_in_words
from governance.proposals import ProposalRequest, ProposalView, create_proposal
from tools.plant_time import local
from tools.result_data import ProposalResult, ResequenceFacts
from tools.results import ToolResult, jsonable

if TYPE_CHECKING:
    from governance.context import CallContext


def fact(text: str, source: str, **values: Any) -> dict[str, Any]:
    """A cited fact: what it says, where it comes from (PO line, KPI, shortage) and its numbers."""
    return {"fact": text, "source": source, **jsonable(values)}


def approval_policy(engine: Engine, kind: str, plant: str, what: str) -> str:
    """'premium freight: up to $5,000: ...' — the approval rule's tiers as stored, in words."""
    with engine.connect() as conn:
        tiers = approval_tiers(conn, kind, plant)
    return f"{what}: {tiers_in_words(tiers) or 'no approval rule'} (approval rules)"


def proposal_summary(view: ProposalView) -> dict[str, Any]:
    """What the agent needs to tell the user and to pause on: id, status and who must approve."""
    return {
        "id": view.id,
        "kind": view.kind,
        "status": view.status,
        "required_role": view.required_role,
        "four_eyes": view.four_eyes,
        "cost": view.cost,
        "plant_code": view.plant_code,
        "expires_at": view.expires_at.isoformat(),
    }


def propose(
    engine: Engine,
    ctx: CallContext,
    tool: str,
    *,
    headline: str,
    sources: list[str],
    policy: str | None = None,
    resequence: ResequenceFacts | None = None,
    **request: Unpack[ProposalRequest],
) -> ToolResult:
    """Create the proposal (pending, at the dataset's 'now') and describe it for the agent."""
    payload = request["payload"]
    kind, plant_code = request["kind"], request["plant_code"]
    view = create_proposal(
        engine, ctx, **{**request, "payload": jsonable(payload)}, now=as_of(engine)
    )
    expires = local(view.expires_at, plant_timezone(engine, plant_code))
    approver = approver_words(view.required_role, view.four_eyes)
    summary = (
        f"Proposed {view.id} ({action_name(kind)}, {view.status}): {headline}. "
        f"Cost {money(view.cost)}; "
        f"needs approval by {approver}; expires {expires}. "
        "Nothing has been sent or changed yet."
    )
    return ToolResult(
        ok=True,
        tool=tool,
        data=ProposalResult(proposal=view, payload=jsonable(payload), resequence=resequence),
        summary=summary,
        sources=[*sources, view.id],
        policy=policy,
        proposal=proposal_summary(view),
    )
