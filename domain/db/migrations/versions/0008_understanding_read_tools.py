"""tool_policy: the read tools the language understanding needs (quotes, rules, impact, KPI compare)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_READ_TOOLS = ("expedite_quote", "approval_rule", "po_lines_by_impact", "kpi_compare")
ROLES = ("buyer", "planner", "plant_manager", "executive", "evaluator", "admin")


def upgrade() -> None:
    for role in ROLES:
        for tool in NEW_READ_TOOLS:
            op.execute(
                "INSERT INTO governance.tool_policy (role, tool_name, allowed, plant_rule) "
                f"VALUES ('{role}', '{tool}', true, 'scope') ON CONFLICT DO NOTHING"
            )


def downgrade() -> None:
    names = ", ".join(f"'{t}'" for t in NEW_READ_TOOLS)
    op.execute(f"DELETE FROM governance.tool_policy WHERE tool_name IN ({names})")
