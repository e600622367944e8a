"""Threads opened over the API: who owns them, and their state read from the checkpoints."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from sqlalchemy import Engine, text

from api.problems import ProblemError
from api.schemas import PendingApproval, ThreadMessage, ThreadStatus, ThreadView
from governance.identity import Actor

if TYPE_CHECKING:
    from agent.runner import Agent

API_CHANNEL = "api"


def _not_found(thread_id: str) -> ProblemError:
    detail = f"No thread {thread_id!r} of yours; POST /v1/threads opens one"
    return ProblemError(404, "not-found", "No such thread", detail)


def create_thread(
    engine: Engine, owner: Actor, metadata: dict[str, Any], thread_id: str | None = None
) -> dict[str, Any]:
    """A new thread owned by `owner` (or the existing one of that id, if it is theirs)."""
    thread_id = thread_id or str(uuid.uuid4())
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO governance.thread (id, owner, channel, metadata, created_at)"
                " VALUES (:id, :owner, :channel, CAST(:meta AS jsonb), :now)"
                " ON CONFLICT (id) DO NOTHING"
            ),
            {
                "id": thread_id,
                "owner": owner.username,
                "channel": API_CHANNEL,
                "meta": json.dumps(metadata),
                "now": datetime.now(UTC),
            },
        )
    return owned_thread(engine, owner, thread_id)


def owned_thread(engine: Engine, user: Actor, thread_id: str) -> dict[str, Any]:
    """The thread row if `user` owns it; 404 otherwise (another user's thread is not shown)."""
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT id, owner, metadata, created_at FROM governance.thread WHERE id = :id"),
            {"id": thread_id},
        ).first()
    if row is None or row.owner != user.username:
        raise _not_found(thread_id)
    return dict(row._mapping)


def _message(m: BaseMessage) -> ThreadMessage:
    content = m.content if isinstance(m.content, str) else json.dumps(m.content)
    if isinstance(m, HumanMessage):
        return ThreadMessage(role="user", content=content)
    if isinstance(m, ToolMessage):
        return ThreadMessage(role="tool", content=content, name=m.name)
    if isinstance(m, AIMessage):
        calls = [{"name": c["name"], "args": c["args"]} for c in m.tool_calls]
        used = m.usage_metadata
        usage = (
            {"input_tokens": used["input_tokens"], "output_tokens": used["output_tokens"]}
            if used
            else None
        )
        return ThreadMessage(role="assistant", content=content, tool_calls=calls, usage=usage)
    return ThreadMessage(role="system", content=content)


def pending_approvals(engine: Engine, thread_id: str) -> list[PendingApproval]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT id, kind, cost, required_role, expires_at FROM governance.action_proposal"
                " WHERE thread_id = :t AND status = 'pending' ORDER BY id"
            ),
            {"t": thread_id},
        ).all()
    return [
        PendingApproval(
            proposal_id=r.id,
            kind=r.kind,
            cost=r.cost,
            required_role=r.required_role,
            expires_at=r.expires_at,
        )
        for r in rows
    ]


def is_busy(engine: Engine, thread_id: str) -> bool:
    """True while another turn holds the thread's lock (tried, never waited for)."""
    from agent.runner import ThreadBusy, thread_lock

    try:
        with thread_lock(engine, thread_id, wait_s=0):
            return False
    except ThreadBusy:
        return True


def thread_status(agent: Agent, thread_id: str) -> ThreadStatus:
    if is_busy(agent.engine, thread_id):
        return "busy"
    return "interrupted" if agent.waiting(thread_id) else "idle"


def thread_view(agent: Agent, row: dict[str, Any]) -> ThreadView:
    thread_id = str(row["id"])
    messages = agent.state(thread_id).get("messages", [])
    return ThreadView(
        thread_id=thread_id,
        owner=str(row["owner"]),
        created_at=row["created_at"],
        metadata=dict(row["metadata"] or {}),
        status=thread_status(agent, thread_id),
        messages=[_message(m) for m in messages],
        pending_approvals=pending_approvals(agent.engine, thread_id),
    )
