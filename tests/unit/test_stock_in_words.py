"""An item's stock is told per plant, with what is held apart from what is usable."""

from __future__ import annotations

from tools.result_data import StockAt
from tools.stock import describe_stock


def test_held_stock_is_told_apart_from_what_is_available() -> None:
    rows = [
        StockAt(plant="LKS", status="available", qty=300),
        StockAt(plant="LKS", status="quality_hold", qty=1500),
    ]
    assert describe_stock(rows) == "on hand: 1,800 at LKS (300 available, 1,500 on quality hold)"


def test_stock_of_one_status_is_one_figure_per_plant() -> None:
    rows = [
        StockAt(plant="LKS", status="available", qty=620),
        StockAt(plant="SAL", status="blocked", qty=5),
    ]
    assert describe_stock(rows) == "on hand: 620 at LKS, available; 5 at SAL, blocked"
    assert describe_stock([]) == ""
