"""Index goods receipts by ASN number.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Projection and risk ask "is this ASN received yet?" for every open ASN.
    op.create_index(
        op.f("ix_goods_receipt_asn_number"), "goods_receipt", ["asn_number"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_goods_receipt_asn_number"), table_name="goods_receipt")
