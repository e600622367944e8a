"""Small constructors for purchasing rows that give each row the next id of its table."""

from __future__ import annotations

from datetime import datetime

from domain import models as m
from sample_data.meridian.dataset import DemoDataset


def purchase_order(
    ds: DemoDataset, po_number: str, supplier: str, plant: str, issued_at: datetime,
    buyer: str | None, status: str = "open",
) -> m.PurchaseOrder:  # fmt: skip
    po = m.PurchaseOrder(
        po_number=po_number, supplier_code=supplier, plant_code=plant, issued_at=issued_at,
        buyer=buyer, status=status,
    )  # fmt: skip
    ds.purchase_orders.append(po)
    return po


def po_line(
    ds: DemoDataset, po: m.PurchaseOrder, line_no: int, item: str, qty: float,
    promised_at: datetime, unit_price: float, status: str = "open",
) -> m.PurchaseOrderLine:  # fmt: skip
    line = m.PurchaseOrderLine(
        id=len(ds.po_lines) + 1, po_number=po.po_number, line_no=line_no, item_code=item,
        qty_ordered=float(qty), promised_at=promised_at, unit_price=unit_price, status=status,
    )  # fmt: skip
    ds.po_lines.append(line)
    return line


def confirm(
    ds: DemoDataset, line: m.PurchaseOrderLine, qty: float, confirmed_for: datetime,
    received_at: datetime,
) -> None:  # fmt: skip
    assert line.id is not None
    ds.supplier_confirmations.append(
        m.SupplierConfirmation(
            id=len(ds.supplier_confirmations) + 1, po_line_id=line.id, qty=float(qty),
            confirmed_for=confirmed_for, received_at=received_at,
        )
    )  # fmt: skip


def ship(
    ds: DemoDataset, asn_number: str, line: m.PurchaseOrderLine, qty: float,
    shipped_at: datetime, eta: datetime, original_eta: datetime | None = None,
    hub: str = "", hub_status: str = "in_transit", carrier: str = "",
) -> m.Shipment:  # fmt: skip
    assert line.id is not None
    shipment = m.Shipment(
        asn_number=asn_number, po_line_id=line.id, qty=float(qty), shipped_at=shipped_at,
        eta=eta, original_eta=original_eta or eta, hub=hub, hub_status=hub_status,
        carrier=carrier,
    )  # fmt: skip
    ds.shipments.append(shipment)
    return shipment


def receive(
    ds: DemoDataset, line: m.PurchaseOrderLine, qty: float, received_at: datetime,
    asn_number: str | None = None,
) -> None:  # fmt: skip
    assert line.id is not None
    ds.goods_receipts.append(
        m.GoodsReceipt(
            id=len(ds.goods_receipts) + 1, po_line_id=line.id, qty=float(qty),
            received_at=received_at, asn_number=asn_number,
        )
    )  # fmt: skip


def stock(
    ds: DemoDataset, plant: str, item: str, qty: float, lot: str = "",
    status: str = "available", location: str = "MAIN",
) -> None:  # fmt: skip
    ds.inventory_balances.append(
        m.InventoryBalance(
            id=len(ds.inventory_balances) + 1, plant_code=plant, item_code=item,
            location=location, lot=lot, qty=float(qty), status=status,
        )
    )  # fmt: skip
