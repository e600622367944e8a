"""Approve, edit-then-approve or reject a proposal, and run its executor exactly once."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Connection, Engine, text

from governance.approval_rules import resolve_rule
from governance.audit import AuditEntry, append_audit
from governance.authority import check_authority
from governance.canonical import canonical_json, digest, to_jsonable
from governance.errors import (
    GovernanceError,
    ProposalExpired,
    ProposalNotFound,
    ProposalNotPending,
)
from governance.executors import ErpAdapter, execute_proposal
from governance.identity import Actor
from governance.payloads import parse_payload
from governance.proposals import ProposalView, expiry_entry, fetch_proposal

Decision = Literal["approve", "edit", "reject"]


def decide(
    engine: Engine,
    proposal_id: str,
    approver: Actor,
    decision: Decision,
    now: datetime,
    edited_payload: dict[str, Any] | None = None,
    comment: str = "",
    *,
    erp: ErpAdapter | None = None,
) -> ProposalView:
    """Record a human decision; an approval runs the executor in the same transaction.

    `approver` must come from authentication, never from model output. The proposal row is
    locked, so of two approvers clicking at once one decides and the other is told it is done.
    An executor failure leaves the proposal `failed` with its reason and none of its writes.
    """
    if decision not in ("approve", "edit", "reject"):
        raise GovernanceError(f"decision must be approve, edit or reject, not {decision!r}")
    if decision == "edit" and edited_payload is None:
        raise GovernanceError("an edit needs the edited payload (--edit JSON)")
    expired = False
    try:
        with engine.begin() as conn:
            found = fetch_proposal(conn, proposal_id, lock=True)
            if found is None:
                raise ProposalNotFound(f"No proposal {proposal_id!r}")
            p = found
            if p.status != "pending":
                by = f" by {p.decided_by}" if p.decided_by else ""
                raise ProposalNotPending(f"{p.id} is already {p.status}{by}; nothing to decide")
            if now >= p.expires_at:
                _expire(conn, p, now)
                expired = True
            else:
                view = _decide_pending(
                    conn, p, approver, decision, now, edited_payload, comment, erp
                )
    except GovernanceError as err:
        if not isinstance(err, ProposalNotFound | ProposalNotPending):
            append_audit(
                engine, _decision_entry(proposal_id, approver, decision, "denied", str(err))
            )
        raise
    if expired:
        raise ProposalExpired(
            f"{p.id} expired at {p.expires_at.isoformat()} unanswered and is denied;"
            " propose it again if it is still needed"
        )
    return view


def _expire(conn: Connection, p: ProposalView, now: datetime) -> None:
    conn.execute(
        text("UPDATE governance.action_proposal SET status = 'expired' WHERE id = :id"),
        {"id": p.id},
    )
    append_audit(conn, expiry_entry(p.id, p.kind, p.requested_by, p.thread_id, now))


def _decision_entry(
    proposal_id: str, approver: Actor, decision: str, outcome: str, detail: str, **extra: Any
) -> AuditEntry:
    return AuditEntry(
        kind="decision",
        actor=approver.username,
        outcome=outcome,
        tool=decision,
        proposal_id=proposal_id,
        detail=detail,
        **extra,
    )


def _decide_pending(
    conn: Connection,
    p: ProposalView,
    approver: Actor,
    decision: Decision,
    now: datetime,
    edited_payload: dict[str, Any] | None,
    comment: str,
    erp: ErpAdapter | None,
) -> ProposalView:
    payload, cost = p.payload, p.cost
    if decision == "edit" and edited_payload is not None:
        edited = dict(edited_payload)
        cost = float(edited.pop("cost", p.cost))
        parse_payload(p.kind, edited)
        payload = to_jsonable(edited)
    # An edit may change the cost (and the rule) or the plant that ships: authority is checked
    # on the proposal as it will execute.
    rule = resolve_rule(conn, p.kind, p.plant_code, cost)
    check_authority(approver, p.model_copy(update={"payload": payload}), cost, rule)
    status = "rejected" if decision == "reject" else "approved"
    conn.execute(
        text(
            "UPDATE governance.action_proposal SET status = :status, payload = CAST(:payload AS"
            " jsonb), cost = :cost, required_role = :role, rule_id = :rule, four_eyes = :fe,"
            " decided_by = :by, decided_at = :now, decision_comment = :comment WHERE id = :id"
        ),
        {
            "status": status,
            "payload": canonical_json(payload),
            "cost": cost,
            "role": rule.approver_role,
            "rule": rule.id,
            "fe": rule.four_eyes,
            "by": approver.username,
            "now": now,
            "comment": comment,
            "id": p.id,
        },
    )
    conn.execute(
        text(
            "INSERT INTO governance.proposal_decision (proposal_id, requested_by, four_eyes,"
            " decision, decided_by, decided_at, comment, edited_payload) VALUES (:id, :req, :fe,"
            " :decision, :by, :now, :comment, CAST(:edited AS jsonb))"
        ),
        {
            "id": p.id,
            "req": p.requested_by,
            "fe": rule.four_eyes,
            "decision": decision,
            "by": approver.username,
            "now": now,
            "comment": comment,
            "edited": None if edited_payload is None else canonical_json(edited_payload),
        },
    )
    append_audit(
        conn,
        _decision_entry(
            p.id, approver, decision, status, comment, thread_id=p.thread_id,
            arguments={"edited_payload": edited_payload} if edited_payload else {},
        ),
    )  # fmt: skip
    if status == "approved":
        _execute(conn, p.id, now, erp)
    return _current(conn, p.id)


def _current(conn: Connection, proposal_id: str) -> ProposalView:
    view = fetch_proposal(conn, proposal_id)
    assert view is not None, f"{proposal_id} vanished inside its own transaction"
    return view


def _execute(conn: Connection, proposal_id: str, now: datetime, erp: ErpAdapter | None) -> None:
    approved = _current(conn, proposal_id)
    savepoint = conn.begin_nested()
    try:
        result = execute_proposal(conn, approved, now, erp)
    except Exception as err:  # nothing the executor wrote survives; the failure is recorded
        savepoint.rollback()
        reason = str(err) if isinstance(err, GovernanceError) else f"{type(err).__name__}: {err}"
        conn.execute(
            text(
                "UPDATE governance.action_proposal SET status = 'failed', failure_reason = :r"
                " WHERE id = :id"
            ),
            {"r": reason, "id": proposal_id},
        )
        outcome, detail, result = "failed", reason, {}
    else:
        savepoint.commit()
        conn.execute(
            text(
                "UPDATE governance.action_proposal SET status = 'executed', executed_at = :now,"
                " result = CAST(:result AS jsonb) WHERE id = :id"
            ),
            {"now": now, "result": canonical_json(result), "id": proposal_id},
        )
        outcome, detail = "executed", ""
    append_audit(
        conn,
        AuditEntry(
            kind="execution",
            actor="system",
            outcome=outcome,
            tool=approved.kind,
            thread_id=approved.thread_id,
            on_behalf_of=approved.decided_by,
            arguments={"payload": approved.payload, "cost": approved.cost},
            result_digest=digest(result),
            proposal_id=proposal_id,
            detail=detail,
        ),
    )
