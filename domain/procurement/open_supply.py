"""Open supply of PO lines: what is still to arrive, confirmed or not, and by which ASN.

An ASN is open until a goods receipt books it (`OPEN_ASN`); the projection and this read
use that one definition.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import Connection, text

from domain.planning.supply import open_tranches

# An ASN no goods receipt has booked yet, whatever the carrier's hub status says (alias s).
OPEN_ASN = "NOT EXISTS (SELECT 1 FROM goods_receipt g WHERE g.asn_number = s.asn_number)"
# A PO line still to be supplied: the line and its PO are open (aliases pl: po_line,
# po: purchase_order); what is left of it is its qty less its goods receipts.
OPEN_PO_LINE = "pl.status = 'open' AND po.status = 'open'"

_OPEN_LINES = text(
    "SELECT pl.id, pl.po_number, pl.line_no, pl.item_code, pl.qty_ordered, pl.promised_at, "
    "po.plant_code, po.supplier_code, s.name AS supplier_name, "
    "coalesce((SELECT sum(g.qty) FROM goods_receipt g WHERE g.po_line_id = pl.id), 0) AS received"
    " FROM po_line pl JOIN purchase_order po USING (po_number) "
    "JOIN supplier s ON s.code = po.supplier_code "
    "WHERE (CAST(:item AS text) IS NULL OR pl.item_code = :item) "
    "AND (CAST(:po AS text) IS NULL OR pl.po_number = :po) "
    "AND (CAST(:line_no AS int) IS NULL OR pl.line_no = :line_no) "
    f"AND {OPEN_PO_LINE} "
    "AND po.plant_code = ANY(:plants) ORDER BY pl.promised_at, pl.po_number, pl.line_no"
)
# The supplier's current confirmation is the set of rows it sent last.
_CONFIRMATIONS = text(
    "SELECT c.po_line_id, c.qty, c.confirmed_for, c.received_at FROM supplier_confirmation c "
    "WHERE c.po_line_id = ANY(:ids) AND c.received_at = (SELECT max(c2.received_at) "
    "FROM supplier_confirmation c2 WHERE c2.po_line_id = c.po_line_id) ORDER BY c.confirmed_for"
)
_OPEN_ASNS = text(
    "SELECT s.asn_number, s.po_line_id, s.qty, s.shipped_at, s.eta, s.original_eta, s.hub, "
    f"s.hub_status, s.carrier FROM shipment s WHERE s.po_line_id = ANY(:ids) AND {OPEN_ASN} "
    "ORDER BY s.eta, s.asn_number"
)


class Confirmation(BaseModel):
    """The supplier's commitment for part of a line: this quantity, for this time."""

    qty: float
    confirmed_for: datetime
    received_at: datetime


class OpenAsn(BaseModel):
    """A shipment announced against the line and not yet received."""

    asn_number: str
    qty: float
    shipped_at: datetime | None
    eta: datetime
    original_eta: datetime | None
    hub: str
    hub_status: str  # in_transit | held | delivered
    carrier: str

    @property
    def eta_moved(self) -> bool:
        return self.original_eta is not None and self.eta != self.original_eta


class SupplyTranche(BaseModel):
    """A quantity of the line expected at one time, and where that time comes from."""

    qty: float
    at: datetime
    basis: str  # asn | confirmed | unconfirmed


class OpenPoLine(BaseModel):
    """One open PO line with what was received, confirmed, shipped and is still unconfirmed."""

    id: int
    po_number: str
    line_no: int
    item_code: str
    qty_ordered: float
    promised_at: datetime
    plant_code: str
    supplier_code: str
    supplier_name: str
    received: float
    confirmed_qty: float
    unconfirmed_qty: float
    confirmations: list[Confirmation]
    asns: list[OpenAsn]
    supply: list[SupplyTranche]

    @property
    def ref(self) -> str:
        return f"{self.po_number}/{self.line_no}"


def open_supply(
    conn: Connection,
    plants: list[str],
    *,
    item: str | None = None,
    po_number: str | None = None,
    line_no: int | None = None,
) -> list[OpenPoLine]:
    """Open PO lines (of an item or a PO) at these plants, with their supply tranches."""
    params = {"item": item, "po": po_number, "line_no": line_no, "plants": plants}
    rows = [dict(r) for r in conn.execute(_OPEN_LINES, params).mappings()]
    ids = [r["id"] for r in rows]
    confirmations = conn.execute(_CONFIRMATIONS, {"ids": ids}).mappings().all()
    asns = conn.execute(_OPEN_ASNS, {"ids": ids}).mappings().all()
    lines = []
    for r in rows:
        confs = [Confirmation.model_validate(dict(c)) for c in confirmations
                 if c["po_line_id"] == r["id"]]  # fmt: skip
        ships = [OpenAsn.model_validate(dict(a)) for a in asns if a["po_line_id"] == r["id"]]
        tranches = open_tranches(
            float(r["qty_ordered"]),
            r["promised_at"],
            float(r["received"]),
            [(a.qty, a.eta) for a in ships],
            [(c.qty, c.confirmed_for) for c in confs],
        )
        lines.append(
            OpenPoLine(
                **{
                    k: r[k]
                    for k in (
                        "id",
                        "po_number",
                        "line_no",
                        "item_code",
                        "promised_at",
                        "plant_code",
                        "supplier_code",
                        "supplier_name",
                    )
                },
                qty_ordered=float(r["qty_ordered"]),
                received=float(r["received"]),
                confirmed_qty=sum(c.qty for c in confs),
                unconfirmed_qty=sum(t.qty for t in tranches if not t.confirmed),
                confirmations=confs,
                asns=ships,
                supply=[SupplyTranche(qty=t.qty, at=t.at, basis=t.kind.name) for t in tranches],
            )  # fmt: skip
        )
    return lines
