"""Drop the item-only work-order index: the item-and-start index (0009) serves its queries.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # ix_work_order_item_code_planned_start leads with item_code, so it answers every lookup by
    # item (the planner's re-projection, the item foreign key's checks) that this one did; the
    # second index only cost every work-order write and the disk it took.
    op.drop_index(op.f("ix_work_order_item_code"), table_name="work_order")


def downgrade() -> None:
    op.create_index(op.f("ix_work_order_item_code"), "work_order", ["item_code"], unique=False)
