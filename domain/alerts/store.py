"""Alerts in the `alert` table: one open per rule and object, open → acknowledged → resolved.

Status is read from the row: resolved when closed_at is set, acknowledged when
acknowledged_at is set, else open. Raising an alert that is already open refreshes its
latest details and raises nothing new (no storms).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Connection, Engine, text

from domain.alerts.evaluate import AlertCandidate, Clearance
from domain.uow import defer, pipelined

AlertStatus = Literal["open", "acknowledged", "resolved"]
_STATUS_SQL = (
    "CASE WHEN a.closed_at IS NOT NULL THEN 'resolved'"
    " WHEN a.acknowledged_at IS NOT NULL THEN 'acknowledged' ELSE 'open' END"
)


class AlertError(ValueError):
    """An alert request the caller can fix: unknown alert, already resolved, not yours."""


@dataclass(frozen=True)
class AlertView:
    id: int
    plant: str
    kind: str
    rule: str | None
    object_key: str | None
    item: str | None
    subject: str
    status: str
    owner: str | None
    recipients: tuple[str, ...]
    opened_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    closed_at: datetime | None
    resolved_by: str | None
    resolution: str | None
    details: dict[str, Any]
    actions: list[dict[str, Any]]
    event_ref: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            k: (
                v.isoformat() if isinstance(v, datetime) else list(v) if isinstance(v, tuple) else v
            )
            for k, v in self.__dict__.items()
        }


def to_json(value: Any) -> str:
    """JSON text of details holding datetimes (ISO 8601 with offset)."""
    return json.dumps(value, default=lambda v: v.isoformat() if isinstance(v, datetime) else str(v))


_INSERT = (
    "INSERT INTO alert (plant_code, kind, subject, opened_at, rule_kind, object_key, item_code,"
    " owner, recipients, details, actions, event_ref) VALUES (:plant, :rule, :subject, :now,"
    " :rule, :key, :item, :owner, :recipients, CAST(:details AS jsonb), CAST(:actions AS jsonb),"
    " :event) ON CONFLICT (rule_kind, object_key) WHERE closed_at IS NULL DO NOTHING RETURNING id"
)
# The open alert takes the latest change and any recipient its route gained (a shortage
# that now passes the plant manager's line hours), who are returned to be told.
_UPDATE = (
    "UPDATE alert a SET details = a.details || jsonb_build_object('latest',"
    " CAST(:details AS jsonb)), recipients = a.recipients || ARRAY(SELECT r FROM"
    " unnest(CAST(:recipients AS text[])) WITH ORDINALITY AS n(r, i)"
    " WHERE r <> ALL(a.recipients) ORDER BY i)"
    " FROM alert old WHERE old.id = a.id AND a.rule_kind = :rule AND a.object_key = :key"
    " AND a.closed_at IS NULL{only_if} RETURNING a.id, ARRAY(SELECT r FROM unnest(a.recipients)"
    " AS r WHERE r <> ALL(old.recipients)) AS added"
)
_REFRESH = text(_UPDATE.format(only_if=""))
# Both in one round trip: the insert, else the refresh of the open alert it ran into. Both
# read the statement's snapshot, so an alert opened by a transaction that committed during
# it is neither inserted nor refreshed: no row, and _REFRESH runs on its own.
_RAISE_OR_REFRESH = text(
    f"WITH ins AS ({_INSERT}), upd AS ("
    + _UPDATE.format(only_if=" AND NOT EXISTS (SELECT 1 FROM ins)")
    + ") SELECT id, TRUE, CAST(ARRAY[] AS text[]) FROM ins"
    " UNION ALL SELECT id, FALSE, added FROM upd"
)


def raise_alert(
    conn: Connection,
    candidate: AlertCandidate,
    owner: str | None,
    recipients: Sequence[str],
    now: datetime,
    event_ref: str | None,
) -> tuple[int, bool, tuple[str, ...]]:
    """Open the candidate's alert, or refresh the one already open.

    Returns (id, newly raised, recipients added to an open alert).
    """
    params = {
        "plant": candidate.plant, "rule": candidate.rule, "subject": candidate.subject,
        "now": now, "key": candidate.object_key, "item": candidate.item, "owner": owner,
        "recipients": list(recipients), "details": to_json(candidate.details),
        "actions": to_json(candidate.actions), "event": event_ref,
    }  # fmt: skip
    [rows] = pipelined(conn, [(_RAISE_OR_REFRESH, params)])  # with the event's queued writes
    row = rows[0] if rows else None
    if row is None:
        open_id, added = conn.execute(_REFRESH, params).one()
        return int(open_id), False, tuple(added)
    alert_id, new, added = row
    return int(alert_id), bool(new), tuple(added)


# Every clearance of an event in one statement; ids in the clearances' order.
_RESOLVE = text(
    "WITH c AS (SELECT * FROM unnest(CAST(:ns AS int[]), CAST(:rules AS text[]),"
    " CAST(:keys AS text[]), CAST(:reasons AS text[])) AS c(n, rule, key, reason)),"
    " u AS (UPDATE alert a SET closed_at = :now, resolved_by = 'lineside', resolution = c.reason,"
    " event_ref = COALESCE(:event, a.event_ref) FROM c WHERE a.rule_kind = c.rule"
    " AND a.object_key = c.key AND a.closed_at IS NULL RETURNING a.id, c.n)"
    " SELECT id FROM u ORDER BY n, id"
)


def resolve_all(
    conn: Connection, clearances: Sequence[Clearance], now: datetime, event_ref: str | None
) -> Callable[[], list[int]]:
    """Resolve the open alerts of each clearance's rules on its object; their ids, in order.

    Queued (see domain.uow.defer): it goes with the transaction's next statement, and the
    function returned gives the ids (sending it first if still queued). An alert two
    clearances name is resolved by the first (with its reason).
    """
    first: dict[tuple[str, str], tuple[int, str]] = {}
    for n, clearance in enumerate(clearances):
        for rule in clearance.rules:
            first.setdefault(
                (rule, clearance.object_key), (n, f"condition cleared: {clearance.reason}")
            )
    if not first:
        return lambda: []
    later = defer(
        conn,
        _RESOLVE,
        {"ns": [n for n, _ in first.values()], "rules": [r for r, _ in first],
         "keys": [k for _, k in first], "reasons": [why for _, why in first.values()],
         "now": now, "event": event_ref},
    )  # fmt: skip
    return lambda: [int(r[0]) for r in later.rows(conn)]


_SELECT = (
    "SELECT a.id, a.plant_code, a.kind, a.rule_kind, a.object_key, a.item_code, a.subject, "
    + _STATUS_SQL
    + " AS status, a.owner, a.recipients, a.opened_at, a.acknowledged_at, a.acknowledged_by,"
    " a.closed_at, a.resolved_by, a.resolution, a.details, a.actions, a.event_ref FROM alert a"
)


def _view(row: Any) -> AlertView:
    values = list(row)
    values[9] = tuple(values[9] or ())
    return AlertView(*values)


def list_alerts(
    engine: Engine,
    plants: Sequence[str] | None,
    *,
    recipient: str | None = None,
    status: AlertStatus | Literal["active", "all"] = "active",
    since: datetime | None = None,
    limit: int = 100,
) -> list[AlertView]:
    """Alerts at `plants` (None: every plant), newest first; `active` = open or acknowledged."""
    where = ["TRUE"]
    params: dict[str, Any] = {"limit": limit}
    if plants is not None:
        where.append("a.plant_code = ANY(:plants)")
        params["plants"] = list(plants)
    if recipient is not None:
        where.append("(:who = ANY(a.recipients) OR a.owner = :who)")
        params["who"] = recipient
    if status == "active":
        where.append("a.closed_at IS NULL")
    elif status != "all":
        where.append(f"{_STATUS_SQL} = :status")
        params["status"] = status
    if since is not None:
        where.append("a.opened_at >= :since")
        params["since"] = since
    with engine.connect() as conn:
        rows = conn.execute(
            text(f"{_SELECT} WHERE {' AND '.join(where)} ORDER BY a.opened_at DESC, a.id DESC"
                 " LIMIT :limit"),
            params,
        ).all()  # fmt: skip
    return [_view(r) for r in rows]


def get_alert(engine: Engine, alert_id: int) -> AlertView:
    with engine.connect() as conn:
        row = conn.execute(text(f"{_SELECT} WHERE a.id = :id"), {"id": alert_id}).first()
    if row is None:
        raise AlertError(f"no alert {alert_id}")
    return _view(row)


def acknowledge_alert(engine: Engine, alert_id: int, username: str, now: datetime) -> AlertView:
    """open → acknowledged; acknowledging again keeps the first acknowledgement."""
    current = get_alert(engine, alert_id)
    if current.status == "resolved":
        raise AlertError(f"alert {alert_id} is already resolved")
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE alert SET acknowledged_at = COALESCE(acknowledged_at, :now),"
                " acknowledged_by = COALESCE(acknowledged_by, :who) WHERE id = :id"
            ),
            {"now": now, "who": username, "id": alert_id},
        )
    return get_alert(engine, alert_id)


def resolve_alert(
    engine: Engine, alert_id: int, username: str, now: datetime, resolution: str = ""
) -> AlertView:
    """→ resolved by a person (the condition may still hold: a new event raises it again)."""
    current = get_alert(engine, alert_id)
    if current.status == "resolved":
        raise AlertError(f"alert {alert_id} is already resolved")
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE alert SET closed_at = :now, resolved_by = :who, resolution = :why"
                " WHERE id = :id AND closed_at IS NULL"
            ),
            {"now": now, "who": username, "why": resolution or "resolved by hand", "id": alert_id},
        )
    return get_alert(engine, alert_id)
