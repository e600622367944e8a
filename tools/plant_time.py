"""Times as a plant reads them: in the plant's own timezone, weekday first."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def local(at: datetime | str | None, tz: str) -> str:
    """'Wed 2026-03-04 06:00' in the plant's timezone (ISO strings are accepted too)."""
    if at is None:
        return "not in horizon"
    moment = datetime.fromisoformat(at) if isinstance(at, str) else at
    return moment.astimezone(ZoneInfo(tz)).strftime("%a %Y-%m-%d %H:%M")
