"""The audit log: append-only, hash-chained records of every call, proposal and decision."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, text

from domain.uow import pipelined
from governance.canonical import canonical_json, to_jsonable, utc_iso

GENESIS_HASH = "0" * 64

_COLUMNS = (
    "id, at, kind, actor, on_behalf_of, channel, thread_id, tool, arguments, result_digest,"
    " outcome, latency_ms, model, proposal_id, detail, prev_hash, hash"
)
# Lock the chain head first, then draw the id: ids then follow chain order exactly.
_LOCK_HEAD = text(
    "WITH h AS MATERIALIZED (SELECT last_hash FROM governance.audit_head WHERE id = 1 FOR UPDATE)"
    " SELECT last_hash, nextval('governance.audit_log_id_seq') FROM h"
)
_INSERT = text(
    "WITH ins AS (INSERT INTO governance.audit_log (" + _COLUMNS + ") VALUES (:id, :at, :kind,"
    " :actor, :on_behalf_of, :channel, :thread_id, :tool, CAST(:arguments AS jsonb),"
    " :result_digest, :outcome, :latency_ms, :model, :proposal_id, :detail, :prev_hash, :hash)"
    " RETURNING id)"
    " UPDATE governance.audit_head SET last_id = (SELECT id FROM ins), last_hash = :hash"
    " WHERE id = 1"
)
_NO_FLUSH_WAIT = text("SET LOCAL synchronous_commit = off")


@dataclass(frozen=True)
class AuditEntry:
    """What to record; `at` defaults to the wall clock when appended."""

    kind: str  # tool_call | proposal | decision | execution | expiry
    actor: str
    outcome: str  # ok | denied | error | rate_limited | approved | rejected | executed | failed
    tool: str | None = None
    channel: str | None = None
    thread_id: str | None = None
    on_behalf_of: str | None = None
    arguments: Mapping[str, Any] = field(default_factory=dict)
    result_digest: str | None = None
    latency_ms: float | None = None
    model: str | None = None
    proposal_id: str | None = None
    detail: str = ""
    at: datetime | None = None


@dataclass(frozen=True)
class AuditRecord:
    """A stored audit record with its place in the chain."""

    id: int
    at: datetime
    kind: str
    actor: str
    on_behalf_of: str | None
    channel: str | None
    thread_id: str | None
    tool: str | None
    arguments: dict[str, Any]
    result_digest: str | None
    outcome: str
    latency_ms: float | None
    model: str | None
    proposal_id: str | None
    detail: str
    prev_hash: str
    hash: str

    def to_dict(self) -> dict[str, Any]:
        return {k: to_jsonable(v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class ChainReport:
    """The outcome of walking the chain: ok, how many records, and the first broken one."""

    ok: bool
    checked: int
    first_broken_id: int | None
    reason: str


def record_hash(fields: Mapping[str, Any]) -> str:
    """sha256 over the canonical JSON of a record's fields, its prev_hash included."""
    body = {k: fields[k] for k in _HASHED}
    body["at"] = utc_iso(fields["at"])
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


_HASHED = tuple(c.strip() for c in _COLUMNS.split(",") if c.strip() != "hash")


def _append(conn: Connection, entry: AuditEntry) -> int:
    [[(prev_hash, new_id)]] = pipelined(conn, [(_LOCK_HEAD, {})])  # with any queued writes
    fields: dict[str, Any] = {
        "id": int(new_id),
        "at": entry.at or datetime.now(UTC),
        "kind": entry.kind,
        "actor": entry.actor,
        "on_behalf_of": entry.on_behalf_of,
        "channel": entry.channel,
        "thread_id": entry.thread_id,
        "tool": entry.tool,
        "arguments": to_jsonable(dict(entry.arguments)),
        "result_digest": entry.result_digest,
        "outcome": entry.outcome,
        "latency_ms": None if entry.latency_ms is None else round(float(entry.latency_ms), 3),
        "model": entry.model,
        "proposal_id": entry.proposal_id,
        "detail": to_jsonable(entry.detail),
        "prev_hash": prev_hash,
    }
    fields["hash"] = record_hash(fields)
    conn.execute(_INSERT, {**fields, "arguments": canonical_json(fields["arguments"])})
    return int(new_id)


def append_audit(
    conn_or_engine: Connection | Engine, record: AuditEntry, *, durable: bool = True
) -> int:
    """Append one record to the chain and return its id.

    Given a Connection, the record joins the caller's transaction (and vanishes with it on
    rollback); given an Engine, it commits on its own. The head row lock serialises appenders,
    so the chain never forks. `durable=False` (Engine only) skips waiting for the WAL flush:
    a database crash may lose the newest such records, never a gap, since WAL is flushed in
    order and every durable commit (proposal, decision) flushes all records before it.
    """
    if isinstance(conn_or_engine, Engine):
        with conn_or_engine.begin() as conn:
            if not durable:
                conn.execute(_NO_FLUSH_WAIT)
            return _append(conn, record)
    return _append(conn_or_engine, record)


def verify_chain(engine: Engine) -> ChainReport:
    """Recompute every hash in id order and check each link and the head; name the first break."""
    expected_prev = GENESIS_HASH
    checked = 0
    last_id: int | None = None
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
        head_id, head_hash = conn.execute(
            text("SELECT last_id, last_hash FROM governance.audit_head WHERE id = 1")
        ).one()
        rows = conn.execution_options(yield_per=2000).execute(
            text(f"SELECT {_COLUMNS} FROM governance.audit_log ORDER BY id")
        )
        for row in rows.mappings():
            checked += 1
            if row["prev_hash"] != expected_prev:
                return ChainReport(
                    False,
                    checked,
                    row["id"],
                    f"record {row['id']}: prev_hash does not match the record before it"
                    " (a record was removed, inserted or reordered)",
                )
            if record_hash(dict(row)) != row["hash"]:
                return ChainReport(
                    False,
                    checked,
                    row["id"],
                    f"record {row['id']}: hash does not match its contents (altered)",
                )
            expected_prev = row["hash"]
            last_id = row["id"]
    if head_hash != expected_prev or head_id != last_id:
        return ChainReport(
            False,
            checked,
            head_id,
            f"chain head names record {head_id} but the log ends at {last_id}"
            " (records were removed from the end)",
        )
    return ChainReport(True, checked, None, f"{checked} records, chain intact")


def audit_lookup(
    engine: Engine,
    thread_id: str | None = None,
    actor: str | None = None,
    tool: str | None = None,
    limit: int = 50,
    *,
    proposal_id: str | None = None,
) -> list[AuditRecord]:
    """The newest audit records matching every filter given, newest first."""
    filters = {"thread_id": thread_id, "actor": actor, "tool": tool, "proposal_id": proposal_id}
    where = " AND ".join(f"{k} = :{k}" for k, v in filters.items() if v is not None) or "TRUE"
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                f"SELECT {_COLUMNS} FROM governance.audit_log WHERE {where}"
                " ORDER BY id DESC LIMIT :limit"
            ),
            {**{k: v for k, v in filters.items() if v is not None}, "limit": limit},
        ).mappings()
        return [AuditRecord(**dict(r)) for r in rows]
