"""Read tools over governance itself: proposals waiting for a decision and the audit trail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import Engine, text

from domain.clock import as_of
from domain.formatting import action_name, approver_words, money
from governance.audit import AuditRecord, audit_lookup
from governance.authority import awaiting_approval
from governance.proposals import list_proposals
from tools.proposing import proposal_summary
from tools.result_data import AuditRecordFact, AuditRecords, ProposalList, ProposalListed
from tools.results import ToolResult, listing
from tools.tool import Tool

if TYPE_CHECKING:
    from governance.context import Actor, CallContext

# What a listing keeps of a resequence's payload: its moves and the frozen horizon it kept.
RESEQUENCE_KEYS = ("line_code", "moves", "frozen_hours", "frozen_until")
ProposalStatus = Literal["pending", "approved", "rejected", "expired", "executed", "failed", "all"]


def _no_plants(args: Any, actor: Actor, engine: Engine) -> list[str]:
    return []  # governance filters these rows to the caller's plants itself


class PendingProposalsArgs(BaseModel):
    status: ProposalStatus = Field(
        default="pending", description="Which proposals (default pending)."
    )
    awaiting_my_approval: bool = Field(
        default=False,
        description="Only pending ones waiting for you: you may decide them (role, plant, "
        "limit, not your own unless you may confirm it) (for 'what needs my approval?').",
    )
    plant: str | None = Field(
        default=None,
        min_length=2,
        max_length=16,
        description="Only proposals at this plant (LKS, SAL, GYR); default: every plant you see.",
    )
    older_than_hours: float | None = Field(
        default=None,
        gt=0,
        le=24 * 365,
        description="Only proposals made more than this many hours before now ('anything older "
        "than a day?': 24).",
    )
    above_plant_limit: bool = Field(
        default=False,
        description="Only those above what a plant may approve, needing an executive ('is "
        "anything over plant approval limits pending?').",
    )
    limit: int = Field(default=20, ge=1, le=100, description="Most proposals to return.")


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _proposal_plants(args: PendingProposalsArgs, actor: Actor, engine: Engine) -> list[str]:
    # A plant named is checked against the scope: "0 pending at SAL" would hide a refusal.
    return [args.plant.upper()] if args.plant else []


def _run_pending(engine: Engine, ctx: CallContext, args: PendingProposalsArgs) -> ToolResult:
    actor = ctx.actor
    if args.awaiting_my_approval:
        views = awaiting_approval(engine, actor)
    else:
        views = list_proposals(engine, actor, None if args.status == "all" else args.status)
    if args.plant:
        views = [v for v in views if v.plant_code == args.plant.upper()]
    if args.older_than_hours:  # made before now minus the age asked, on the plant's as-of clock
        cutoff = as_of(engine) - timedelta(hours=args.older_than_hours)
        views = [v for v in views if _aware(v.created_at) <= cutoff]
    if args.above_plant_limit:  # the tier above the plant manager's: an executive decides
        views = [v for v in views if v.required_role == "executive"]
    views = views[: args.limit]
    data = ProposalList(
        [
            ProposalListed(
                **proposal_summary(v),
                requested_by=v.requested_by,
                created_at=v.created_at,
                rationale=v.rationale,
                expected_effect=v.expected_effect,
                # The figures behind the effect (e.g. a resequence's KPIs before/after) to cite.
                cited_facts=v.cited_facts,
                # A resequence's moves as data (item, from, to) and the frozen horizon it kept.
                payload={k: v.payload[k] for k in RESEQUENCE_KEYS if k in v.payload},
            )
            for v in views
        ]
    )
    what: str = "awaiting your approval" if args.awaiting_my_approval else args.status
    what += f" at {args.plant.upper()}" if args.plant else ""
    what += f" older than {args.older_than_hours:g} h" if args.older_than_hours else ""
    what += " above plant approval limits (an executive decides)" if args.above_plant_limit else ""
    points = [
        f"{v.id} {action_name(v.kind)} at {v.plant_code} by {v.requested_by}, {money(v.cost)}, "
        f"needs {approver_words(v.required_role, v.four_eyes)}"
        for v in views
    ]
    waiting = any(v.status == "pending" for v in views)
    return ToolResult(
        ok=True,
        tool="pending_proposals",
        data=data,
        **listing(f"{len(views)} proposal(s) {what}", points, sep="; "),
        sources=[v.id for v in views],
        policy="a pending proposal expires unanswered at its expiry time and is then denied by "
        "default: nothing is sent or changed"
        if waiting
        else None,
    )


class AuditLookupArgs(BaseModel):
    thread_id: str | None = Field(default=None, description="Only this conversation thread.")
    actor: str | None = Field(default=None, description="Only calls by this username.")
    tool: str | None = Field(default=None, description="Only this tool (or proposal kind).")
    proposal_id: str | None = Field(default=None, description="Only records of this proposal.")
    limit: int = Field(default=20, ge=1, le=200, description="Most records, newest first.")


def _colleagues(engine: Engine, actor: Actor) -> set[str] | None:
    """Usernames whose plant scope overlaps the actor's; None when the actor sees every plant."""
    if actor.all_plants:
        return None
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT username FROM app_user WHERE plant_scope && CAST(:scope AS varchar[]) "
                "OR '*' = ANY(plant_scope)"
            ),
            {"scope": list(actor.plant_scope)},
        )
        return {r[0] for r in rows} | {actor.username}


def _record_fact(record: AuditRecord) -> AuditRecordFact:
    # The chain link (prev_hash) is verify_chain's business; a reader cites the record's hash.
    fields = {k: v for k, v in record.to_dict().items() if k != "prev_hash"}
    return AuditRecordFact.model_validate(fields)


def _run_audit(engine: Engine, ctx: CallContext, args: AuditLookupArgs) -> ToolResult:
    records = audit_lookup(
        engine, args.thread_id, args.actor, args.tool, args.limit, proposal_id=args.proposal_id
    )
    visible = _colleagues(engine, ctx.actor)
    if visible is not None:
        records = [r for r in records if r.actor in visible]
    data = AuditRecords(
        [
            AuditRecordFact.model_validate(
                {k: v for k, v in r.to_dict().items() if k != "prev_hash"}
            )
            for r in records
        ]
    )
    summary = f"{len(records)} audit record(s)" + (
        ": "
        + "; ".join(
            f"#{r.id} {r.at:%Y-%m-%d %H:%M} {r.actor} {r.kind} {r.tool or ''} → {r.outcome}"
            for r in records[:10]
        )
        if records
        else "."
    )
    return ToolResult(
        ok=True,
        tool="audit_lookup",
        data=data,
        summary=summary,
        sources=[f"audit:{r.id}" for r in records],
    )


TOOLS = [
    Tool(
        name="pending_proposals",
        kind="read",
        description=(
            "Proposals (expedites, escalations, resequences, transfers, date changes, quality "
            "reviews) at your plants, by status (default pending), newest first, with cost, "
            "requester and the approver role each needs. Set awaiting_my_approval for 'what "
            "needs my approval?'; `plant` for one plant (it must be in your scope). This tool "
            "cannot approve or reject anything."
        ),
        input_model=PendingProposalsArgs,
        plants=_proposal_plants,
        run=_run_pending,
        result_model=ProposalList,
    ),
    Tool(
        name="audit_lookup",
        kind="read",
        description=(
            "The audit trail: who called which tool or decided which proposal, when, on which "
            "thread, with what outcome (ok, denied, error, approved...). Filter by thread, user, "
            "tool or proposal. Records of users outside your plants are not shown."
        ),
        input_model=AuditLookupArgs,
        plants=_no_plants,
        run=_run_audit,
        result_model=AuditRecords,
    ),
]
