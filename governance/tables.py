"""Governance's tables (schema `governance`): tool policy, proposals, decisions, outbox, audit."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import SQLModel

import domain.models  # noqa: F401  (registers the domain tables referenced below)

# A schema of its own keeps governance apart from the domain tables (and their autogenerate).
SCHEMA = "governance"
metadata = MetaData(schema=SCHEMA)
# Domain tables are referenced through their columns (they live in SQLModel's metadata).
_DOMAIN = SQLModel.metadata.tables
USER = _DOMAIN["app_user"].c.username
RULE = _DOMAIN["approval_rule"].c.id
PLANT = _DOMAIN["plant"].c.code


def _ts(name: str, nullable: bool = True) -> Column[Any]:
    return Column(name, DateTime(timezone=True), nullable=nullable)


tool_policy = Table(
    "tool_policy",
    metadata,
    Column("role", String, primary_key=True),
    Column("tool_name", String, primary_key=True),
    Column("allowed", Boolean, nullable=False),
    Column("plant_rule", String, nullable=False),  # scope | any
)

action_proposal = Table(
    "action_proposal",
    metadata,
    Column("id", String, primary_key=True),
    Column("kind", String, nullable=False),
    Column("payload", JSONB, nullable=False),
    Column("rationale", Text, nullable=False),
    Column("cited_facts", JSONB, nullable=False),
    Column("expected_effect", Text, nullable=False),
    Column("cost", Float, nullable=False),
    Column("requested_by", String, ForeignKey(USER), nullable=False),
    Column("on_behalf_of", String),
    Column("channel", String, nullable=False),
    Column("required_role", String, nullable=False),
    Column("rule_id", Integer, ForeignKey(RULE)),
    Column("plant_code", String, ForeignKey(PLANT), nullable=False),
    Column("status", String, nullable=False),
    Column("four_eyes", Boolean, nullable=False),
    _ts("created_at", nullable=False),
    _ts("expires_at", nullable=False),
    _ts("decided_at"),
    Column("decided_by", String, ForeignKey(USER)),
    Column("decision_comment", Text),
    _ts("executed_at"),
    Column("failure_reason", Text),
    Column("result", JSONB),
    Column("thread_id", String),
    Column("idempotency_key", String, nullable=False, unique=True),
    UniqueConstraint("id", "requested_by", "four_eyes", name="action_proposal_requester"),
    Index("ix_action_proposal_status_plant", "status", "plant_code"),
    Index("ix_action_proposal_thread", "thread_id"),
)

proposal_decision = Table(
    "proposal_decision",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("proposal_id", String, nullable=False, unique=True),
    Column("requested_by", String, nullable=False),
    Column("four_eyes", Boolean, nullable=False),
    Column("decision", String, nullable=False),
    Column("decided_by", String, ForeignKey(USER), nullable=False),
    _ts("decided_at", nullable=False),
    Column("comment", Text, nullable=False),
    Column("edited_payload", JSONB),
    ForeignKeyConstraint(
        ["proposal_id", "requested_by", "four_eyes"],
        ["action_proposal.id", "action_proposal.requested_by", "action_proposal.four_eyes"],
        name="proposal_decision_matches_proposal",
    ),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("idempotency_key", String, nullable=False, unique=True),
    Column("proposal_id", String, ForeignKey("action_proposal.id")),
    Column("channel", String, nullable=False),  # email | erp | internal
    Column("recipient", String, nullable=False),
    Column("subject", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("payload", JSONB, nullable=False),
    _ts("created_at", nullable=False),
    _ts("sent_at"),
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text),
    Index("ix_outbox_unsent", "id", postgresql_where=text("sent_at IS NULL")),
)

outbound_message = Table(
    "outbound_message",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("idempotency_key", String, nullable=False, unique=True),
    Column("channel", String, nullable=False),
    Column("recipient", String, nullable=False),
    Column("subject", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("payload", JSONB, nullable=False),
    _ts("sent_at", nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", BigInteger, primary_key=True),
    _ts("at", nullable=False),
    Column("kind", String, nullable=False),  # tool_call | proposal | decision | execution | expiry
    Column("actor", String, nullable=False),
    Column("on_behalf_of", String),
    Column("channel", String),
    Column("thread_id", String),
    Column("tool", String),
    Column("arguments", JSONB, nullable=False),
    Column("result_digest", String),
    Column("outcome", String, nullable=False),
    Column("latency_ms", Float),
    Column("model", String),
    Column("proposal_id", String),
    Column("detail", Text, nullable=False),
    Column("prev_hash", String, nullable=False, unique=True),  # one successor per record
    Column("hash", String, nullable=False, unique=True),
    Index("ix_audit_log_thread", "thread_id"),
    Index("ix_audit_log_actor", "actor"),
    Index("ix_audit_log_proposal", "proposal_id"),
)

# One token bucket per (user, tool); UNLOGGED in the database (see migration 0004).
rate_bucket = Table(
    "rate_bucket",
    metadata,
    Column("username", String, primary_key=True),
    Column("tool_name", String, primary_key=True),
    Column("tokens", Float, nullable=False),
    Column("granted", Boolean, nullable=False),  # whether the latest request took a token
    _ts("updated_at", nullable=False),
    prefixes=["UNLOGGED"],
)

audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("last_id", BigInteger),
    Column("last_hash", String, nullable=False),
)

# A service account's API key: only its hash is kept; `id` is the key's public prefix.
api_key = Table(
    "api_key",
    metadata,
    Column("id", String, primary_key=True),
    Column("username", String, ForeignKey(USER), nullable=False),
    Column("name", String, nullable=False),
    Column("secret_hash", String, nullable=False),
    _ts("created_at", nullable=False),
    _ts("revoked_at"),
    _ts("last_used_at"),
)

# The stored answer to a state-changing HTTP request, per user and Idempotency-Key.
api_idempotency = Table(
    "api_idempotency",
    metadata,
    Column("username", String, primary_key=True),
    Column("key", String, primary_key=True),
    Column("method", String, nullable=False),
    Column("path", String, nullable=False),
    Column("request_hash", String, nullable=False),
    Column("status_code", Integer),  # NULL while the first request is still in flight
    Column("response_headers", JSONB),
    Column("response_body", LargeBinary),
    _ts("created_at", nullable=False),
    _ts("completed_at"),
)

# A conversation thread opened over the API: whose it is (its messages live in the checkpoints).
thread = Table(
    "thread",
    metadata,
    Column("id", String, primary_key=True),
    Column("owner", String, ForeignKey(USER), nullable=False),
    Column("channel", String, nullable=False),
    Column("metadata", JSONB, nullable=False),
    _ts("created_at", nullable=False),
    Index("ix_thread_owner", "owner"),
)
