"""governance: tool policy, proposals, decisions, outbox, append-only hash-chained audit

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = "governance"
GENESIS = "0" * 64

READ_TOOLS = [
    "shortages", "explain_po_risk", "clear_to_build", "lookup_item", "lookup_supplier",
    "supplier_performance", "kpi_query", "open_supply_for_item", "search_correspondence",
    "pending_proposals",
]  # fmt: skip
PROPOSE_TOOLS = [
    "draft_supplier_escalation", "request_po_date_change", "expedite_po", "transfer_inventory",
    "propose_resequence", "request_quality_review",
]  # fmt: skip
# Role -> tools it may call; anything absent is denied. Plant scope applies to every row.
POLICY: dict[str, list[str]] = {
    "buyer": READ_TOOLS
    + [
        "draft_supplier_escalation",
        "request_po_date_change",
        "expedite_po",
        "transfer_inventory",
        "request_quality_review",
    ],  # fmt: skip
    "planner": READ_TOOLS + ["propose_resequence", "transfer_inventory", "request_quality_review"],
    "plant_manager": READ_TOOLS + ["audit_lookup"] + PROPOSE_TOOLS,
    "executive": READ_TOOLS + ["audit_lookup", "draft_supplier_escalation"],
    "evaluator": READ_TOOLS + ["audit_lookup"],
    "admin": READ_TOOLS + ["audit_lookup"],
}

PROPOSAL_STATUSES = "('pending','approved','rejected','expired','executed','failed')"
PROPOSAL_KINDS = (
    "('expedite_po','supplier_escalation','po_date_change','transfer_inventory',"
    "'resequence','quality_review')"
)


def _ts(name: str, nullable: bool = True) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.execute(f"CREATE SCHEMA IF NOT EXISTS {S}")

    op.create_table(
        "tool_policy",
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("tool_name", sa.String(), nullable=False),
        sa.Column("allowed", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("plant_rule", sa.String(), nullable=False, server_default="scope"),
        sa.PrimaryKeyConstraint("role", "tool_name"),
        sa.CheckConstraint("plant_rule IN ('scope','any')", name="tool_policy_plant_rule"),
        schema=S,
    )
    policy = sa.table(
        "tool_policy",
        sa.column("role"), sa.column("tool_name"), sa.column("allowed"), sa.column("plant_rule"),
        schema=S,
    )  # fmt: skip
    op.bulk_insert(
        policy,
        [
            {"role": role, "tool_name": tool, "allowed": True, "plant_rule": "scope"}
            for role, tools in POLICY.items()
            for tool in tools
        ],
    )

    op.execute(f"CREATE SEQUENCE {S}.action_proposal_seq")
    op.create_table(
        "action_proposal",
        sa.Column(
            "id",
            sa.String(),
            nullable=False,
            server_default=sa.text(
                f"'AP-' || lpad(nextval('{S}.action_proposal_seq')::text, 6, '0')"
            ),
        ),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("payload", postgresql.JSONB(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("cited_facts", postgresql.JSONB(), nullable=False),
        sa.Column("expected_effect", sa.Text(), nullable=False),
        sa.Column("cost", sa.Float(), nullable=False),
        sa.Column("requested_by", sa.String(), nullable=False),
        sa.Column("on_behalf_of", sa.String(), nullable=True),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("required_role", sa.String(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=True),
        sa.Column("plant_code", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("four_eyes", sa.Boolean(), nullable=False),
        _ts("created_at", nullable=False),
        _ts("expires_at", nullable=False),
        _ts("decided_at"),
        sa.Column("decided_by", sa.String(), nullable=True),
        sa.Column("decision_comment", sa.Text(), nullable=True),
        _ts("executed_at"),
        sa.Column("failure_reason", sa.Text(), nullable=True),
        sa.Column("result", postgresql.JSONB(), nullable=True),
        sa.Column("thread_id", sa.String(), nullable=True),
        sa.Column("idempotency_key", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key", name="action_proposal_idempotency_key"),
        # The target of proposal_decision's composite key: a decision copies these faithfully.
        sa.UniqueConstraint("id", "requested_by", "four_eyes", name="action_proposal_requester"),
        sa.ForeignKeyConstraint(["requested_by"], ["public.app_user.username"]),
        sa.ForeignKeyConstraint(["decided_by"], ["public.app_user.username"]),
        sa.ForeignKeyConstraint(["plant_code"], ["public.plant.code"]),
        sa.ForeignKeyConstraint(["rule_id"], ["public.approval_rule.id"]),
        sa.CheckConstraint(f"status IN {PROPOSAL_STATUSES}", name="action_proposal_status"),
        sa.CheckConstraint(f"kind IN {PROPOSAL_KINDS}", name="action_proposal_kind"),
        sa.CheckConstraint("cost >= 0", name="action_proposal_cost_nonneg"),
        sa.CheckConstraint(
            "NOT four_eyes OR decided_by IS NULL OR decided_by <> requested_by",
            name="action_proposal_four_eyes",
        ),
        sa.CheckConstraint(
            "status = 'pending' OR status = 'expired' OR decided_by IS NOT NULL",
            name="action_proposal_decided_by_someone",
        ),
        schema=S,
    )
    op.create_index("ix_action_proposal_status_plant", "action_proposal",
                    ["status", "plant_code"], schema=S)  # fmt: skip
    op.create_index("ix_action_proposal_thread", "action_proposal", ["thread_id"], schema=S)

    op.create_table(
        "proposal_decision",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("proposal_id", sa.String(), nullable=False),
        sa.Column("requested_by", sa.String(), nullable=False),
        sa.Column("four_eyes", sa.Boolean(), nullable=False),
        sa.Column("decision", sa.String(), nullable=False),
        sa.Column("decided_by", sa.String(), nullable=False),
        _ts("decided_at", nullable=False),
        sa.Column("comment", sa.Text(), nullable=False, server_default=""),
        sa.Column("edited_payload", postgresql.JSONB(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        # One decision per proposal: a second approver loses at the database too.
        sa.UniqueConstraint("proposal_id", name="proposal_decision_once"),
        sa.ForeignKeyConstraint(
            ["proposal_id", "requested_by", "four_eyes"],
            [
                f"{S}.action_proposal.id",
                f"{S}.action_proposal.requested_by",
                f"{S}.action_proposal.four_eyes",
            ],
            name="proposal_decision_matches_proposal",
        ),  # fmt: skip
        sa.ForeignKeyConstraint(["decided_by"], ["public.app_user.username"]),
        sa.CheckConstraint(
            "decision IN ('approve','edit','reject')", name="proposal_decision_kind"
        ),
        sa.CheckConstraint(
            "NOT four_eyes OR decided_by <> requested_by", name="proposal_decision_four_eyes"
        ),
        schema=S,
    )

    op.create_table(
        "outbox",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("idempotency_key", sa.String(), nullable=False),
        sa.Column("proposal_id", sa.String(), nullable=True),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("recipient", sa.String(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("payload", postgresql.JSONB(), nullable=False),
        _ts("created_at", nullable=False),
        _ts("sent_at"),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key", name="outbox_idempotency_key"),
        sa.ForeignKeyConstraint(["proposal_id"], [f"{S}.action_proposal.id"]),
        schema=S,
    )
    op.execute(f"CREATE INDEX ix_outbox_unsent ON {S}.outbox (id) WHERE sent_at IS NULL")

    op.create_table(
        "outbound_message",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("idempotency_key", sa.String(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("recipient", sa.String(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("payload", postgresql.JSONB(), nullable=False),
        _ts("sent_at", nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key", name="outbound_message_idempotency_key"),
        schema=S,
    )

    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        _ts("at", nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("on_behalf_of", sa.String(), nullable=True),
        sa.Column("channel", sa.String(), nullable=True),
        sa.Column("thread_id", sa.String(), nullable=True),
        sa.Column("tool", sa.String(), nullable=True),
        sa.Column("arguments", postgresql.JSONB(), nullable=False),
        sa.Column("result_digest", sa.String(), nullable=True),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.Column("latency_ms", sa.Float(), nullable=True),
        sa.Column("model", sa.String(), nullable=True),
        sa.Column("proposal_id", sa.String(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False, server_default=""),
        sa.Column("prev_hash", sa.String(), nullable=False),
        sa.Column("hash", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("hash", name="audit_log_hash"),
        # Two records claiming the same predecessor would be a fork.
        sa.UniqueConstraint("prev_hash", name="audit_log_no_fork"),
        schema=S,
    )
    op.create_index("ix_audit_log_thread", "audit_log", ["thread_id"], schema=S)
    op.create_index("ix_audit_log_actor", "audit_log", ["actor"], schema=S)
    op.create_index("ix_audit_log_proposal", "audit_log", ["proposal_id"], schema=S)

    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_id", sa.BigInteger(), nullable=True),
        sa.Column("last_hash", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("id = 1", name="audit_head_single_row"),
        schema=S,
    )
    op.execute(f"INSERT INTO {S}.audit_head (id, last_id, last_hash) VALUES (1, NULL, '{GENESIS}')")

    # Append-only: the database itself refuses to change or remove an audit record.
    op.execute(
        f"""
        CREATE FUNCTION {S}.audit_log_refuse_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END
        $$
        """
    )
    op.execute(
        f"CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON {S}.audit_log"
        f" FOR EACH ROW EXECUTE FUNCTION {S}.audit_log_refuse_change()"
    )
    op.execute(
        f"CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON {S}.audit_log"
        f" FOR EACH STATEMENT EXECUTE FUNCTION {S}.audit_log_refuse_change()"
    )


def downgrade() -> None:
    op.execute(f"DROP SCHEMA {S} CASCADE")
