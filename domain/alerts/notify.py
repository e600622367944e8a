"""The notification interface alerts go out through; the Slack and Teams bots plug in here.

A raised alert writes one row per recipient in events.alert_delivery (in the event's
transaction); `deliver_pending` hands each to every registered Notifier and marks it sent,
so a crash between the two re-delivers rather than loses (notifiers dedupe on delivery_id).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel
from sqlalchemy import Connection, Engine, text

from domain.alerts.routing import Route
from domain.uow import defer


class AlertNotice(BaseModel):
    """What a recipient is told about an alert."""

    delivery_id: int
    alert_id: int
    recipient: str  # a Lineside username; the notifier maps it to its channel's identity
    reason: str  # why this person gets it: owner, planner of the line, line hours at risk
    plant: str
    rule: str | None
    subject: str
    details: dict[str, Any]
    actions: list[dict[str, Any]]


@runtime_checkable
class Notifier(Protocol):
    """A channel alerts go out on (Slack, Teams, e-mail). Raise to have the delivery retried."""

    channel: str

    def notify(self, notice: AlertNotice) -> None: ...


_NOTIFIERS: list[Notifier] = []


def register_notifier(notifier: Notifier) -> None:
    """Add a channel (the bots call this at start-up); the same channel twice is refused."""
    if any(n.channel == notifier.channel for n in _NOTIFIERS):
        raise ValueError(f"a notifier for {notifier.channel!r} is already registered")
    _NOTIFIERS.append(notifier)


def registered_notifiers() -> list[Notifier]:
    return list(_NOTIFIERS)


_DELIVERY = text(
    "INSERT INTO events.alert_delivery (alert_id, recipient, reason, created_at, channels)"
    " VALUES (:a, :r, :why, :now, '{}') ON CONFLICT DO NOTHING"
)


def queue_deliveries(conn: Connection, alert_id: int, route: Route, now: datetime) -> None:
    """One delivery per recipient of a newly raised alert."""
    if not route.recipients:
        return
    for who in route.recipients:  # sent with the transaction's next statement
        defer(conn, _DELIVERY, {"a": alert_id, "r": who, "why": route.reasons[who], "now": now})


def deliver_pending(
    engine: Engine, notifiers: Sequence[Notifier] | None = None, limit: int = 100
) -> int:
    """Hand every unsent delivery to the notifiers; returns how many were marked sent.

    With no notifier registered a delivery is marked sent with no channel: the alert is in
    the recipient's list (GET /v1/alerts?mine=true) either way.
    """
    chosen = registered_notifiers() if notifiers is None else list(notifiers)
    with engine.begin() as conn:
        rows = conn.execute(
            text(
                "SELECT d.id, d.alert_id, d.recipient, d.reason, a.plant_code, a.rule_kind,"
                " a.subject, a.details, a.actions FROM events.alert_delivery d"
                " JOIN alert a ON a.id = d.alert_id WHERE d.sent_at IS NULL"
                " ORDER BY d.id LIMIT :n FOR UPDATE OF d SKIP LOCKED"
            ),
            {"n": limit},
        ).all()
        sent = 0
        for row in rows:
            notice = AlertNotice(
                delivery_id=row[0], alert_id=row[1], recipient=row[2], reason=row[3],
                plant=row[4], rule=row[5], subject=row[6], details=row[7], actions=row[8],
            )  # fmt: skip
            done, errors = [], []
            for notifier in chosen:
                try:
                    notifier.notify(notice)
                    done.append(notifier.channel)
                except Exception as err:  # one channel failing must not block the others
                    errors.append(f"{notifier.channel}: {err}")
            conn.execute(
                text(
                    "UPDATE events.alert_delivery SET attempts = attempts + 1, channels = :c,"
                    " last_error = :e, sent_at = CASE WHEN :ok THEN CAST(:now AS timestamptz)"
                    " END WHERE id = :id"
                ),
                {"c": done, "e": "; ".join(errors) or None, "ok": not errors,
                 "now": datetime.now(UTC), "id": row[0]},
            )  # fmt: skip
            sent += not errors
    return sent
