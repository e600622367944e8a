"""Alert rules as data (events.alert_rule): what raises an alert, its threshold, who owns it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

SHORTAGE_RULES = ("new_shortage", "shortage_worse")


@dataclass(frozen=True)
class AlertRule:
    kind: str
    description: str
    threshold: float  # in `unit`: a change at or below it raises nothing
    unit: str
    owner_role: str  # buyer | planner | plant_manager
    escalate_line_hours: float  # the plant manager is told from this many line hours at risk
    enabled: bool = True


def load_rules(conn: Connection) -> dict[str, AlertRule]:
    """The enabled rules by kind."""
    rows = conn.execute(
        text(
            "SELECT kind, description, threshold, unit, owner_role, escalate_line_hours, enabled"
            " FROM events.alert_rule WHERE enabled"
        )
    )
    return {r[0]: AlertRule(*r) for r in rows}
