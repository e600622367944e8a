"""tool_policy: plant_profile, a plant's master data (lines, rates, shift calendar, changeovers,
work-order sizes and what it makes) (every role that reads, within its plant scope)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOOL = "plant_profile"
ROLES = ("buyer", "planner", "plant_manager", "executive", "evaluator", "admin")


def upgrade() -> None:
    for role in ROLES:
        op.execute(
            "INSERT INTO governance.tool_policy (role, tool_name, allowed, plant_rule) "
            f"VALUES ('{role}', '{TOOL}', true, 'scope') ON CONFLICT DO NOTHING"
        )


def downgrade() -> None:
    op.execute(f"DELETE FROM governance.tool_policy WHERE tool_name = '{TOOL}'")
