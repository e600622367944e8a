"""The fast one-statement loader gives a generated company exactly what a plain reading gives.

The reference reads every table as model instances (one ORM row per record) and builds each
plant's input with the rows adapter (domain.planning.rows): the rules written once per
record. The company is `generate_company`'s, with what it lacks added: partial receipts on
open lines, received ASNs, a later confirmation round, held stock, started and past-due WOs
and WOs for customer orders.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, SQLModel, select

from domain.clock import DEMO_AS_OF
from domain.models import (
    BomLine,
    GoodsReceipt,
    InventoryBalance,
    Item,
    Plant,
    PurchaseOrder,
    PurchaseOrderLine,
    Shipment,
    SupplierConfirmation,
    WorkOrder,
)
from domain.planning.inputs import ProjectionInput
from domain.planning.projection import project
from domain.planning.repository import load_projection_inputs
from domain.planning.rows import projection_input_from_rows
from domain.planning.shortages import find_shortages
from sample_data.synthetic.generator import generate_company

pytestmark = pytest.mark.integration

ARRAYS = ("available", "held", "supply_item", "supply_at", "supply_qty", "supply_kind",
          "supply_po_line", "demand_item", "demand_at", "demand_qty", "demand_wo")  # fmt: skip

# What the generator does not make, so that every rule of the loader has rows to read.
VARIETY = [
    # A partial receipt on every 7th open line, and one over-receipt.
    """INSERT INTO goods_receipt (po_line_id, qty, received_at)
       SELECT id, round(qty_ordered * 0.4), promised_at - interval '2 days' FROM po_line
       WHERE status = 'open' AND id % 7 = 0""",
    """INSERT INTO goods_receipt (po_line_id, qty, received_at)
       SELECT id, qty_ordered + 5, promised_at FROM po_line
       WHERE status = 'open' AND id % 7 = 1 AND id % 11 = 0""",
    # Every 5th ASN of an open line received (it is no longer open supply).
    """INSERT INTO goods_receipt (po_line_id, qty, received_at, asn_number)
       SELECT s.po_line_id, s.qty, s.eta, s.asn_number FROM shipment s
       JOIN po_line pl ON pl.id = s.po_line_id WHERE pl.status = 'open' AND pl.id % 5 = 0""",
    # A later confirmation round replaces the earlier one on every 6th line.
    """INSERT INTO supplier_confirmation (po_line_id, qty, confirmed_for, received_at)
       SELECT po_line_id, round(qty * 0.5), confirmed_for + interval '1 day',
              received_at + interval '1 hour'
       FROM supplier_confirmation WHERE po_line_id % 6 = 0""",
    "UPDATE inventory_balance SET status = 'quality_hold' WHERE id % 9 = 0",
    "UPDATE inventory_balance SET status = 'blocked' WHERE id % 13 = 0",
    # Started WOs (those started before the horizon drew already) and cancelled ones.
    "UPDATE work_order SET status = 'started' WHERE sequence % 8 = 3",
    "UPDATE work_order SET status = 'cancelled' WHERE sequence % 17 = 5",
    """INSERT INTO customer_order (id, customer, plant_code, item_code, qty, due_at)
       SELECT 'CO-' || id, 'Test customer', plant_code, item_code, qty, due_at
       FROM work_order WHERE sequence % 4 = 0""",
    "UPDATE work_order SET customer_order_id = 'CO-' || id WHERE sequence % 4 = 0",
]


@pytest.fixture(scope="module")
def company(schema_template: str) -> Iterator[Engine]:
    from tests.conftest import _clone

    for engine in _clone(schema_template):
        generate_company(engine, plants=2, items=300, po_lines=6000, work_orders=600, seed=7)
        with engine.begin() as conn:
            for statement in VARIETY:
                conn.execute(text(statement))
        yield engine


def _all(session: Session, model: type[SQLModel]) -> list[Any]:
    return list(session.exec(select(model)).all())


def reference(engine: Engine, items: list[str] | None = None) -> dict[str, ProjectionInput]:
    """Each plant's input from model instances, through the rows adapter."""
    with Session(engine) as session:
        rows = {
            "items": _all(session, Item),
            "bom_lines": _all(session, BomLine),
            "work_orders": _all(session, WorkOrder),
            "purchase_orders": _all(session, PurchaseOrder),
            "po_lines": _all(session, PurchaseOrderLine),
            "confirmations": _all(session, SupplierConfirmation),
            "shipments": _all(session, Shipment),
            "goods_receipts": _all(session, GoodsReceipt),
            "inventory": _all(session, InventoryBalance),
        }
        plants = _all(session, Plant)
    return {
        p.code: projection_input_from_rows(p, DEMO_AS_OF, "14d", only_items=items, **rows)
        for p in plants
    }


def assert_same(fast: ProjectionInput, ref: ProjectionInput, arrays: tuple[str, ...]) -> None:
    assert fast.items == ref.items and fast.timezone == ref.timezone
    assert (fast.start, fast.end) == (ref.start, ref.end)
    for name in arrays:
        got, want = getattr(fast, name), getattr(ref, name)
        assert got.dtype == want.dtype and np.array_equal(got, want), (fast.plant, name)
    assert demand(fast) == demand(ref), fast.plant
    assert find_shortages(project(fast)) == find_shortages(project(ref)), fast.plant


def demand(data: ProjectionInput) -> list[tuple[str, int, float, Any]]:
    """Each requirement with its WO's record: the same whichever WOs the input holds."""
    return [
        (data.items[i], int(at), float(qty), data.work_orders[wo])
        for i, at, qty, wo in zip(
            data.demand_item, data.demand_at, data.demand_qty, data.demand_wo, strict=True
        )
    ]


def test_the_company_has_every_kind_of_row_the_loader_reads(company: Engine) -> None:
    with company.connect() as conn:
        counts = conn.execute(text("""
            SELECT (SELECT count(*) FROM goods_receipt g JOIN po_line pl ON pl.id = g.po_line_id
                    WHERE pl.status = 'open'),
                   (SELECT count(*) FROM shipment s JOIN po_line pl ON pl.id = s.po_line_id
                    WHERE pl.status = 'open'),
                   (SELECT count(*) FROM (SELECT po_line_id FROM supplier_confirmation
                    GROUP BY po_line_id HAVING count(DISTINCT received_at) > 1) AS c),
                   (SELECT count(*) FROM inventory_balance WHERE status <> 'available'),
                   (SELECT count(*) FROM work_order WHERE status = 'started'),
                   (SELECT count(*) FROM work_order WHERE customer_order_id IS NOT NULL)
        """)).one()  # fmt: skip
    assert all(n > 0 for n in counts), counts


def test_fast_loader_equals_the_plain_reading_for_every_plant(company: Engine) -> None:
    fast = load_projection_inputs(company, None, DEMO_AS_OF, "14d")
    ref = reference(company)
    assert sorted(fast) == sorted(ref) == ["P01", "P02"]
    for plant in fast:
        assert_same(fast[plant], ref[plant], ARRAYS)
        assert list(fast[plant].work_orders) == list(ref[plant].work_orders), plant
    assert sum(len(find_shortages(project(d))) for d in fast.values()) > 0


def test_fast_loader_equals_the_plain_reading_for_a_few_items(company: Engine) -> None:
    whole = load_projection_inputs(company, None, DEMO_AS_OF, "14d")
    short = sorted({s.item for d in whole.values() for s in find_shortages(project(d))})
    items = [*short[:3], whole["P01"].items[0], whole["P01"].items[-1]]
    fast = load_projection_inputs(company, None, DEMO_AS_OF, "14d", items=items)
    ref = reference(company, items)
    for plant in fast:
        # The reference keeps every WO of the plant, the loader only those that draw the
        # items: the requirements and their WOs are compared instead of WO numbers.
        assert len(fast[plant].demand_qty) > 0
        assert_same(fast[plant], ref[plant], ARRAYS[:-1])
