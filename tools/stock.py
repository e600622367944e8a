"""An item's stock at the caller's plants, by status, as data and in words."""

from __future__ import annotations

from sqlalchemy import Connection

from domain import master_data
from tools.result_data import StockAt

STATUS_WORDS = {"available": "available", "quality_hold": "on quality hold", "blocked": "blocked"}


def stock_at(conn: Connection, items: list[str], plants: list[str]) -> dict[str, list[StockAt]]:
    """Each item's stock at these plants (the caller's own), one row per plant and status."""
    on_hand: dict[str, list[StockAt]] = {code: [] for code in items}
    for item, plant, status, qty in master_data.stock_by_status(conn, items, plants):
        on_hand.setdefault(item, []).append(StockAt(plant=plant, status=status, qty=qty))
    return on_hand


def describe_stock(rows: list[StockAt]) -> str:
    """'on hand: 1,800 at LKS (300 available, 1,500 on quality hold)'; '' if none."""
    parts = []
    for plant in dict.fromkeys(r.plant for r in rows):
        mine = [r for r in rows if r.plant == plant]
        total = sum(r.qty for r in mine)
        if len(mine) == 1:
            parts.append(f"{total:,.0f} at {plant}, {STATUS_WORDS.get(mine[0].status, '')}")
            continue
        split = ", ".join(f"{r.qty:,.0f} {STATUS_WORDS.get(r.status, r.status)}" for r in mine)
        parts.append(f"{total:,.0f} at {plant} ({split})")
    return "on hand: " + "; ".join(parts) if parts else ""
