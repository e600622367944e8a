"""Index work orders by item and planned start.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # An event re-projects its items: the WOs of their few parent items that start in the
    # horizon. With the item index alone the planner also bitmap-scanned every WO starting
    # before the horizon's end (20,000 index entries at 200k PO lines, half the statement).
    op.create_index(
        op.f("ix_work_order_item_code_planned_start"),
        "work_order",
        ["item_code", "planned_start"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_work_order_item_code_planned_start"), table_name="work_order")
