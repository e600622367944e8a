"""governance.rate_bucket: per-user, per-tool token buckets shared by every process

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # UNLOGGED: a bucket is cheap to lose (a crash refills everyone) and skips the WAL.
    op.execute(
        "CREATE UNLOGGED TABLE governance.rate_bucket ("
        " username varchar NOT NULL,"
        " tool_name varchar NOT NULL,"
        " tokens double precision NOT NULL,"
        " granted boolean NOT NULL,"
        " updated_at timestamptz NOT NULL,"
        " PRIMARY KEY (username, tool_name))"
    )


def downgrade() -> None:
    op.execute("DROP TABLE governance.rate_bucket")
