"""Lineside's notion of "now": frozen at the dataset's as-of time in demo mode."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, text

from domain.settings import get_settings
from domain.uow import connected

DEMO_TZ = ZoneInfo("America/Detroit")
# Monday 2026-03-02 06:00 America/Detroit: the demo company's as-of time.
DEMO_AS_OF = datetime(2026, 3, 2, 6, 0, tzinfo=DEMO_TZ)


def as_of(bind: Engine | Connection) -> datetime:
    """Demo mode: the as-of time recorded with the loaded dataset; else the wall clock (UTC)."""
    if not get_settings().demo.mode:
        return datetime.now(UTC)
    with connected(bind) as conn:
        row = conn.execute(
            text("SELECT value->>'as_of' FROM dataset_meta WHERE key = 'dataset'")
        ).first()
    if row and row[0]:
        return datetime.fromisoformat(row[0])
    return datetime.now(UTC)
