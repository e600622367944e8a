"""A projection input from domain model instances, without a database (demo and tests).

It applies the same rules as the SQL of repository.py: open PO lines of open POs of the
plant, receipts subtracted, ASNs not yet received at their ETA, the supplier's latest
confirmation, the unconfirmed rest at the promised date, scheduled WOs exploded by BOM.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

import numpy as np

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
from domain.planning.inputs import (
    PlannedWorkOrder,
    ProjectionInput,
    ScheduledReceipt,
    StockOnHand,
    build_input,
    epoch,
    from_epoch,
)
from domain.planning.policy import PlanningInputError
from domain.planning.supply import SupplyKind, split_open_supply


def _seconds(times: Iterable[datetime]) -> np.ndarray:
    return np.fromiter((epoch(t) for t in times), dtype=np.int64)


def scheduled_receipts(
    plant: str,
    purchase_orders: Iterable[PurchaseOrder],
    po_lines: Iterable[PurchaseOrderLine],
    confirmations: Sequence[SupplierConfirmation] = (),
    shipments: Sequence[Shipment] = (),
    goods_receipts: Sequence[GoodsReceipt] = (),
) -> list[ScheduledReceipt]:
    """The open supply tranches of the plant's open PO lines (same rules as the repository)."""
    open_pos = {
        p.po_number for p in purchase_orders if p.plant_code == plant and p.status == "open"
    }
    lines = [pl for pl in po_lines if pl.po_number in open_pos and pl.status == "open"]
    for pl in lines:
        if pl.id is None:
            raise PlanningInputError(f"PO line {pl.po_number}/{pl.line_no} has no id")
    codes = sorted({pl.item_code for pl in lines})
    index = {code: i for i, code in enumerate(codes)}
    received_asns = {g.asn_number for g in goods_receipts if g.asn_number}
    asns = [s for s in shipments if s.asn_number not in received_asns]
    supply = split_open_supply(
        np.array([pl.id for pl in lines], dtype=np.int64),
        np.array([index[pl.item_code] for pl in lines], dtype=np.int32),
        np.array([pl.qty_ordered for pl in lines], dtype=np.float64),
        _seconds(pl.promised_at for pl in lines),
        np.array([g.po_line_id for g in goods_receipts], dtype=np.int64),
        np.array([g.qty for g in goods_receipts], dtype=np.float64),
        np.array([s.po_line_id for s in asns], dtype=np.int64),
        _seconds(s.eta for s in asns),
        np.array([s.qty for s in asns], dtype=np.float64),
        np.array([c.po_line_id for c in confirmations], dtype=np.int64),
        _seconds(c.received_at for c in confirmations),
        _seconds(c.confirmed_for for c in confirmations),
        np.array([c.qty for c in confirmations], dtype=np.float64),
    )
    return [
        ScheduledReceipt(codes[i], float(q), from_epoch(t), SupplyKind(int(k)), int(line))
        for line, i, t, q, k in zip(
            supply.po_line, supply.item, supply.at, supply.qty, supply.kind, strict=True
        )
    ]


def projection_input_from_rows(
    plant: Plant,
    start: datetime,
    horizon: timedelta | str,
    *,
    items: Sequence[Item],
    bom_lines: Iterable[BomLine],
    work_orders: Iterable[WorkOrder],
    purchase_orders: Iterable[PurchaseOrder],
    po_lines: Iterable[PurchaseOrderLine],
    confirmations: Sequence[SupplierConfirmation] = (),
    shipments: Sequence[Shipment] = (),
    goods_receipts: Sequence[GoodsReceipt] = (),
    inventory: Iterable[InventoryBalance] = (),
    only_items: Sequence[str] | None = None,
) -> ProjectionInput:
    """The same ProjectionInput load_projection_input builds, from model instances."""
    bom: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for b in bom_lines:
        bom[b.parent_item].append((b.component_item, b.qty_per))
    planned = [
        PlannedWorkOrder(
            id=w.id,
            line=w.line_code,
            item=w.item_code,
            qty=w.qty,
            start=w.planned_start,
            end=w.planned_end,
            sequence=w.sequence,
            customer_order=w.customer_order_id,
            status=w.status,
        )
        for w in work_orders
        if w.plant_code == plant.code
    ]
    stock = [
        StockOnHand(b.item_code, b.qty, b.status) for b in inventory if b.plant_code == plant.code
    ]
    receipts = scheduled_receipts(
        plant.code, purchase_orders, po_lines, confirmations, shipments, goods_receipts
    )
    return build_input(
        plant.code,
        start,
        horizon,
        timezone=plant.timezone,
        stock=stock,
        receipts=receipts,
        work_orders=planned,
        bom=bom,
        items=only_items if only_items is not None else [i.code for i in items],
    )
