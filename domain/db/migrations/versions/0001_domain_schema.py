"""domain schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import pgvector.sqlalchemy
import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS vector")
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table(
        "app_user",
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("display_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("plant_scope", postgresql.ARRAY(sa.String()), nullable=False),
        sa.Column("item_families", postgresql.ARRAY(sa.String()), nullable=False),
        sa.Column("approval_limit", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("username"),
    )
    op.create_table(
        "dataset_meta",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("value", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "entity_embedding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("embedding", pgvector.sqlalchemy.vector.VECTOR(dim=384), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_entity_embedding_ref"), "entity_embedding", ["ref"], unique=False)
    op.create_table(
        "item",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("family", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("item_type", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("uom", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("program", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("criticality", sa.Integer(), nullable=False),
        sa.Column("unit_cost", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_index(op.f("ix_item_family"), "item", ["family"], unique=False)
    op.create_table(
        "plant",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("timezone", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "supplier",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("country", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("interplant", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_index(op.f("ix_supplier_name"), "supplier", ["name"], unique=False)
    op.create_table(
        "alert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plant_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["plant_code"],
            ["plant.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_alert_plant_code"), "alert", ["plant_code"], unique=False)
    op.create_table(
        "approval_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("plant_code", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("max_cost", sa.Float(), nullable=True),
        sa.Column("approver_role", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("four_eyes", sa.Boolean(), nullable=False),
        sa.Column("ttl_hours", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plant_code"],
            ["plant.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_approval_rule_kind"), "approval_rule", ["kind"], unique=False)
    op.create_table(
        "approved_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("supplier_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("plant_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("lead_time_days", sa.Integer(), nullable=False),
        sa.Column("moq", sa.Float(), nullable=False),
        sa.Column("unit_price", sa.Float(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_code"],
            ["item.code"],
        ),
        sa.ForeignKeyConstraint(
            ["plant_code"],
            ["plant.code"],
        ),
        sa.ForeignKeyConstraint(
            ["supplier_code"],
            ["supplier.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_approved_source_item_code"), "approved_source", ["item_code"], unique=False
    )
    op.create_index(
        op.f("ix_approved_source_supplier_code"), "approved_source", ["supplier_code"], unique=False
    )
    op.create_table(
        "bom_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parent_item", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("component_item", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("qty_per", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["component_item"],
            ["item.code"],
        ),
        sa.ForeignKeyConstraint(
            ["parent_item"],
            ["item.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("parent_item", "component_item"),
    )
    op.create_index(
        op.f("ix_bom_line_component_item"), "bom_line", ["component_item"], unique=False
    )
    op.create_index(op.f("ix_bom_line_parent_item"), "bom_line", ["parent_item"], unique=False)
    op.create_table(
        "customer_order",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("customer", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("plant_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("item_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("qty", sa.Float(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_code"],
            ["item.code"],
        ),
        sa.ForeignKeyConstraint(
            ["plant_code"],
            ["plant.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_customer_order_due_at"), "customer_order", ["due_at"], unique=False)
    op.create_index(
        op.f("ix_customer_order_item_code"), "customer_order", ["item_code"], unique=False
    )
    op.create_index(
        op.f("ix_customer_order_plant_code"), "customer_order", ["plant_code"], unique=False
    )
    op.create_table(
        "external_identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("external_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["username"],
            ["app_user.username"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("channel", "external_id"),
    )
    op.create_index(
        op.f("ix_external_identity_username"), "external_identity", ["username"], unique=False
    )
    op.create_table(
        "inventory_balance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plant_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("item_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("location", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("lot", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("qty", sa.Float(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint("qty >= 0", name="inventory_qty_nonneg"),
        sa.ForeignKeyConstraint(
            ["item_code"],
            ["item.code"],
        ),
        sa.ForeignKeyConstraint(
            ["plant_code"],
            ["plant.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_inventory_balance_item_code"), "inventory_balance", ["item_code"], unique=False
    )
    op.create_index(
        op.f("ix_inventory_balance_plant_code"), "inventory_balance", ["plant_code"], unique=False
    )
    op.create_table(
        "line",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("plant_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("rate_per_hour", sa.Float(), nullable=False),
        sa.Column("frozen_hours", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plant_code"],
            ["plant.code"],
        ),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_index(op.f("ix_line_plant_code"), "line", ["plant_code"], unique=False)
    op.create_table(
        "purchase_order",
        sa.Column("po_number", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("supplier_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("plant_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("buyer", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plant_code"],
            ["plant.code"],
        ),
        sa.ForeignKeyConstraint(
            ["supplier_code"],
            ["supplier.code"],
        ),
        sa.PrimaryKeyConstraint("po_number"),
    )
    op.create_index(
        op.f("ix_purchase_order_plant_code"), "purchase_order", ["plant_code"], unique=False
    )
    op.create_index(
        op.f("ix_purchase_order_supplier_code"), "purchase_order", ["supplier_code"], unique=False
    )
    op.create_table(
        "quality_hold",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plant_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("item_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("lot", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("qty", sa.Float(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("placed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decision_expected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_code"],
            ["item.code"],
        ),
        sa.ForeignKeyConstraint(
            ["plant_code"],
            ["plant.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_quality_hold_item_code"), "quality_hold", ["item_code"], unique=False)
    op.create_index(
        op.f("ix_quality_hold_plant_code"), "quality_hold", ["plant_code"], unique=False
    )
    op.create_table(
        "changeover_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("from_family", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("to_family", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["line_code"],
            ["line.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_changeover_rule_line_code"), "changeover_rule", ["line_code"], unique=False
    )
    op.create_table(
        "po_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("po_number", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("item_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("qty_ordered", sa.Float(), nullable=False),
        sa.Column("promised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("unit_price", sa.Float(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint("qty_ordered >= 0", name="po_line_qty_nonneg"),
        sa.ForeignKeyConstraint(
            ["item_code"],
            ["item.code"],
        ),
        sa.ForeignKeyConstraint(
            ["po_number"],
            ["purchase_order.po_number"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("po_number", "line_no"),
    )
    op.create_index(
        "ix_po_line_item_promised", "po_line", ["item_code", "promised_at"], unique=False
    )
    op.create_index(op.f("ix_po_line_po_number"), "po_line", ["po_number"], unique=False)
    op.create_table(
        "shift",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("start_minute", sa.Integer(), nullable=False),
        sa.Column("end_minute", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["line_code"],
            ["line.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_shift_line_code"), "shift", ["line_code"], unique=False)
    op.create_table(
        "supplier_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supplier_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("po_number", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("direction", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("sender", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("embedding", pgvector.sqlalchemy.vector.VECTOR(dim=384), nullable=True),
        sa.ForeignKeyConstraint(
            ["po_number"],
            ["purchase_order.po_number"],
        ),
        sa.ForeignKeyConstraint(
            ["supplier_code"],
            ["supplier.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_supplier_message_supplier_code"),
        "supplier_message",
        ["supplier_code"],
        unique=False,
    )
    op.create_table(
        "work_centre",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("plant_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("line_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["line_code"],
            ["line.code"],
        ),
        sa.ForeignKeyConstraint(
            ["plant_code"],
            ["plant.code"],
        ),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_index(op.f("ix_work_centre_line_code"), "work_centre", ["line_code"], unique=False)
    op.create_index(op.f("ix_work_centre_plant_code"), "work_centre", ["plant_code"], unique=False)
    op.create_table(
        "work_order",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("plant_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("line_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("item_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("qty", sa.Float(), nullable=False),
        sa.Column("planned_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("planned_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("customer_order_id", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("qty >= 0", name="work_order_qty_nonneg"),
        sa.ForeignKeyConstraint(
            ["customer_order_id"],
            ["customer_order.id"],
        ),
        sa.ForeignKeyConstraint(
            ["item_code"],
            ["item.code"],
        ),
        sa.ForeignKeyConstraint(
            ["line_code"],
            ["line.code"],
        ),
        sa.ForeignKeyConstraint(
            ["plant_code"],
            ["plant.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_work_order_item_code"), "work_order", ["item_code"], unique=False)
    op.create_index(op.f("ix_work_order_line_code"), "work_order", ["line_code"], unique=False)
    op.create_index(
        op.f("ix_work_order_planned_start"), "work_order", ["planned_start"], unique=False
    )
    op.create_index(op.f("ix_work_order_plant_code"), "work_order", ["plant_code"], unique=False)
    op.create_table(
        "downtime",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("work_centre_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("start_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["work_centre_code"],
            ["work_centre.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_downtime_work_centre_code"), "downtime", ["work_centre_code"], unique=False
    )
    op.create_table(
        "goods_receipt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("po_line_id", sa.Integer(), nullable=False),
        sa.Column("qty", sa.Float(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("asn_number", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.CheckConstraint("qty >= 0", name="receipt_qty_nonneg"),
        sa.ForeignKeyConstraint(
            ["po_line_id"],
            ["po_line.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_goods_receipt_po_line_id"), "goods_receipt", ["po_line_id"], unique=False
    )
    op.create_index(
        op.f("ix_goods_receipt_received_at"), "goods_receipt", ["received_at"], unique=False
    )
    op.create_table(
        "premium_freight",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plant_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("po_line_id", sa.Integer(), nullable=True),
        sa.Column("supplier_code", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("mode", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("cost", sa.Float(), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["plant_code"],
            ["plant.code"],
        ),
        sa.ForeignKeyConstraint(
            ["po_line_id"],
            ["po_line.id"],
        ),
        sa.ForeignKeyConstraint(
            ["supplier_code"],
            ["supplier.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_premium_freight_approved_at"), "premium_freight", ["approved_at"], unique=False
    )
    op.create_index(
        op.f("ix_premium_freight_plant_code"), "premium_freight", ["plant_code"], unique=False
    )
    op.create_table(
        "routing_operation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("work_order_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("op_seq", sa.Integer(), nullable=False),
        sa.Column("work_centre_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("alt_work_centres", postgresql.ARRAY(sa.String()), nullable=False),
        sa.ForeignKeyConstraint(
            ["work_centre_code"],
            ["work_centre.code"],
        ),
        sa.ForeignKeyConstraint(
            ["work_order_id"],
            ["work_order.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("work_order_id", "op_seq"),
    )
    op.create_index(
        op.f("ix_routing_operation_work_order_id"),
        "routing_operation",
        ["work_order_id"],
        unique=False,
    )
    op.create_table(
        "shipment",
        sa.Column("asn_number", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("po_line_id", sa.Integer(), nullable=False),
        sa.Column("qty", sa.Float(), nullable=False),
        sa.Column("shipped_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("eta", sa.DateTime(timezone=True), nullable=False),
        sa.Column("original_eta", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hub", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("hub_status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("carrier", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint("qty >= 0", name="shipment_qty_nonneg"),
        sa.ForeignKeyConstraint(
            ["po_line_id"],
            ["po_line.id"],
        ),
        sa.PrimaryKeyConstraint("asn_number"),
    )
    op.create_index(op.f("ix_shipment_po_line_id"), "shipment", ["po_line_id"], unique=False)
    op.create_table(
        "supplier_confirmation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("po_line_id", sa.Integer(), nullable=False),
        sa.Column("qty", sa.Float(), nullable=False),
        sa.Column("confirmed_for", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("qty >= 0", name="confirmation_qty_nonneg"),
        sa.ForeignKeyConstraint(
            ["po_line_id"],
            ["po_line.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_supplier_confirmation_po_line_id"),
        "supplier_confirmation",
        ["po_line_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_supplier_confirmation_po_line_id"), table_name="supplier_confirmation")
    op.drop_table("supplier_confirmation")
    op.drop_index(op.f("ix_shipment_po_line_id"), table_name="shipment")
    op.drop_table("shipment")
    op.drop_index(op.f("ix_routing_operation_work_order_id"), table_name="routing_operation")
    op.drop_table("routing_operation")
    op.drop_index(op.f("ix_premium_freight_plant_code"), table_name="premium_freight")
    op.drop_index(op.f("ix_premium_freight_approved_at"), table_name="premium_freight")
    op.drop_table("premium_freight")
    op.drop_index(op.f("ix_goods_receipt_received_at"), table_name="goods_receipt")
    op.drop_index(op.f("ix_goods_receipt_po_line_id"), table_name="goods_receipt")
    op.drop_table("goods_receipt")
    op.drop_index(op.f("ix_downtime_work_centre_code"), table_name="downtime")
    op.drop_table("downtime")
    op.drop_index(op.f("ix_work_order_plant_code"), table_name="work_order")
    op.drop_index(op.f("ix_work_order_planned_start"), table_name="work_order")
    op.drop_index(op.f("ix_work_order_line_code"), table_name="work_order")
    op.drop_index(op.f("ix_work_order_item_code"), table_name="work_order")
    op.drop_table("work_order")
    op.drop_index(op.f("ix_work_centre_plant_code"), table_name="work_centre")
    op.drop_index(op.f("ix_work_centre_line_code"), table_name="work_centre")
    op.drop_table("work_centre")
    op.drop_index(op.f("ix_supplier_message_supplier_code"), table_name="supplier_message")
    op.drop_table("supplier_message")
    op.drop_index(op.f("ix_shift_line_code"), table_name="shift")
    op.drop_table("shift")
    op.drop_index(op.f("ix_po_line_po_number"), table_name="po_line")
    op.drop_index("ix_po_line_item_promised", table_name="po_line")
    op.drop_table("po_line")
    op.drop_index(op.f("ix_changeover_rule_line_code"), table_name="changeover_rule")
    op.drop_table("changeover_rule")
    op.drop_index(op.f("ix_quality_hold_plant_code"), table_name="quality_hold")
    op.drop_index(op.f("ix_quality_hold_item_code"), table_name="quality_hold")
    op.drop_table("quality_hold")
    op.drop_index(op.f("ix_purchase_order_supplier_code"), table_name="purchase_order")
    op.drop_index(op.f("ix_purchase_order_plant_code"), table_name="purchase_order")
    op.drop_table("purchase_order")
    op.drop_index(op.f("ix_line_plant_code"), table_name="line")
    op.drop_table("line")
    op.drop_index(op.f("ix_inventory_balance_plant_code"), table_name="inventory_balance")
    op.drop_index(op.f("ix_inventory_balance_item_code"), table_name="inventory_balance")
    op.drop_table("inventory_balance")
    op.drop_index(op.f("ix_external_identity_username"), table_name="external_identity")
    op.drop_table("external_identity")
    op.drop_index(op.f("ix_customer_order_plant_code"), table_name="customer_order")
    op.drop_index(op.f("ix_customer_order_item_code"), table_name="customer_order")
    op.drop_index(op.f("ix_customer_order_due_at"), table_name="customer_order")
    op.drop_table("customer_order")
    op.drop_index(op.f("ix_bom_line_parent_item"), table_name="bom_line")
    op.drop_index(op.f("ix_bom_line_component_item"), table_name="bom_line")
    op.drop_table("bom_line")
    op.drop_index(op.f("ix_approved_source_supplier_code"), table_name="approved_source")
    op.drop_index(op.f("ix_approved_source_item_code"), table_name="approved_source")
    op.drop_table("approved_source")
    op.drop_index(op.f("ix_approval_rule_kind"), table_name="approval_rule")
    op.drop_table("approval_rule")
    op.drop_index(op.f("ix_alert_plant_code"), table_name="alert")
    op.drop_table("alert")
    op.drop_index(op.f("ix_supplier_name"), table_name="supplier")
    op.drop_table("supplier")
    op.drop_table("plant")
    op.drop_index(op.f("ix_item_family"), table_name="item")
    op.drop_table("item")
    op.drop_index(op.f("ix_entity_embedding_ref"), table_name="entity_embedding")
    op.drop_table("entity_embedding")
    op.drop_table("dataset_meta")
    op.drop_table("app_user")
