"""events: idempotent event log, dead letters, the shortage view, alert rules, deliveries

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = "events"

# kind, description, threshold, unit, owner role, plant-manager line-hours threshold
RULES = [
    ("new_shortage", "An item that was covered now runs short in the horizon", 0.0, "qty",
     "buyer", 4.0),
    ("shortage_worse", "A shortage comes earlier, grows, or lasts longer", 0.0, "hours",
     "buyer", 4.0),
    ("confirmation_short", "A confirmation below the ordered quantity or later than the need",
     0.0, "qty", "buyer", 4.0),
    ("asn_late", "An ASN's ETA is after the need time of its PO line", 0.0, "hours", "buyer", 4.0),
    ("quality_hold_demand", "A quality hold on an item with demand in the horizon", 0.0, "qty",
     "buyer", 4.0),
    ("downtime_late_wo", "Downtime makes a work order finish after its due time", 0.0, "hours",
     "planner", 4.0),
]  # fmt: skip
TOOL_ROLES = ("buyer", "planner", "plant_manager", "executive", "evaluator", "admin")


def _ts(name: str, nullable: bool = True) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.execute(f"CREATE SCHEMA IF NOT EXISTS {S}")
    op.create_table(
        "event_log",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        _ts("event_time", nullable=False),
        _ts("received_at", nullable=False),
        sa.Column("envelope", postgresql.JSONB(), nullable=False),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("result", postgresql.JSONB(), nullable=False),
        _ts("applied_at"),
        sa.PrimaryKeyConstraint("source", "id"),
        sa.CheckConstraint(
            "outcome IN ('applied','stale','dead_letter')", name="event_log_outcome"
        ),
        schema=S,
    )
    op.create_index("ix_event_log_subject", "event_log", ["subject"], schema=S)
    op.create_table(
        "event_object",
        sa.Column("object_key", sa.String(), primary_key=True),
        _ts("event_time", nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("event_id", sa.String(), nullable=False),
        schema=S,
    )
    op.create_table(
        "dead_letter",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(), nullable=False, server_default="waiting"),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="1"),
        _ts("created_at", nullable=False),
        _ts("replayed_at"),
        sa.ForeignKeyConstraint(
            ["source", "event_id"], [f"{S}.event_log.source", f"{S}.event_log.id"]
        ),
        sa.UniqueConstraint("source", "event_id"),
        sa.CheckConstraint("status IN ('waiting','replayed')", name="dead_letter_status"),
        schema=S,
    )
    op.create_table(
        "shortage_view",
        sa.Column("plant_code", sa.String(), nullable=False),
        sa.Column("item_code", sa.String(), nullable=False),
        _ts("first_short_at"),
        sa.Column("qty_short", sa.Float(), nullable=False),
        _ts("recovered_at"),
        sa.Column("line_hours_at_risk", sa.Float(), nullable=False),
        sa.Column("work_orders", postgresql.ARRAY(sa.String()), nullable=False),
        sa.Column("customer_orders", postgresql.ARRAY(sa.String()), nullable=False),
        _ts("updated_at", nullable=False),
        sa.PrimaryKeyConstraint("plant_code", "item_code"),
        schema=S,
    )
    rule = op.create_table(
        "alert_rule",
        sa.Column("kind", sa.String(), primary_key=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("owner_role", sa.String(), nullable=False),
        sa.Column("escalate_line_hours", sa.Float(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False, server_default=sa.true()),
        schema=S,
    )
    op.bulk_insert(
        rule,
        [
            {
                "kind": k,
                "description": d,
                "threshold": t,
                "unit": u,
                "owner_role": o,
                "escalate_line_hours": h,
                "enabled": True,
            }
            for k, d, t, u, o, h in RULES
        ],  # fmt: skip
    )
    op.create_table(
        "alert_delivery",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("alert_id", sa.Integer(), sa.ForeignKey("alert.id"), nullable=False),
        sa.Column("recipient", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        _ts("created_at", nullable=False),
        _ts("sent_at"),
        sa.Column("channels", postgresql.ARRAY(sa.String()), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text()),
        sa.UniqueConstraint("alert_id", "recipient", "reason"),
        schema=S,
    )
    op.create_index(
        "ix_alert_delivery_unsent",
        "alert_delivery",
        ["id"],
        schema=S,
        postgresql_where=sa.text("sent_at IS NULL"),
    )
    op.create_table(
        "proposed_event",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("document_kind", sa.String(), nullable=False),
        sa.Column("document_ref", sa.String(), nullable=False),
        sa.Column("document_text", sa.Text(), nullable=False),
        sa.Column("extracted", postgresql.JSONB(), nullable=False),
        sa.Column("event", postgresql.JSONB(), nullable=False),
        sa.Column("plant_code", sa.String(), sa.ForeignKey("plant.code"), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("proposed_by", sa.String(), sa.ForeignKey("app_user.username"), nullable=False),
        _ts("created_at", nullable=False),
        sa.Column("decided_by", sa.String(), sa.ForeignKey("app_user.username")),
        _ts("decided_at"),
        sa.Column("outcome", postgresql.JSONB()),
        sa.CheckConstraint(
            "status IN ('proposed','confirmed','rejected')", name="proposed_event_status"
        ),
        schema=S,
    )
    op.execute(f"CREATE SEQUENCE {S}.proposed_event_seq")

    # The alert table grows the fields of a rule-raised alert; older rows keep NULLs there.
    op.add_column("alert", sa.Column("rule_kind", sa.String(), nullable=True))
    op.add_column("alert", sa.Column("object_key", sa.String(), nullable=True))
    op.add_column("alert", sa.Column("item_code", sa.String(), nullable=True))
    op.add_column("alert", sa.Column("owner", sa.String(), nullable=True))
    op.add_column(
        "alert",
        sa.Column("recipients", postgresql.ARRAY(sa.String()), nullable=False, server_default="{}"),
    )
    op.add_column(
        "alert", sa.Column("details", postgresql.JSONB(), nullable=False, server_default="{}")
    )
    op.add_column(
        "alert", sa.Column("actions", postgresql.JSONB(), nullable=False, server_default="[]")
    )
    op.add_column("alert", sa.Column("acknowledged_at", sa.DateTime(timezone=True)))
    op.add_column("alert", sa.Column("acknowledged_by", sa.String(), nullable=True))
    op.add_column("alert", sa.Column("resolved_by", sa.String(), nullable=True))
    op.add_column("alert", sa.Column("resolution", sa.String(), nullable=True))
    op.add_column("alert", sa.Column("event_ref", sa.String(), nullable=True))
    op.create_index(
        "ux_alert_open_rule_object",
        "alert",
        ["rule_kind", "object_key"],
        unique=True,
        postgresql_where=sa.text("closed_at IS NULL"),
    )
    op.add_column("downtime", sa.Column("ref", sa.String(), nullable=True))
    op.create_index("ix_downtime_ref", "downtime", ["ref"], unique=True)
    op.execute(
        "INSERT INTO governance.tool_policy (role, tool_name, allowed, plant_rule) VALUES "
        + ", ".join(f"('{role}', 'read_alerts', true, 'scope')" for role in TOOL_ROLES)
        + " ON CONFLICT DO NOTHING"
    )


def downgrade() -> None:
    op.execute("DELETE FROM governance.tool_policy WHERE tool_name = 'read_alerts'")
    op.drop_index("ix_downtime_ref", table_name="downtime")
    op.drop_column("downtime", "ref")
    op.drop_index("ux_alert_open_rule_object", table_name="alert")
    for column in (
        "event_ref", "resolution", "resolved_by", "acknowledged_by", "acknowledged_at",
        "actions", "details", "recipients", "owner", "item_code", "object_key", "rule_kind",
    ):  # fmt: skip
        op.drop_column("alert", column)
    op.execute(f"DROP SCHEMA {S} CASCADE")
