"""Every event's outcome in the audit chain, written in the event's own transaction."""

from __future__ import annotations

from sqlalchemy import Connection

from domain.events.envelope import DomainEvent
from domain.events.ingest import EventOutcome
from governance.audit import AuditEntry, append_audit


def audit_event(conn: Connection, event: DomainEvent, outcome: EventOutcome) -> None:
    """kind 'event', actor = the event's source, tool = its type; outcome applied | stale | ..."""
    result = outcome.result
    append_audit(
        conn,
        AuditEntry(
            kind="event",
            actor=event.source,
            outcome=outcome.outcome,
            tool=event.type,
            channel="events",
            arguments={"id": event.id, "subject": event.object_key, "time": event.time},
            detail=outcome.detail
            + (
                f"; alerts raised {[a['id'] for a in result.get('alerts_raised', [])]},"
                f" resolved {result.get('alerts_resolved', [])}"
                if outcome.outcome == "applied"
                else ""
            ),
        ),
    )
