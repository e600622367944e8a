"""tool_policy: material_balance, one item's projection walked (opening stock, each receipt and draw
with the balance after it) (every role that reads, within its plant scope)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOOL = "material_balance"
ROLES = ("buyer", "planner", "plant_manager", "executive", "evaluator", "admin")


def upgrade() -> None:
    for role in ROLES:
        op.execute(
            "INSERT INTO governance.tool_policy (role, tool_name, allowed, plant_rule) "
            f"VALUES ('{role}', '{TOOL}', true, 'scope') ON CONFLICT DO NOTHING"
        )


def downgrade() -> None:
    op.execute(f"DELETE FROM governance.tool_policy WHERE tool_name = '{TOOL}'")
