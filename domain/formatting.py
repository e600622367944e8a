"""How money, percentages and times read in every answer, table and message Lineside writes."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def money(amount: float, cents: bool = True) -> str:
    """Dollars with thousands separators: '$6,800.00', or '$6,800' without cents."""
    return f"${amount:,.2f}" if cents else f"${amount:,.0f}"


def percent(value: float) -> str:
    """A percentage to one decimal: '71.4%' (the value is already in percent)."""
    return f"{value:.1f}%"


def plant_time(at: datetime | str | None, tz: str, *, zone: bool = False) -> str:
    """'Wed 2026-03-04 06:00' in the plant's own zone (EST or EDT as the date has it).

    With `zone`, the abbreviation follows ('... 06:00 EDT'), for readers outside the plant.
    """
    if at is None:
        return "not in horizon"
    moment = datetime.fromisoformat(at) if isinstance(at, str) else at
    return moment.astimezone(ZoneInfo(tz)).strftime("%a %Y-%m-%d %H:%M" + (" %Z" if zone else ""))
