"""How money and percentages read in every answer, table and message Lineside writes."""

from __future__ import annotations


def money(amount: float, cents: bool = True) -> str:
    """Dollars with thousands separators: '$6,800.00', or '$6,800' without cents."""
    return f"${amount:,.2f}" if cents else f"${amount:,.0f}"


def percent(value: float) -> str:
    """A percentage to one decimal: '71.4%' (the value is already in percent)."""
    return f"{value:.1f}%"
