"""Action proposals: every write starts here, with the approver the policy requires."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, TypedDict

from pydantic import BaseModel
from sqlalchemy import Connection, Engine, text

from domain.formatting import action_name, approver_words
from governance.approval_rules import resolve_rule
from governance.audit import AuditEntry, append_audit
from governance.canonical import canonical_json, digest, to_jsonable
from governance.context import CallContext
from governance.errors import OutOfScope, ProposalError, ProposalNotFound
from governance.identity import Actor
from governance.payloads import parse_payload
from governance.policy import in_scope

STATUSES = ("pending", "approved", "rejected", "expired", "executed", "failed")


class ProposalView(BaseModel):
    """A proposal as the API, CLI and bots show it."""

    id: str
    kind: str
    payload: dict[str, Any]
    rationale: str
    cited_facts: list[dict[str, Any]]
    expected_effect: str
    cost: float
    requested_by: str
    on_behalf_of: str | None
    channel: str
    required_role: str
    plant_code: str
    status: str
    four_eyes: bool
    created_at: datetime
    expires_at: datetime
    decided_at: datetime | None
    decided_by: str | None
    decision_comment: str | None
    executed_at: datetime | None
    failure_reason: str | None
    result: dict[str, Any] | None
    thread_id: str | None


class ProposalRequest(TypedDict):
    """What is asked for, as `create_proposal` takes it after the engine and context."""

    kind: str
    payload: dict[str, Any]
    rationale: str
    cited_facts: list[dict[str, Any]]
    expected_effect: str
    cost: float
    plant_code: str


_VIEW_COLUMNS = ", ".join(ProposalView.model_fields)


def _view(row: Any) -> ProposalView:
    return ProposalView.model_validate(dict(row._mapping))


def expires_at(created_at: datetime, ttl_hours: float) -> datetime:
    """When a proposal made at `created_at` expires: `ttl_hours` of elapsed time, in UTC.

    Adding hours to a zoned wall-clock time would give 23 or 25 real hours across a DST change.
    """
    if created_at.tzinfo is None:
        raise ValueError("a proposal's creation time needs a timezone")
    return created_at.astimezone(UTC) + timedelta(hours=ttl_hours)


def create_proposal(
    engine: Engine,
    ctx: CallContext,
    kind: str,
    payload: dict[str, Any],
    rationale: str,
    cited_facts: list[dict[str, Any]],
    expected_effect: str,
    cost: float,
    plant_code: str,
    now: datetime,
    *,
    idempotency_key: str | None = None,
) -> ProposalView:
    """Record a pending proposal and the approver it needs; the same request twice is one proposal.

    Nothing is written anywhere else: execution waits for `approvals.decide`.
    """
    parse_payload(kind, payload)
    if cost < 0:
        raise ProposalError(f"cost must be zero or more, not {cost}")
    if not in_scope(ctx.actor, plant_code):
        raise OutOfScope(plant_code, ctx.actor.plant_scope, subject=f"This {action_name(kind)}")
    clean_payload = to_jsonable(payload)
    # A retried tool call (same actor, thread, kind, payload, time) returns the same proposal.
    key = idempotency_key or digest(
        [ctx.actor.username, ctx.thread_id, kind, clean_payload, cost, plant_code, now]
    )
    with engine.begin() as conn:
        rule = resolve_rule(conn, kind, plant_code, cost)
        row = conn.execute(
            text(
                "INSERT INTO governance.action_proposal (kind, payload, rationale, cited_facts,"
                " expected_effect, cost, requested_by, on_behalf_of, channel, required_role,"
                " rule_id, plant_code, status, four_eyes, created_at, expires_at, thread_id,"
                " idempotency_key) VALUES (:kind, CAST(:payload AS jsonb), :rationale,"
                " CAST(:cited AS jsonb), :effect, :cost, :by, :obo, :channel, :role, :rule,"
                " :plant, 'pending', :four_eyes, :now, :expires, :thread, :key)"
                " ON CONFLICT (idempotency_key) DO NOTHING"
                f" RETURNING {_VIEW_COLUMNS}"
            ),
            {
                "kind": kind,
                "payload": canonical_json(clean_payload),
                "rationale": rationale,
                "cited": canonical_json(cited_facts),
                "effect": expected_effect,
                "cost": float(cost),
                "by": ctx.actor.username,
                "obo": ctx.on_behalf_of,
                "channel": ctx.channel,
                "role": rule.approver_role,
                "rule": rule.id,
                "plant": plant_code,
                "four_eyes": rule.four_eyes,
                "now": now,
                "expires": expires_at(now, rule.ttl_hours),
                "thread": ctx.thread_id,
                "key": key,
            },
        ).first()
        if row is None:  # already proposed: hand back the first one
            return _view(_select(conn, "idempotency_key = :v", key))
        view = _view(row)
        append_audit(
            conn,
            AuditEntry(
                kind="proposal",
                actor=ctx.actor.username,
                outcome="pending",
                tool=kind,
                channel=ctx.channel,
                thread_id=ctx.thread_id,
                on_behalf_of=ctx.on_behalf_of,
                arguments={"payload": clean_payload, "cost": cost, "plant_code": plant_code},
                result_digest=digest(view),
                model=ctx.model,
                proposal_id=view.id,
                detail=f"needs approval by {approver_words(view.required_role, view.four_eyes)}",
            ),
        )
        return view


def _select(conn: Connection, where: str, value: Any, lock: bool = False) -> Any:
    sql = f"SELECT {_VIEW_COLUMNS} FROM governance.action_proposal WHERE {where}"
    return conn.execute(text(sql + (" FOR UPDATE" if lock else "")), {"v": value}).first()


def fetch_proposal(conn: Connection, proposal_id: str, lock: bool = False) -> ProposalView | None:
    """The proposal in `conn`'s transaction, optionally locked FOR UPDATE until it ends."""
    row = _select(conn, "id = :v", proposal_id, lock)
    return None if row is None else _view(row)


def get_proposal(engine: Engine, proposal_id: str, actor: Actor | None = None) -> ProposalView:
    """One proposal by id; with `actor`, refused unless its plant is in the actor's scope."""
    with engine.connect() as conn:
        view = fetch_proposal(conn, proposal_id)
    if view is None:
        raise ProposalNotFound(f"No proposal {proposal_id!r}; `lineside proposals list` shows ids")
    if actor is not None and not in_scope(actor, view.plant_code):
        raise OutOfScope(view.plant_code, actor.plant_scope, subject=view.id)
    return view


def list_proposals(engine: Engine, actor: Actor, status: str | None = None) -> list[ProposalView]:
    """Proposals at the actor's plants, newest first, optionally of one status."""
    if status is not None and status not in STATUSES:
        raise ProposalError(f"Unknown status {status!r}; use one of {', '.join(STATUSES)}")
    where = ["(:all_plants OR plant_code = ANY(:plants))"]
    if status is not None:
        where.append("status = :status")
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                f"SELECT {_VIEW_COLUMNS} FROM governance.action_proposal"
                f" WHERE {' AND '.join(where)} ORDER BY created_at DESC, id DESC"
            ),
            {"all_plants": actor.all_plants, "plants": list(actor.plant_scope), "status": status},
        ).all()
    return [_view(r) for r in rows]


def expire_due(engine: Engine, now: datetime) -> int:
    """Mark pending proposals past their expiry as expired (deny by default); returns how many."""
    with engine.begin() as conn:
        rows = conn.execute(
            text(
                "UPDATE governance.action_proposal SET status = 'expired'"
                " WHERE status = 'pending' AND expires_at <= :now"
                " RETURNING id, kind, requested_by, thread_id, expires_at"
            ),
            {"now": now},
        ).all()
        for r in rows:
            append_audit(conn, expiry_entry(r.id, r.kind, r.requested_by, r.thread_id, now))
    return len(rows)


def expiry_entry(
    proposal_id: str, kind: str, requested_by: str, thread_id: str | None, now: datetime
) -> AuditEntry:
    """The audit record of a proposal that expired unanswered."""
    return AuditEntry(
        kind="expiry",
        actor="system",
        outcome="expired",
        tool=kind,
        thread_id=thread_id,
        arguments={"requested_by": requested_by, "as_of": now},
        proposal_id=proposal_id,
        detail="expired unanswered: denied by default",
    )
