"""The service: procrastinate's queue schema, API keys for service accounts, idempotent POSTs

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# procrastinate 3.10.0's schema.sql, as `procrastinate schema --apply` would run it; a later
# procrastinate version adds a migration here that runs its delta_*.sql files in order.
QUEUE_SQL = Path(__file__).resolve().parents[1] / "sql" / "procrastinate-3.10.0.sql"
QUEUE_SCHEMA = "procrastinate"  # its own schema: the queue's objects stay apart from ours


# Reads the API serves that no agent tool covers yet: they pass the same gate under these rows.
SERVICE_READS: dict[str, list[str]] = {
    "risk_top": ["buyer", "planner", "plant_manager", "executive", "evaluator", "admin"],
    "resequence_plan": ["planner", "plant_manager", "executive", "evaluator", "admin"],
    "audit_verify": ["plant_manager", "executive", "evaluator", "admin"],
}


def _ts(name: str, nullable: bool = True) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.execute(f"CREATE SCHEMA {QUEUE_SCHEMA}")
    bind = op.get_bind()
    bind.exec_driver_sql(f"SET LOCAL search_path TO {QUEUE_SCHEMA}")
    # The driver's own execute: the script is many statements with no parameters.
    bind.connection.driver_connection.execute(QUEUE_SQL.read_text(encoding="utf-8"))  # type: ignore[union-attr]
    bind.exec_driver_sql("SET LOCAL search_path TO public")

    policy = sa.table(
        "tool_policy",
        sa.column("role", sa.String()),
        sa.column("tool_name", sa.String()),
        sa.column("allowed", sa.Boolean()),
        sa.column("plant_rule", sa.String()),
        schema="governance",
    )
    op.bulk_insert(
        policy,
        [
            {"role": role, "tool_name": tool, "allowed": True, "plant_rule": "scope"}
            for tool, roles in SERVICE_READS.items()
            for role in roles
        ],
    )

    op.create_table(
        "api_key",
        sa.Column("id", sa.String(), primary_key=True),  # the key's public prefix
        sa.Column("username", sa.String(), sa.ForeignKey("app_user.username"), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("secret_hash", sa.String(), nullable=False),
        _ts("created_at", nullable=False),
        _ts("revoked_at"),
        _ts("last_used_at"),
        schema="governance",
    )
    op.create_table(
        "api_idempotency",
        sa.Column("username", sa.String(), primary_key=True),
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("method", sa.String(), nullable=False),
        sa.Column("path", sa.String(), nullable=False),
        sa.Column("request_hash", sa.String(), nullable=False),
        sa.Column("status_code", sa.Integer()),  # NULL while the first request is in flight
        sa.Column("response_headers", postgresql.JSONB()),
        sa.Column("response_body", sa.LargeBinary()),
        _ts("created_at", nullable=False),
        _ts("completed_at"),
        schema="governance",
    )

    op.create_table(
        "thread",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("owner", sa.String(), sa.ForeignKey("app_user.username"), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("metadata", postgresql.JSONB(), nullable=False),
        _ts("created_at", nullable=False),
        schema="governance",
    )
    op.create_index("ix_thread_owner", "thread", ["owner"], schema="governance")


def downgrade() -> None:
    op.drop_table("thread", schema="governance")
    op.drop_table("api_idempotency", schema="governance")
    op.drop_table("api_key", schema="governance")
    names = ", ".join(f"'{t}'" for t in SERVICE_READS)
    op.execute(f"DELETE FROM governance.tool_policy WHERE tool_name IN ({names})")
    op.execute(f"DROP SCHEMA {QUEUE_SCHEMA} CASCADE")
