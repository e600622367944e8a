"""The outbox: outbound effects written with the decision, then sent once by a dispatcher."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, text

from governance.canonical import canonical_json, to_jsonable


@dataclass(frozen=True)
class OutboundMessage:
    """One message to send: the idempotency key lets a receiver drop a repeat."""

    idempotency_key: str
    channel: str  # email | erp | internal
    recipient: str
    subject: str
    body: str
    payload: dict[str, Any] = field(default_factory=dict)
    proposal_id: str | None = None


class OutboundSender(Protocol):
    """Delivers a message; must treat a repeated idempotency key as already delivered."""

    def send(self, message: OutboundMessage) -> None: ...


def enqueue(conn: Connection, message: OutboundMessage, now: datetime) -> None:
    """Queue a message inside the caller's transaction: it exists only if that commits."""
    conn.execute(
        text(
            "INSERT INTO governance.outbox (idempotency_key, proposal_id, channel, recipient,"
            " subject, body, payload, created_at, attempts) VALUES (:key, :pid, :channel,"
            " :recipient, :subject, :body, CAST(:payload AS jsonb), :now, 0)"
        ),
        {
            "key": message.idempotency_key,
            "pid": message.proposal_id,
            "channel": message.channel,
            "recipient": message.recipient,
            "subject": message.subject,
            "body": message.body,
            "payload": canonical_json(message.payload),
            "now": now,
        },
    )


_COLUMNS = "id, idempotency_key, proposal_id, channel, recipient, subject, body, payload"
_NEXT = text(
    f"SELECT {_COLUMNS} FROM governance.outbox WHERE sent_at IS NULL AND NOT (id = ANY(:skip))"
    " AND (CAST(:proposal AS varchar) IS NULL OR proposal_id = :proposal)"
    " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"
)
_ONE = text(
    f"SELECT {_COLUMNS} FROM governance.outbox WHERE id = :id AND sent_at IS NULL"
    " FOR UPDATE SKIP LOCKED"
)


def _message(row: Any) -> OutboundMessage:
    return OutboundMessage(
        idempotency_key=row.idempotency_key,
        channel=row.channel,
        recipient=row.recipient,
        subject=row.subject,
        body=row.body,
        payload=row.payload,
        proposal_id=row.proposal_id,
    )


def _send_locked(conn: Connection, row: Any, sender: OutboundSender) -> Exception | None:
    """Send the locked row's message and record the outcome on it; returns a sender error."""
    try:
        sender.send(_message(row))
    except Exception as err:  # recorded on the row; the caller decides when to retry
        conn.execute(
            text(
                "UPDATE governance.outbox SET attempts = attempts + 1, last_error = :e"
                " WHERE id = :id"
            ),
            {"id": row.id, "e": f"{type(err).__name__}: {err}"},
        )
        return err
    conn.execute(
        text(
            "UPDATE governance.outbox SET sent_at = now(), attempts = attempts + 1,"
            " last_error = NULL WHERE id = :id"
        ),
        {"id": row.id},
    )
    return None


def dispatch_outbox(
    engine: Engine, sender: OutboundSender, limit: int = 100, *, proposal_id: str | None = None
) -> int:
    """Send up to `limit` unsent messages (only `proposal_id`'s, if given), one transaction each;
    returns how many were sent.

    The row stays locked while it is sent, so parallel dispatchers never send it twice; a
    crash after sending but before `sent_at` commits re-sends the same key, which the sender
    drops. A sender error is recorded on the row and the message is retried next time.
    """
    sent = 0
    failed: list[int] = []
    while sent + len(failed) < limit:
        with engine.begin() as conn:
            row = conn.execute(_NEXT, {"skip": failed, "proposal": proposal_id}).first()
            if row is None:
                break
            if _send_locked(conn, row, sender) is None:
                sent += 1
            else:
                failed.append(row.id)
    return sent


class SendFailed(RuntimeError):
    """The sender refused a message; the queue retries it with backoff."""


def send_one(engine: Engine, sender: OutboundSender, outbox_id: int) -> bool:
    """Send message `outbox_id` unless it is sent or another worker holds it; True if sent now.

    Same guarantee as `dispatch_outbox`: the row lock and the sender's idempotency key make
    each message arrive once. A sender error is recorded on the row and raised as SendFailed.
    """
    error: Exception | None = None
    with engine.begin() as conn:
        row = conn.execute(_ONE, {"id": outbox_id}).first()
        if row is None:
            return False
        error = _send_locked(conn, row, sender)
    if error is not None:
        raise SendFailed(f"outbox {outbox_id}: {type(error).__name__}: {error}") from error
    return True


def queued_count(engine: Engine, proposal_id: str) -> int:
    """How many outbound messages a proposal's execution put in the outbox (sent or not)."""
    with engine.connect() as conn:
        return int(
            conn.execute(
                text("SELECT count(*) FROM governance.outbox WHERE proposal_id = :p"),
                {"p": proposal_id},
            ).scalar_one()
        )


def unsent_ids(engine: Engine, limit: int = 1000) -> list[int]:
    """Ids of messages still waiting to be sent, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id FROM governance.outbox WHERE sent_at IS NULL ORDER BY id LIMIT :n"),
            {"n": limit},
        ).scalars()
        return [int(i) for i in rows]


class RecordingSender:
    """The demo's and tests' sender: writes each message once to `outbound_message`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def send(self, message: OutboundMessage) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO governance.outbound_message (idempotency_key, channel,"
                    " recipient, subject, body, payload, sent_at) VALUES (:key, :channel,"
                    " :recipient, :subject, :body, CAST(:payload AS jsonb), now())"
                    " ON CONFLICT (idempotency_key) DO NOTHING"
                ),
                {
                    "key": message.idempotency_key,
                    "channel": message.channel,
                    "recipient": message.recipient,
                    "subject": message.subject,
                    "body": message.body,
                    "payload": canonical_json(to_jsonable(message.payload)),
                },
            )
