"""The idempotent ingest: each event applied once, in order per object, in one transaction.

For each event: a duplicate (same source and id) answers with the original outcome and
applies nothing; an event older than the last one applied to its object is recorded as
stale; an event that cannot be applied goes to the dead-letter table with its reason.
Otherwise it is applied, the items it touches are re-projected before and after, the alert
rules run on the difference, the shortage view is updated and the audit sink records it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

from sqlalchemy import Connection, Engine, text

from domain.alerts.evaluate import evaluate
from domain.alerts.notify import queue_deliveries
from domain.alerts.routing import route
from domain.alerts.rules import load_rules
from domain.alerts.store import raise_alert, resolve_all, to_json
from domain.clock import as_of
from domain.events.apply import (
    Applied,
    Unappliable,
    apply_event,
    first_lookup,
    forget_lookups,
    remember,
    touched,
)
from domain.events.envelope import DomainEvent, parse_event
from domain.events.reprojection import ItemState, item_states, queue_item_states, store_view
from domain.uow import defer, discard_pending, flush, pipelined

Outcome = Literal["applied", "stale", "dead_letter"]


@dataclass
class EventOutcome:
    """What happened to one event; `duplicate` when it had been received before."""

    source: str
    id: str
    type: str
    subject: str
    outcome: Outcome
    detail: str
    duplicate: bool = False
    result: dict[str, Any] = field(default_factory=dict)
    latency_ms: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source, "id": self.id, "type": self.type, "subject": self.subject,
            "outcome": self.outcome, "detail": self.detail, "duplicate": self.duplicate,
            "result": self.result,
        }  # fmt: skip


class EventAudit(Protocol):
    """Records an event's outcome in the audit chain inside the event's transaction."""

    def __call__(self, conn: Connection, event: DomainEvent, outcome: EventOutcome) -> None: ...


def _no_audit(conn: Connection, event: DomainEvent, outcome: EventOutcome) -> None:
    return None


# Events of one object apply one at a time, across processes.
_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 11))")
# What a failed apply rolls back to (the outcome is still recorded in the transaction).
_SAVEPOINT, _RELEASE = text("SAVEPOINT event_apply"), text("RELEASE SAVEPOINT event_apply")
_ROLLBACK_TO = text("ROLLBACK TO SAVEPOINT event_apply")
_SEEN = text(
    "SELECT e.type, e.subject, e.outcome, e.detail, e.result,"
    " (SELECT event_time FROM events.event_object WHERE object_key = :k)"
    " FROM (SELECT 1) AS one LEFT JOIN events.event_log e ON e.source = :s AND e.id = :i"
)


# The event is new (no duplicate) and not older than its object's last: it will be applied.
# (The lock keeps both true until the event commits: only its holder writes either row.)
_WILL_APPLY = (
    " AND NOT EXISTS (SELECT 1 FROM events.event_log e WHERE e.source = :s AND e.id = :i)"
    " AND NOT EXISTS (SELECT 1 FROM events.event_object o WHERE o.object_key = :k"
    " AND o.event_time > :t)"
)


def _lock_and_seen(
    conn: Connection, event: DomainEvent, replay: bool
) -> tuple[EventOutcome | None, datetime | None]:
    """Take the object's lock, then read the stored outcome of this (source, id) and the
    object's last applied event time; one round trip (with the savepoint the apply uses and
    the row the event's lookups read first).

    Pipelined statements run one after the other, so the read's snapshot is taken once the
    lock is held and sees what the event that held it committed.
    """
    # A replay is in the log already: it reads its rows when it applies.
    lookup = None if replay else first_lookup(event, _WILL_APPLY)
    keys = {"s": event.source, "i": event.id, "k": event.object_key}
    _, _, [row], *looked_up = pipelined(
        conn,
        [(_LOCK, {"k": event.object_key}), (_SAVEPOINT, {}), (_SEEN, keys),
         *([(lookup[1], lookup[2] | keys | {"t": event.time})] if lookup else [])],
    )  # fmt: skip
    stored, last = None, row[5]
    if row[0] is not None:
        stored = EventOutcome(event.source, event.id, row[0], row[1], row[2], row[3], True, row[4])
    if lookup and stored is None and not (last is not None and last > event.time):
        remember(conn, lookup[0], looked_up[0])  # what touched() and the handler read first
    return stored, last


_LOG = text(
    "INSERT INTO events.event_log (source, id, type, subject, event_time, received_at,"
    " envelope, outcome, detail, result, applied_at) VALUES (:s, :i, :t, :k, :time,"
    " :now, CAST(:env AS jsonb), :o, :d, CAST(:r AS jsonb), :applied)"
    " ON CONFLICT (source, id) DO UPDATE SET outcome = :o, detail = :d,"
    " result = CAST(:r AS jsonb), applied_at = :applied"
)
_OBJECT = text(
    "INSERT INTO events.event_object (object_key, event_time, source, event_id)"
    " VALUES (:k, :t, :s, :i) ON CONFLICT (object_key) DO UPDATE SET"
    " event_time = GREATEST(events.event_object.event_time, :t), source = :s,"
    " event_id = :i"
)


def _record(conn: Connection, event: DomainEvent, outcome: EventOutcome, now: datetime) -> None:
    """Queue the log row (and the object's last applied time): sent with the audit's read."""
    defer(
        conn,
        _LOG,
        {"s": event.source, "i": event.id, "t": event.type, "k": event.object_key,
         "time": event.time, "now": now, "env": to_json(event.envelope), "o": outcome.outcome,
         "d": outcome.detail, "r": to_json(outcome.result),
         "applied": now if outcome.outcome == "applied" else None},
    )  # fmt: skip
    if outcome.outcome == "applied":
        defer(conn, _OBJECT, {"k": event.object_key, "t": event.time, "s": event.source,
                              "i": event.id})  # fmt: skip


_CACHE_SECONDS = 30.0
_cache: dict[tuple[str, str], tuple[float, Any]] = {}


def _cached(conn: Connection, key: str, load: Callable[[Connection], Any]) -> Any:
    """Master data and rules read at most every 30 s per database (edits apply within that)."""
    slot = (str(conn.engine.url), key)
    hit = _cache.get(slot)
    if hit is not None and time.monotonic() - hit[0] < _CACHE_SECONDS:
        return hit[1]
    value = load(conn)
    _cache[slot] = (time.monotonic(), value)
    return value


def _timezones(conn: Connection) -> dict[str, str]:
    return {str(r[0]): str(r[1]) for r in conn.execute(text("SELECT code, timezone FROM plant"))}


def _apply_and_alert(
    conn: Connection, event: DomainEvent, start: datetime, now: datetime
) -> tuple[Applied, dict[str, Any]]:
    """Apply the event, re-project its items before and after, run the rules on the change."""
    plant, items = touched(conn, event)
    timezones = _cached(conn, "timezones", _timezones)
    timezone = timezones.get(plant) or _timezones(conn)[plant]
    # Queued: it reads the items before the event's writes, and goes out with the "after"
    # re-projection (one round trip for both) unless the handler reads something first.
    before_event = queue_item_states(conn, plant, timezone, start, items)
    applied = apply_event(conn, event)
    after = item_states(conn, applied.plant, timezone, start, applied.items)
    before = before_event()
    store_view(conn, after.values(), now)
    rules = _cached(conn, "rules", load_rules)
    raised, cleared = evaluate(
        event.type, applied.facts, applied.plant, timezone, before, after, rules
    )
    ref = f"{event.source}#{event.id}"
    # Queued: it rides with the first raise's statements (no raise and no clearance share a
    # rule and object, so the order does not matter).
    resolving = resolve_all(conn, cleared, now, ref)
    new_alerts, refreshed = [], []
    for candidate in raised:
        path = route(conn, candidate, rules[candidate.rule])
        alert_id, new, added = raise_alert(conn, candidate, path.owner, path.recipients, now, ref)
        if new:
            queue_deliveries(conn, alert_id, path, now)
            new_alerts.append(
                {"id": alert_id, "rule": candidate.rule, "subject": candidate.subject,
                 "owner": path.owner, "recipients": list(path.recipients)}
            )  # fmt: skip
        else:
            # Those the worse alert now concerns (the plant manager past the hours) are told.
            queue_deliveries(conn, alert_id, path.only(added), now)
            refreshed.append(alert_id)
    resolved = resolving()
    result = {
        "plant": applied.plant,
        "items": sorted(applied.items),
        "shortages": {
            item: {"before": _state(before.get(item)), "after": _state(state)}
            for item, state in sorted(after.items())
        },
        "alerts_raised": new_alerts,
        "alerts_refreshed": refreshed,
        "alerts_resolved": resolved,
    }
    return applied, result


def _state(state: ItemState | None) -> dict[str, Any] | None:
    return None if state is None else state.as_dict()


_DEAD_LETTER = text(
    "INSERT INTO events.dead_letter (source, event_id, reason, status, attempts,"
    " created_at) VALUES (:s, :i, :r, 'waiting', 1, :now) ON CONFLICT (source, event_id)"
    " DO UPDATE SET reason = :r, status = 'waiting',"
    " attempts = events.dead_letter.attempts + 1"
)
_REPLAYED = text(
    "UPDATE events.dead_letter SET status = 'replayed', replayed_at = :now"
    " WHERE source = :s AND event_id = :i AND :o <> 'dead_letter'"
)


def process(
    conn: Connection, event: DomainEvent, start: datetime, now: datetime, audit: EventAudit,
    replay: bool = False,
) -> EventOutcome:  # fmt: skip
    """One event in `conn`'s transaction (see the module docstring); `replay` skips dedupe."""
    conn.info.pop("plant_users", None)  # routing's per-transaction cache
    forget_lookups(conn)
    stored, last = _lock_and_seen(conn, event, replay)
    if stored is not None and not replay:
        return stored
    base: dict[str, Any] = {"source": event.source, "id": event.id, "type": event.type,
            "subject": event.object_key}  # fmt: skip
    if last is not None and last > event.time:
        outcome = EventOutcome(
            **base, outcome="stale",
            detail=f"ignored: {event.object_key} already holds a later event "
            f"({last.isoformat()} > {event.time.isoformat()})",
        )  # fmt: skip
    else:
        try:
            _, result = _apply_and_alert(conn, event, start, now)
            defer(conn, _RELEASE, {})
            # Stored as JSON and answered as JSON: a duplicate's answer equals the original's.
            result = json.loads(to_json(result))
            outcome = EventOutcome(**base, outcome="applied", detail="applied", result=result)
        except Unappliable as err:
            discard_pending(conn)  # writes queued since the savepoint go with it
            conn.execute(_ROLLBACK_TO)
            outcome = EventOutcome(**base, outcome="dead_letter", detail=str(err))
    _record(conn, event, outcome, now)
    if outcome.outcome == "dead_letter":
        defer(conn, _DEAD_LETTER, {"s": event.source, "i": event.id, "r": outcome.detail,
                                   "now": now})  # fmt: skip
    if replay:
        defer(conn, _REPLAYED, {"now": now, "s": event.source, "i": event.id,
                                "o": outcome.outcome})  # fmt: skip
    audit(conn, event, outcome)  # its first read carries the queued writes
    flush(conn)
    return outcome


def ingest(
    engine: Engine,
    events: Iterable[DomainEvent],
    audit: EventAudit = _no_audit,
    now: datetime | None = None,
) -> list[EventOutcome]:
    """Apply each event in its own transaction, in the order given; their outcomes.

    `now` (default: Lineside's now, domain.clock.as_of, frozen in demo mode) stamps what the
    events do: alerts opened and resolved, deliveries queued, the log; so the KPIs read at
    the same clock see them (an alert resolved 'now' is no longer open at the as-of time).
    """
    start = as_of(engine)
    outcomes = []
    for event in events:
        t0 = time.perf_counter()
        with engine.begin() as conn:
            outcome = process(conn, event, start, now or start, audit)
        outcome.latency_ms = (time.perf_counter() - t0) * 1000
        outcomes.append(outcome)
    return outcomes


@dataclass(frozen=True)
class DeadLetter:
    id: int
    source: str
    event_id: str
    type: str
    subject: str
    reason: str
    status: str
    attempts: int
    created_at: datetime
    replayed_at: datetime | None


def dead_letters(engine: Engine, status: str | None = "waiting") -> list[DeadLetter]:
    """Dead-lettered events, oldest first (`status` None: every one)."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT d.id, d.source, d.event_id, e.type, e.subject, d.reason, d.status,"
                " d.attempts, d.created_at, d.replayed_at FROM events.dead_letter d"
                " JOIN events.event_log e ON e.source = d.source AND e.id = d.event_id"
                " WHERE CAST(:st AS text) IS NULL OR d.status = :st ORDER BY d.id"
            ),
            {"st": status},
        ).all()
    return [DeadLetter(*r) for r in rows]


def replay(
    engine: Engine,
    ids: Iterable[int] | None = None,
    audit: EventAudit = _no_audit,
    now: datetime | None = None,
) -> list[EventOutcome]:
    """Apply waiting dead letters again (all, or those `ids`), oldest first."""
    wanted = None if ids is None else set(ids)
    start = as_of(engine)
    outcomes = []
    for letter in dead_letters(engine, "waiting"):
        if wanted is not None and letter.id not in wanted:
            continue
        with engine.begin() as conn:
            envelope = conn.execute(
                text("SELECT envelope FROM events.event_log WHERE source = :s AND id = :i"),
                {"s": letter.source, "i": letter.event_id},
            ).scalar_one()
            event = parse_event(envelope)
            outcomes.append(process(conn, event, start, now or start, audit, True))
    return outcomes
