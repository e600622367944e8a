"""tool_policy: resequence_preview, what a resequence of a line would do, computed and shown
without proposing it (every role that reads, within its plant scope)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOOL = "resequence_preview"
ROLES = ("buyer", "planner", "plant_manager", "executive", "evaluator", "admin")


def upgrade() -> None:
    for role in ROLES:
        op.execute(
            "INSERT INTO governance.tool_policy (role, tool_name, allowed, plant_rule) "
            f"VALUES ('{role}', '{TOOL}', true, 'scope') ON CONFLICT DO NOTHING"
        )


def downgrade() -> None:
    op.execute(f"DELETE FROM governance.tool_policy WHERE tool_name = '{TOOL}'")
