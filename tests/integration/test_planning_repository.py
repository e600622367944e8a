"""The planning repository's SQL on a small hand-built plant, checked against the rows adapter."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from domain.models import (
    BomLine,
    CustomerOrder,
    GoodsReceipt,
    InventoryBalance,
    Item,
    Line,
    Plant,
    PurchaseOrder,
    PurchaseOrderLine,
    Shipment,
    Supplier,
    SupplierConfirmation,
    WorkOrder,
)
from domain.planning.inputs import ProjectionInput
from domain.planning.policy import PlanningInputError, SupplyPolicy
from domain.planning.repository import (
    clear_to_build,
    load_projection_input,
    material_ready_times_for_plant,
    shortages_for_plant,
)
from domain.planning.rows import projection_input_from_rows

pytestmark = pytest.mark.integration

TZ = ZoneInfo("America/Detroit")
T0 = datetime(2026, 3, 2, 6, tzinfo=TZ)
H = timedelta(hours=1)


def mini_plant() -> dict[str, list[Any]]:
    """Two plants, a seat line drawing foam and a module, and every kind of supply record."""
    rows: dict[str, list[Any]] = {
        "plants": [
            Plant(code="P1", name="Plant one", timezone="America/Detroit"),
            Plant(code="P2", name="Plant two", timezone="Europe/Budapest"),
        ],
        "lines": [Line(code="P1-SEAT", plant_code="P1", name="Seats", rate_per_hour=60)],
        "items": [
            Item(code="SEAT", description="seat", family="seat", item_type="finished"),
            Item(code="FOAM", description="foam", family="foam", item_type="component"),
            Item(code="MOD", description="module", family="elec", item_type="component"),
            Item(code="IDLE", description="no demand", family="misc", item_type="raw"),
        ],
        "bom_lines": [
            BomLine(parent_item="SEAT", component_item="FOAM", qty_per=1),
            BomLine(parent_item="SEAT", component_item="MOD", qty_per=2),
        ],
        "suppliers": [Supplier(code="S1", name="Supplier one")],
        "customer_orders": [
            CustomerOrder(
                id=f"CO{k}",
                customer="OEM",
                plant_code="P1",
                item_code="SEAT",
                qty=100,
                due_at=T0 + 48 * H,
            )
            for k in range(2)
        ],
        "work_orders": [
            # W0 started before the as-of time: its components are already drawn.
            WorkOrder(
                id=f"W{k}",
                plant_code="P1",
                line_code="P1-SEAT",
                item_code="SEAT",
                qty=100,
                planned_start=T0 + (4 * k if k else -2) * H,
                planned_end=T0 + (4 * k + 2 if k else 0) * H,
                sequence=k,
                due_at=T0 + 48 * H,
                customer_order_id=f"CO{k % 2}",
                status="started" if k == 0 else "released",
            )
            for k in range(6)
        ]
        + [
            WorkOrder(
                id="WDONE",
                plant_code="P1",
                line_code="P1-SEAT",
                item_code="SEAT",
                qty=100,
                planned_start=T0 - 4 * H,
                planned_end=T0 - 2 * H,
                sequence=-1,
                due_at=T0,
                status="completed",
            ),
        ],
        "purchase_orders": [
            PurchaseOrder(
                po_number="PO1", supplier_code="S1", plant_code="P1", issued_at=T0 - 99 * H
            ),
            PurchaseOrder(
                po_number="PO2", supplier_code="S1", plant_code="P2", issued_at=T0 - 99 * H
            ),
            PurchaseOrder(
                po_number="PO3",
                supplier_code="S1",
                plant_code="P1",
                issued_at=T0 - 99 * H,
                status="closed",
            ),
        ],
        "po_lines": [
            # ASN held at a hub: its ETA beats the confirmed date.
            PurchaseOrderLine(
                id=1,
                po_number="PO1",
                line_no=1,
                item_code="FOAM",
                qty_ordered=300,
                promised_at=T0 + 2 * H,
            ),
            # Partially received, revised confirmation, rest unconfirmed.
            PurchaseOrderLine(
                id=2,
                po_number="PO1",
                line_no=2,
                item_code="MOD",
                qty_ordered=1000,
                promised_at=T0 + 6 * H,
            ),
            # Fully shipped and received except an open second ASN.
            PurchaseOrderLine(
                id=3,
                po_number="PO1",
                line_no=3,
                item_code="FOAM",
                qty_ordered=200,
                promised_at=T0 + 30 * H,
            ),
            PurchaseOrderLine(
                id=4,
                po_number="PO1",
                line_no=4,
                item_code="FOAM",
                qty_ordered=0,
                promised_at=T0 + H,
            ),
            PurchaseOrderLine(
                id=5,
                po_number="PO2",
                line_no=1,
                item_code="FOAM",
                qty_ordered=999,
                promised_at=T0 + H,
            ),
            PurchaseOrderLine(
                id=6,
                po_number="PO3",
                line_no=1,
                item_code="FOAM",
                qty_ordered=999,
                promised_at=T0 + H,
            ),
        ],
        "confirmations": [
            SupplierConfirmation(
                id=1, po_line_id=1, qty=300, confirmed_for=T0 + 2 * H, received_at=T0 - 50 * H
            ),
            SupplierConfirmation(
                id=2, po_line_id=2, qty=1000, confirmed_for=T0 + 6 * H, received_at=T0 - 60 * H
            ),
            SupplierConfirmation(
                id=3, po_line_id=2, qty=500, confirmed_for=T0 + 9 * H, received_at=T0 - 10 * H
            ),
            SupplierConfirmation(
                id=4, po_line_id=2, qty=200, confirmed_for=T0 + 30 * H, received_at=T0 - 10 * H
            ),
        ],
        "shipments": [
            Shipment(
                asn_number="ASN1",
                po_line_id=1,
                qty=300,
                shipped_at=T0 - 20 * H,
                eta=T0 + 13 * H,
                original_eta=T0 + 2 * H,
                hub="Toledo",
                hub_status="held",
            ),
            Shipment(
                asn_number="ASN2",
                po_line_id=3,
                qty=150,
                shipped_at=T0 - 40 * H,
                eta=T0 - 30 * H,
                original_eta=T0 - 30 * H,
                hub_status="delivered",
            ),
            Shipment(
                asn_number="ASN3",
                po_line_id=3,
                qty=50,
                shipped_at=T0 - 5 * H,
                eta=T0 + 20 * H,
                original_eta=T0 + 20 * H,
            ),
        ],
        "goods_receipts": [
            GoodsReceipt(po_line_id=2, qty=300, received_at=T0 - 30 * H),
            GoodsReceipt(po_line_id=3, qty=150, received_at=T0 - 29 * H, asn_number="ASN2"),
        ],
        "inventory": [
            InventoryBalance(plant_code="P1", item_code="FOAM", qty=150),
            InventoryBalance(
                plant_code="P1",
                item_code="FOAM",
                location="QA",
                lot="L9",
                qty=100,
                status="quality_hold",
            ),
            InventoryBalance(plant_code="P1", item_code="MOD", qty=250),
            InventoryBalance(plant_code="P1", item_code="IDLE", qty=5),
            InventoryBalance(plant_code="P2", item_code="FOAM", qty=10_000),
        ],
    }
    return rows


@pytest.fixture(scope="module")
def mini_db(schema_template: str) -> Iterator[Engine]:
    from tests.conftest import _clone

    for engine in _clone(schema_template):
        with Session(engine) as session:
            for group in mini_plant().values():
                session.add_all(group)
                session.flush()
            session.commit()
        yield engine


def rows_input(start: datetime = T0, horizon: str = "14d") -> ProjectionInput:
    r = mini_plant()
    return projection_input_from_rows(
        r["plants"][0],
        start,
        horizon,
        items=r["items"],
        bom_lines=r["bom_lines"],
        work_orders=r["work_orders"],
        purchase_orders=r["purchase_orders"],
        po_lines=r["po_lines"],
        confirmations=r["confirmations"],
        shipments=r["shipments"],
        goods_receipts=r["goods_receipts"],
        inventory=r["inventory"],
    )


def supply_rows(data: ProjectionInput) -> list[tuple[str, int, float, int, int]]:
    return sorted(
        (data.items[i], int(a), float(q), int(k), int(p))
        for i, a, q, k, p in zip(
            data.supply_item,
            data.supply_at,
            data.supply_qty,
            data.supply_kind,
            data.supply_po_line,
            strict=True,
        )
    )


def demand_rows(data: ProjectionInput) -> list[tuple[str, int, float, str]]:
    return [
        (data.items[i], int(a), float(q), data.work_orders[w].id)
        for i, a, q, w in zip(
            data.demand_item, data.demand_at, data.demand_qty, data.demand_wo, strict=True
        )
    ]


def test_sql_input_matches_the_rows_adapter(mini_db: Engine) -> None:
    sql, rows = load_projection_input(mini_db, "P1", T0, "14d"), rows_input()
    assert sql.items == rows.items == ("FOAM", "IDLE", "MOD", "SEAT")
    assert sql.timezone == "America/Detroit"
    assert supply_rows(sql) == supply_rows(rows)
    assert demand_rows(sql) == demand_rows(rows)
    assert np.array_equal(sql.available, rows.available)
    assert np.array_equal(sql.held, rows.held)
    assert [w.id for w in sql.work_orders] == [w.id for w in rows.work_orders]


def test_supply_follows_asn_confirmation_and_receipt_rules(mini_db: Engine) -> None:
    data = load_projection_input(mini_db, "P1", T0, "14d")
    t = lambda h: int((T0 + h * H).timestamp())  # noqa: E731
    assert supply_rows(data) == [
        ("FOAM", t(13), 300.0, 0, 1),  # held ASN: its ETA, not the confirmed 08:00
        ("FOAM", t(20), 50.0, 0, 3),  # the open second ASN; the first was received
        ("MOD", t(6), 300.0, 2, 2),  # 1000 - 300 received - 400 still confirmed
        ("MOD", t(9), 200.0, 1, 2),  # latest confirmation 500+200, 300 received used it first
        ("MOD", t(30), 200.0, 1, 2),
    ]
    assert data.available.tolist() == [150.0, 5.0, 250.0, 0.0]
    assert data.held.tolist() == [100.0, 0.0, 0.0, 0.0]
    assert [w.id for w in data.work_orders] == ["W1", "W2", "W3", "W4", "W5"]


def test_shortages_with_default_and_generous_policies(mini_db: Engine) -> None:
    (foam, mod) = sorted(shortages_for_plant(mini_db, "P1", start=T0), key=lambda s: s.item)
    # FOAM: 150 available, W1 04:00 draws 100, W2 08:00 draws 100 -> -50, ASN1 at 13:00.
    assert (foam.first_short_at, foam.qty_short) == (T0 + 8 * H, 50.0)
    assert foam.work_orders == ("W2", "W3")
    assert foam.customer_orders == ("CO0", "CO1")
    assert foam.recovered_at == T0 + 13 * H
    assert foam.recovered_by == ("PO1/1 ASN1",)
    assert foam.line_hours_at_risk == pytest.approx(2.0 + 1.0)  # W2 whole 2h; W3 12:00->13:00
    # MOD: 250 available, 200 per WO; W1 04:00 -> 50, W2 08:00 -> -150, +200 at 09:00 ...
    assert (mod.first_short_at, mod.qty_short) == (T0 + 8 * H, 150.0)
    assert mod.work_orders[0] == "W2"
    generous = shortages_for_plant(
        mini_db, "P1", start=T0, policy=SupplyPolicy(include_held=True, include_unconfirmed=True)
    )
    assert {s.item: s.first_short_at for s in generous} == {"FOAM": T0 + 12 * H, "MOD": T0 + 16 * H}
    assert all(s.policy.include_held for s in generous)


def test_a_shortage_the_horizon_does_not_see_covered_says_when_it_is_covered_past_it(
    mini_db: Engine,
) -> None:
    (foam,) = shortages_for_plant(mini_db, "P1", "10h", item="FOAM", start=T0)
    # Short at 08:00; ASN1 lands at 13:00, after the 10 h horizon asked.
    assert foam.recovered_at is None and foam.recovered_by == ()
    assert foam.covered_later_at == T0 + 13 * H
    assert foam.covered_later_by == ("PO1/1 ASN1",)
    (within,) = shortages_for_plant(mini_db, "P1", item="FOAM", start=T0)
    assert within.recovered_at == T0 + 13 * H and within.covered_later_at is None


def test_item_and_line_filters(mini_db: Engine) -> None:
    (only,) = shortages_for_plant(mini_db, "P1", item="FOAM", start=T0)
    assert only.item == "FOAM"
    assert len(shortages_for_plant(mini_db, "P1", line="P1-SEAT", start=T0)) == 2


def test_clear_to_build_and_ready_times(mini_db: Engine) -> None:
    ctb = {c.work_order: c for c in clear_to_build(mini_db, "P1", start=T0)}
    assert ctb["W1"].clear and not ctb["W2"].clear
    assert {s.item for s in ctb["W2"].short} == {"FOAM", "MOD"}
    ready = material_ready_times_for_plant(mini_db, "P1", start=T0)
    assert ready["W1"] == T0
    assert ready["W2"] == T0 + 13 * H  # FOAM by ASN1 at 13:00; MOD at 09:00


def test_unknown_plant_item_line_and_bad_horizon_are_clear_errors(mini_db: Engine) -> None:
    with pytest.raises(PlanningInputError, match=r"unknown plant 'XX'; known plants: P1, P2"):
        shortages_for_plant(mini_db, "XX", start=T0)
    with pytest.raises(PlanningInputError, match="unknown item"):
        shortages_for_plant(mini_db, "P1", item="NOPE", start=T0)
    with pytest.raises(PlanningInputError, match="unknown line 'NOPE' at plant P1"):
        shortages_for_plant(mini_db, "P1", line="NOPE", start=T0)
    with pytest.raises(PlanningInputError, match="horizon"):
        shortages_for_plant(mini_db, "P1", horizon="two weeks", start=T0)
