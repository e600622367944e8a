"""The three demo shortages of DOMAIN.md, computed from build_demo() without a database."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from domain.clock import DEMO_AS_OF
from domain.planning.inputs import ProjectionInput
from domain.planning.policy import SupplyPolicy
from domain.planning.projection import project
from domain.planning.rows import projection_input_from_rows
from domain.planning.shortages import find_shortages
from sample_data.meridian.meridian import build_demo

DETROIT = ZoneInfo("America/Detroit")


def demo_input() -> ProjectionInput:
    ds = build_demo()
    (lks,) = [p for p in ds.plants if p.code == "LKS"]
    return projection_input_from_rows(
        lks,
        DEMO_AS_OF,
        "14d",
        items=ds.items,
        bom_lines=ds.bom_lines,
        work_orders=ds.work_orders,
        purchase_orders=ds.purchase_orders,
        po_lines=ds.po_lines,
        confirmations=ds.supplier_confirmations,
        shipments=ds.shipments,
        goods_receipts=ds.goods_receipts,
        inventory=ds.inventory_balances,
    )


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=DETROIT)


def test_demo_has_exactly_the_three_documented_shortages() -> None:
    shortages = find_shortages(project(demo_input()))
    assert [(s.item, s.first_short_at, s.qty_short) for s in shortages] == [
        ("T-3105", at(2, 10), 20.0),
        ("E-4410", at(4, 6), 30.0),
        ("F-2200", at(4, 10), 200.0),
    ]


def test_demo_pegging_and_line_hours_at_risk() -> None:
    by_item = {s.item: s for s in find_shortages(project(demo_input()))}
    foam = by_item["F-2200"]
    (vega,) = foam.pegged
    assert vega.start == at(4, 10) and vega.line == "LKS-SEAT1"
    assert vega.covered_at == at(4, 11)
    assert foam.line_hours_at_risk == 1.0
    assert foam.recovered_at == at(4, 11)
    heater = by_item["E-4410"]
    assert heater.pegged[0].start == at(4, 6)
    assert all(p.item == "FS-ORN-H" for p in heater.pegged)
    assert len(heater.pegged) >= 4  # every later Orion WO that week
    trim = by_item["T-3105"]
    assert trim.pegged[0].start == at(2, 10) and trim.pegged[0].line == "LKS-DOOR1"
    assert all(p.line == "LKS-DOOR1" for p in trim.pegged)
    assert all(s.customer_orders for s in by_item.values())


def test_demo_policies_change_the_answer() -> None:
    data = demo_input()
    generous = find_shortages(project(data, SupplyPolicy(include_unconfirmed=True)))
    assert "E-4410" not in {s.item for s in generous if s.first_short_at == at(4, 6)}
    released = find_shortages(project(data, SupplyPolicy(include_held=True)))
    assert "T-3105" not in {s.item for s in released}
