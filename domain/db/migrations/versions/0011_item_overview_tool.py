"""tool_policy: item_overview, an item's stock by status with its held lots, next receipt and
next shortage (every role that reads, within its plant scope)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOOL = "item_overview"
ROLES = ("buyer", "planner", "plant_manager", "executive", "evaluator", "admin")


def upgrade() -> None:
    for role in ROLES:
        op.execute(
            "INSERT INTO governance.tool_policy (role, tool_name, allowed, plant_rule) "
            f"VALUES ('{role}', '{TOOL}', true, 'scope') ON CONFLICT DO NOTHING"
        )


def downgrade() -> None:
    op.execute(f"DELETE FROM governance.tool_policy WHERE tool_name = '{TOOL}'")
