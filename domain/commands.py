"""The ERP write side: one function per approved change, run in the caller's one transaction.

Each command checks its own rules against the rows as they are now (locked for update) and
raises CommandRefused, so the unit of work around it rolls back and nothing is half-written.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, text

from domain.formatting import plant_time
from domain.planning.repository import plant_timezone
from domain.scheduling.errors import SchedulingInputError
from domain.scheduling.frozen import line_frozen_horizon
from domain.scheduling.slots import Slot, SlotMove, first_double_booking

OPEN_WO_STATUSES = ("released", "started")


class CommandRefused(ValueError):
    """The change cannot be applied as approved (the data moved on); nothing was written."""


def supplier_email(conn: Connection, supplier_code: str) -> str:
    email = conn.execute(
        text("SELECT email FROM supplier WHERE code = :c"), {"c": supplier_code}
    ).scalar_one_or_none()
    if email is None:
        raise CommandRefused(f"supplier {supplier_code} does not exist")
    return str(email or f"{supplier_code.lower()}@unknown.invalid")


def po_supplier(conn: Connection, po_number: str) -> str:
    code = conn.execute(
        text("SELECT supplier_code FROM purchase_order WHERE po_number = :po"), {"po": po_number}
    ).scalar_one_or_none()
    if code is None:
        raise CommandRefused(f"{po_number} does not exist")
    return str(code)


def _open_po_line(conn: Connection, po_number: str, line_no: int) -> Any:
    row = conn.execute(
        text(
            "SELECT l.id, l.status, p.plant_code, p.supplier_code FROM po_line l"
            " JOIN purchase_order p USING (po_number)"
            " WHERE l.po_number = :po AND l.line_no = :ln FOR UPDATE OF l"
        ),
        {"po": po_number, "ln": line_no},
    ).first()
    if row is None:
        raise CommandRefused(f"{po_number} line {line_no} does not exist")
    if row.status != "open":
        raise CommandRefused(f"{po_number} line {line_no} is {row.status}, not open")
    return row


def change_po_line_date(
    conn: Connection, po_number: str, line_no: int, new_promised_at: datetime,
    new_qty: float | None,
) -> dict[str, Any]:  # fmt: skip
    """Move an open PO line's promised date (and quantity, if given)."""
    line = _open_po_line(conn, po_number, line_no)
    conn.execute(
        text(
            "UPDATE po_line SET promised_at = :d, qty_ordered = COALESCE(:q, qty_ordered)"
            " WHERE id = :id"
        ),
        {"d": new_promised_at, "q": new_qty, "id": line.id},
    )
    return {"po_line_id": line.id, "promised_at": new_promised_at, "qty": new_qty}


def book_premium_freight(
    conn: Connection, po_number: str, line_no: int, mode: str, cost: float, approved_at: datetime
) -> dict[str, Any]:
    """Record the approved premium freight of an open PO line (what the KPI sums)."""
    line = _open_po_line(conn, po_number, line_no)
    freight_id = conn.execute(
        text(
            "INSERT INTO premium_freight (plant_code, po_line_id, supplier_code, mode, cost,"
            " approved_at) VALUES (:plant, :line, :supplier, :mode, :cost, :at) RETURNING id"
        ),
        {"plant": line.plant_code, "line": line.id, "supplier": line.supplier_code,
         "mode": mode, "cost": cost, "at": approved_at},
    ).scalar_one()  # fmt: skip
    return {"premium_freight_id": freight_id, "po_line_id": line.id}


def transfer_stock(
    conn: Connection, item_code: str, from_plant: str, to_plant: str, qty: float,
    lot: str | None, location: str,
) -> dict[str, Any]:  # fmt: skip
    """Move available stock of one lot from one plant to another."""
    source = conn.execute(
        text(
            "SELECT id, lot FROM inventory_balance WHERE plant_code = :p AND item_code = :i"
            " AND status = 'available' AND qty >= :q AND (CAST(:lot AS text) IS NULL"
            " OR lot = :lot) ORDER BY qty DESC LIMIT 1 FOR UPDATE"
        ),
        {"p": from_plant, "i": item_code, "q": qty, "lot": lot},
    ).first()
    if source is None:
        raise CommandRefused(
            f"{from_plant} has no available lot of {item_code} with {qty:g} on hand"
        )
    conn.execute(
        text("UPDATE inventory_balance SET qty = qty - :q WHERE id = :id"),
        {"q": qty, "id": source.id},
    )
    where = {"q": qty, "p": to_plant, "i": item_code, "loc": location, "lot": source.lot}
    target = conn.execute(
        text(
            "UPDATE inventory_balance SET qty = qty + :q WHERE id = (SELECT id FROM"
            " inventory_balance WHERE plant_code = :p AND item_code = :i AND location = :loc"
            " AND lot = :lot AND status = 'available' LIMIT 1) RETURNING id"
        ),
        where,
    ).scalar_one_or_none()
    if target is None:
        target = conn.execute(
            text(
                "INSERT INTO inventory_balance (plant_code, item_code, location, lot, qty,"
                " status) VALUES (:p, :i, :loc, :lot, :q, 'available') RETURNING id"
            ),
            where,
        ).scalar_one()
    return {"from_balance_id": source.id, "to_balance_id": target, "lot": source.lot}


def _line_slots(conn: Connection, line_code: str) -> list[Slot]:
    rows = conn.execute(
        text(
            "SELECT id, sequence, planned_start, planned_end FROM work_order"
            " WHERE line_code = :line AND status = ANY(:open)"
        ),
        {"line": line_code, "open": list(OPEN_WO_STATUSES)},
    ).all()
    return [Slot(r.id, r.sequence, r.planned_start, r.planned_end) for r in rows]


def apply_resequence(
    conn: Connection, line_code: str, moves: Sequence[SlotMove], now: datetime
) -> dict[str, Any]:
    """Put released WOs of a line in their new slots: never in the frozen horizon, never
    double-booking the line (checked against the line as it is now, others' changes included)."""
    try:
        horizon = line_frozen_horizon(conn, line_code, now)
    except SchedulingInputError as err:
        raise CommandRefused(f"line {line_code} does not exist") from err
    plant = conn.execute(
        text("SELECT plant_code FROM line WHERE code = :c"), {"c": line_code}
    ).scalar_one()
    tz = plant_timezone(conn, plant)
    for move in moves:
        wo = conn.execute(
            text("SELECT line_code, planned_start, status FROM work_order WHERE id = :id"
                 " FOR UPDATE"),
            {"id": move.work_order},
        ).first()  # fmt: skip
        if wo is None or wo.line_code != line_code:
            raise CommandRefused(f"{move.work_order} is not a work order on {line_code}")
        if wo.status != "released":
            raise CommandRefused(f"{move.work_order} is {wo.status}; it cannot move")
        try:
            horizon.check_move(move.work_order, wo.planned_start, move.start, tz)
        except SchedulingInputError as err:
            raise CommandRefused(str(err)) from err
        conn.execute(
            text("UPDATE work_order SET sequence = :s, planned_start = :a, planned_end = :b"
                 " WHERE id = :id"),
            {"s": move.sequence, "a": move.start, "b": move.end, "id": move.work_order},
        )  # fmt: skip
    moved = [m.work_order for m in moves]
    clash = first_double_booking(moved, _line_slots(conn, line_code))
    if clash is not None:
        a, b = clash
        raise CommandRefused(
            f"the new sequence would double-book {line_code}: {a.work_order}"
            f" ({plant_time(a.start, tz)} to {plant_time(a.end, tz)}) overlaps"
            f" {b.work_order} ({plant_time(b.start, tz)} to {plant_time(b.end, tz)});"
            " nothing was changed, propose the resequence again"
        )
    return {"moved": moved, "frozen_until": horizon.until}


def open_quality_review(
    conn: Connection, plant_code: str, item_code: str, lot: str, question: str, now: datetime
) -> dict[str, Any]:
    """Open the quality-review alert quality works from."""
    alert_id = conn.execute(
        text(
            "INSERT INTO alert (plant_code, kind, subject, opened_at)"
            " VALUES (:p, 'quality_review', :s, :now) RETURNING id"
        ),
        {"p": plant_code, "s": f"Quality review {item_code} lot {lot}: {question}", "now": now},
    ).scalar_one()
    return {"alert_id": alert_id}
