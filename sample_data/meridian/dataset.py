"""The rows of one dataset, table by table, in the order foreign keys need them inserted."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from sqlmodel import SQLModel

from domain import models as m


@dataclass
class DemoDataset:
    """Every row of a dataset as unbound SQLModel instances; field order = insert order."""

    plants: list[m.Plant] = field(default_factory=list)
    lines: list[m.Line] = field(default_factory=list)
    work_centres: list[m.WorkCentre] = field(default_factory=list)
    shifts: list[m.Shift] = field(default_factory=list)
    downtimes: list[m.Downtime] = field(default_factory=list)
    changeover_rules: list[m.ChangeoverRule] = field(default_factory=list)
    items: list[m.Item] = field(default_factory=list)
    bom_lines: list[m.BomLine] = field(default_factory=list)
    suppliers: list[m.Supplier] = field(default_factory=list)
    approved_sources: list[m.ApprovedSource] = field(default_factory=list)
    users: list[m.AppUser] = field(default_factory=list)
    external_identities: list[m.ExternalIdentity] = field(default_factory=list)
    approval_rules: list[m.ApprovalRule] = field(default_factory=list)
    customer_orders: list[m.CustomerOrder] = field(default_factory=list)
    work_orders: list[m.WorkOrder] = field(default_factory=list)
    routing_operations: list[m.RoutingOperation] = field(default_factory=list)
    purchase_orders: list[m.PurchaseOrder] = field(default_factory=list)
    po_lines: list[m.PurchaseOrderLine] = field(default_factory=list)
    supplier_confirmations: list[m.SupplierConfirmation] = field(default_factory=list)
    shipments: list[m.Shipment] = field(default_factory=list)
    goods_receipts: list[m.GoodsReceipt] = field(default_factory=list)
    inventory_balances: list[m.InventoryBalance] = field(default_factory=list)
    quality_holds: list[m.QualityHold] = field(default_factory=list)
    premium_freight: list[m.PremiumFreight] = field(default_factory=list)
    alerts: list[m.Alert] = field(default_factory=list)
    supplier_messages: list[m.SupplierMessage] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def tables(self) -> list[tuple[type[SQLModel], list[Any]]]:
        """(model, rows) for every table, in foreign-key order."""
        out: list[tuple[type[SQLModel], list[Any]]] = []
        for f in fields(self):
            if f.name == "meta":
                continue
            rows = getattr(self, f.name)
            out.append((MODEL_OF[f.name], rows))
        return out

    def counts(self) -> dict[str, int]:
        return {model.__tablename__: len(rows) for model, rows in self.tables()}  # type: ignore[misc]


MODEL_OF: dict[str, type[SQLModel]] = {
    "plants": m.Plant,
    "lines": m.Line,
    "work_centres": m.WorkCentre,
    "shifts": m.Shift,
    "downtimes": m.Downtime,
    "changeover_rules": m.ChangeoverRule,
    "items": m.Item,
    "bom_lines": m.BomLine,
    "suppliers": m.Supplier,
    "approved_sources": m.ApprovedSource,
    "users": m.AppUser,
    "external_identities": m.ExternalIdentity,
    "approval_rules": m.ApprovalRule,
    "customer_orders": m.CustomerOrder,
    "work_orders": m.WorkOrder,
    "routing_operations": m.RoutingOperation,
    "purchase_orders": m.PurchaseOrder,
    "po_lines": m.PurchaseOrderLine,
    "supplier_confirmations": m.SupplierConfirmation,
    "shipments": m.Shipment,
    "goods_receipts": m.GoodsReceipt,
    "inventory_balances": m.InventoryBalance,
    "quality_holds": m.QualityHold,
    "premium_freight": m.PremiumFreight,
    "alerts": m.Alert,
    "supplier_messages": m.SupplierMessage,
}
