"""bots schema: chat events seen once, and every posted copy of a proposal card

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE SCHEMA IF NOT EXISTS bots")
    # Slack retries an event it thinks we missed; the first insert wins, the rest are skipped.
    op.execute(
        "CREATE TABLE bots.platform_event ("
        " platform varchar NOT NULL,"
        " event_id varchar NOT NULL,"
        " received_at timestamptz NOT NULL DEFAULT now(),"
        " PRIMARY KEY (platform, event_id))"
    )
    # Each message showing a proposal, so a decision can update every copy.
    op.execute(
        "CREATE TABLE bots.card_copy ("
        " id bigserial PRIMARY KEY,"
        " proposal_id varchar NOT NULL,"
        " platform varchar NOT NULL,"
        " conversation varchar NOT NULL,"
        " message_id varchar NOT NULL,"
        " service_url varchar,"
        " posted_at timestamptz NOT NULL DEFAULT now(),"
        " UNIQUE (platform, conversation, message_id))"
    )
    op.execute("CREATE INDEX card_copy_proposal ON bots.card_copy (proposal_id)")


def downgrade() -> None:
    op.execute("DROP SCHEMA bots CASCADE")
