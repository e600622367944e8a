"""Applies one validated event to the domain tables inside the caller's transaction.

Each handler returns what it changed (the plant, the items whose projection it touches and
the facts the alert rules read) or raises Unappliable with the reason when the event is
valid but refers to something Lineside does not hold (an unknown PO, a lot without stock).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Connection, TextClause, text

from domain.events.envelope import DomainEvent
from domain.events.types import (
    AsnUpdated,
    ConfirmationReceived,
    DemandChanged,
    DowntimeReported,
    EventData,
    PoLineChanged,
    QualityHoldPlaced,
    QualityHoldReleased,
    ReceiptPosted,
    WorkOrderStatus,
)
from domain.uow import defer


class Unappliable(Exception):
    """A valid event that cannot be applied yet; it waits in the dead-letter table."""


@dataclass
class Applied:
    """What an applied event changed: where, which items to re-project, facts for alert rules."""

    plant: str
    items: set[str] = field(default_factory=set)
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _PoLine:
    id: int
    po_number: str
    line_no: int
    item: str
    plant: str
    supplier: str
    buyer: str | None
    qty_ordered: float
    promised_at: datetime


# A PO line as _PoLine reads it, with its PO's plant, supplier and buyer.
_PO_LINE_COLUMNS = (
    "pl.id, pl.po_number, pl.line_no, pl.item_code, po.plant_code, po.supplier_code,"
    " po.buyer, pl.qty_ordered, pl.promised_at"
)
_WITH_ITS_PO = "JOIN purchase_order po ON po.po_number = pl.po_number"
# The first lookups of events, with room for the condition first_lookup adds.
_PO_LINE_SQL = (
    f"SELECT {_PO_LINE_COLUMNS} FROM po_line pl {_WITH_ITS_PO}"
    " WHERE pl.po_number = :po AND pl.line_no = :line{only_if} FOR UPDATE OF pl"
)
_PO_LINE = text(_PO_LINE_SQL.format(only_if=""))


_LOOKED_UP = "event_lookups"


def forget_lookups(conn: Connection) -> None:
    """Start an event afresh: the rows its lookups read are read again."""
    conn.info.pop(_LOOKED_UP, None)


def _once(conn: Connection, key: tuple[Any, ...], read: Callable[[], Any]) -> Any:
    """`read()` once per event: touched() and the handler share the rows they look up (the
    rows are locked, or the event's own object, so they hold until the handler writes)."""
    memo: dict[tuple[Any, ...], Any] = conn.info.setdefault(_LOOKED_UP, {})
    if key not in memo:
        memo[key] = read()
    return memo[key]


def _po_line(conn: Connection, po_number: str, line_no: int) -> _PoLine:
    row = _once(
        conn,
        ("po_line", po_number, line_no),
        lambda: conn.execute(_PO_LINE, {"po": po_number, "line": line_no}).first(),
    )
    if row is None:
        known = conn.execute(
            text("SELECT 1 FROM purchase_order WHERE po_number = :po"), {"po": po_number}
        ).first()
        raise Unappliable(
            f"unknown PO line {po_number}/{line_no}"
            if known
            else f"unknown PO {po_number}: replay this event once the PO exists"
        )
    return _PoLine(*row)


def _line_facts(line: _PoLine) -> dict[str, Any]:
    return {
        "po_number": line.po_number,
        "line_no": line.line_no,
        "item": line.item,
        "supplier": line.supplier,
        "buyer": line.buyer,
        "qty_ordered": line.qty_ordered,
        "promised_at": line.promised_at,
    }


def _given(data: EventData, name: str) -> bool:
    return name in data.model_fields_set and getattr(data, name) is not None


def _confirmation(conn: Connection, event: DomainEvent, data: ConfirmationReceived) -> Applied:
    line = _po_line(conn, data.po_number, data.line_no)
    rows = [(c.qty, c.delivery_at) for c in data.schedule]
    if data.scope == "balance":
        held = conn.execute(
            text(
                "SELECT qty, confirmed_for FROM supplier_confirmation WHERE po_line_id = :l"
                " AND received_at = (SELECT max(received_at) FROM supplier_confirmation"
                " WHERE po_line_id = :l)"
            ),
            {"l": line.id},
        ).all()
        rows = [(float(q), at) for q, at in held] + rows
    # The rows received last are the supplier's current confirmation (see planning.supply).
    for qty, at in rows:
        defer(  # sent with the re-projection that reads them
            conn,
            text(
                "INSERT INTO supplier_confirmation (po_line_id, qty, confirmed_for, received_at)"
                " VALUES (:l, :q, :f, :r)"
            ),
            {"l": line.id, "q": qty, "f": at, "r": event.time},
        )
    confirmed = sum(q for q, _ in rows)
    return Applied(
        line.plant,
        {line.item},
        _line_facts(line)
        | {"confirmed_qty": confirmed, "latest_delivery_at": max(at for _, at in rows)},
    )


_SHIPMENT_LINE_SQL = (
    f"SELECT s.eta, {_PO_LINE_COLUMNS} FROM shipment s"
    f" JOIN po_line pl ON pl.id = s.po_line_id {_WITH_ITS_PO}"
    " WHERE s.asn_number = :a{only_if} FOR UPDATE OF s"
)
_SHIPMENT_LINE = text(_SHIPMENT_LINE_SQL.format(only_if=""))


def _shipment_line(conn: Connection, asn_number: str) -> Any:
    """The ASN (locked) with its PO line as _PoLine reads it; None for a new ASN."""
    return _once(
        conn,
        ("shipment", asn_number),
        lambda: conn.execute(_SHIPMENT_LINE, {"a": asn_number}).first(),
    )


def _asn(conn: Connection, event: DomainEvent, data: AsnUpdated) -> Applied:
    row = _shipment_line(conn, data.asn_number)
    eta_before = row[0] if row is not None else None
    if data.po_number is not None and data.line_no is not None:
        line = _po_line(conn, data.po_number, data.line_no)
    elif row is not None:
        line = _PoLine(*row[1:])
    else:
        raise Unappliable(
            f"unknown ASN {data.asn_number}: a new ASN needs po_number, line_no, qty and eta"
        )
    changes = {
        name: getattr(data, name)
        for name in ("qty", "eta", "shipped_at", "hub", "hub_status", "carrier")
        if _given(data, name)
    }
    if row is None:
        missing = [n for n in ("qty", "eta") if n not in changes]
        if missing:
            raise Unappliable(f"new ASN {data.asn_number} needs {', '.join(missing)}")
        defer(
            conn,
            text(
                "INSERT INTO shipment (asn_number, po_line_id, qty, shipped_at, eta, original_eta,"
                " hub, hub_status, carrier) VALUES (:a, :l, :qty, :shipped, :eta, :eta, :hub,"
                " :status, :carrier)"
            ),
            {
                "a": data.asn_number,
                "l": line.id,
                "qty": changes["qty"],
                "eta": changes["eta"],
                "shipped": changes.get("shipped_at", event.time),
                "hub": changes.get("hub", ""),
                "status": changes.get("hub_status", "in_transit"),
                "carrier": changes.get("carrier", ""),
            },
        )
    elif changes or line.id != row[1]:
        sets = ", ".join(f"{n} = :{n}" for n in changes)
        defer(  # sent with the re-projection that reads it
            conn,
            text(
                "UPDATE shipment SET po_line_id = :l"
                + (f", {sets}" if sets else "")
                + " WHERE asn_number = :a"
            ),
            {"a": data.asn_number, "l": line.id, **changes},
        )
    return Applied(
        line.plant,
        {line.item},
        _line_facts(line)
        | {"asn_number": data.asn_number, "eta": changes.get("eta", eta_before),
           "eta_before": eta_before},
    )  # fmt: skip


def _receipt(conn: Connection, event: DomainEvent, data: ReceiptPosted) -> Applied:
    line = _po_line(conn, data.po_number, data.line_no)
    conn.execute(
        text(
            "INSERT INTO goods_receipt (po_line_id, qty, received_at, asn_number)"
            " VALUES (:l, :q, :at, :asn)"
        ),
        {"l": line.id, "q": data.qty, "at": data.received_at, "asn": data.asn_number},
    )
    conn.execute(
        text(
            "INSERT INTO inventory_balance (plant_code, item_code, location, lot, qty, status)"
            " VALUES (:p, :i, :loc, :lot, :q, 'available')"
        ),
        {"p": line.plant, "i": line.item, "loc": data.location, "lot": data.lot, "q": data.qty},
    )
    if data.asn_number:
        conn.execute(
            text("UPDATE shipment SET hub_status = 'delivered' WHERE asn_number = :a"),
            {"a": data.asn_number},
        )
    received = conn.execute(
        text("SELECT COALESCE(sum(qty), 0) FROM goods_receipt WHERE po_line_id = :l"),
        {"l": line.id},
    ).scalar_one()
    if float(received) >= line.qty_ordered:
        conn.execute(text("UPDATE po_line SET status = 'received' WHERE id = :l"), {"l": line.id})
    return Applied(line.plant, {line.item}, _line_facts(line) | {"received_qty": data.qty})


def _known(conn: Connection, table: str, key: str, value: str) -> None:
    if conn.execute(text(f"SELECT 1 FROM {table} WHERE {key} = :v"), {"v": value}).first() is None:
        raise Unappliable(f"unknown {table.replace('_', ' ')} {value}")


def _hold_placed(conn: Connection, event: DomainEvent, data: QualityHoldPlaced) -> Applied:
    _known(conn, "plant", "code", data.plant)
    _known(conn, "item", "code", data.item)
    stock = conn.execute(
        text(
            "SELECT id, qty FROM inventory_balance WHERE plant_code = :p AND item_code = :i"
            " AND lot = :lot AND status = 'available' ORDER BY id FOR UPDATE"
        ),
        {"p": data.plant, "i": data.item, "lot": data.lot},
    ).all()
    if not stock:
        raise Unappliable(f"no available stock of lot {data.lot} of {data.item} at {data.plant}")
    left = data.qty
    for row_id, qty in stock:
        part = min(float(qty), left)
        left -= part
        if part <= 0:
            break
        if part < float(qty):  # split the row: the held part leaves the available stock
            conn.execute(
                text("UPDATE inventory_balance SET qty = qty - :q WHERE id = :id"),
                {"q": part, "id": row_id},
            )
            conn.execute(
                text(
                    "INSERT INTO inventory_balance (plant_code, item_code, location, lot, qty,"
                    " status) SELECT plant_code, item_code, location, lot, :q, 'quality_hold'"
                    " FROM inventory_balance WHERE id = :id"
                ),
                {"q": part, "id": row_id},
            )
        else:
            conn.execute(
                text("UPDATE inventory_balance SET status = 'quality_hold' WHERE id = :id"),
                {"id": row_id},
            )
    conn.execute(
        text(
            "INSERT INTO quality_hold (plant_code, item_code, lot, qty, reason, placed_at,"
            " decision_expected_at, status) VALUES (:p, :i, :lot, :q, :r, :at, :dec, 'open')"
        ),
        {
            "p": data.plant,
            "i": data.item,
            "lot": data.lot,
            "q": data.qty - left,
            "r": data.reason,
            "at": event.time,
            "dec": data.decision_expected_at,
        },
    )
    return Applied(
        data.plant,
        {data.item},
        {"item": data.item, "lot": data.lot, "qty": data.qty - left, "hold": "placed"},
    )


def _hold_released(conn: Connection, event: DomainEvent, data: QualityHoldReleased) -> Applied:
    holds = conn.execute(
        text(
            "SELECT id, item_code, qty FROM quality_hold WHERE plant_code = :p AND lot = :lot"
            " AND status = 'open' AND (CAST(:i AS text) IS NULL OR item_code = :i) FOR UPDATE"
        ),
        {"p": data.plant, "lot": data.lot, "i": data.item},
    ).all()
    if not holds:
        raise Unappliable(f"no open quality hold on lot {data.lot} at {data.plant}")
    items = {row[1] for row in holds}
    conn.execute(
        text("UPDATE quality_hold SET status = :s WHERE id = ANY(:ids)"),
        {"s": data.disposition, "ids": [row[0] for row in holds]},
    )
    params = {"p": data.plant, "lot": data.lot, "items": sorted(items)}
    where = "plant_code = :p AND lot = :lot AND item_code = ANY(:items) AND status = 'quality_hold'"
    if data.disposition == "released":
        conn.execute(
            text(f"UPDATE inventory_balance SET status = 'available' WHERE {where}"), params
        )
    else:
        conn.execute(text(f"DELETE FROM inventory_balance WHERE {where}"), params)
    return Applied(
        data.plant,
        items,
        {"lot": data.lot, "items": sorted(items), "hold": data.disposition},
    )


def _downtime(conn: Connection, event: DomainEvent, data: DowntimeReported) -> Applied:
    centre = conn.execute(
        text("SELECT plant_code, line_code FROM work_centre WHERE code = :c"),
        {"c": data.work_centre},
    ).first()
    if centre is None:
        raise Unappliable(f"unknown work centre {data.work_centre}")
    conn.execute(
        text(
            "INSERT INTO downtime (work_centre_code, start_at, end_at, reason, ref)"
            " VALUES (:c, :s, :e, :r, :ref) ON CONFLICT (ref) DO UPDATE SET"
            " work_centre_code = :c, start_at = :s, end_at = :e, reason = :r"
        ),
        {"c": data.work_centre, "s": data.start_at, "e": data.end_at, "r": data.reason,
         "ref": data.ref},
    )  # fmt: skip
    # A WO overlapping the window finishes later by the overlap (the schedule is not moved).
    late = conn.execute(
        text(
            "SELECT id, planned_end, due_at, customer_order_id,"
            " EXTRACT(epoch FROM LEAST(planned_end, :e) - GREATEST(planned_start, :s)) / 3600"
            " FROM work_order WHERE line_code = :line AND status IN ('released', 'started')"
            " AND planned_start < :e AND planned_end > :s ORDER BY planned_start"
        ),
        {"line": centre[1], "s": data.start_at, "e": data.end_at},
    ).all()
    hit = []
    for wo, end, due, customer_order, overlap in late:
        finish = end + timedelta(hours=float(overlap))
        if finish > due:
            late_hours = (finish - due).total_seconds() / 3600
            hit.append({"work_order": wo, "customer_order": customer_order, "due_at": due,
                        "finish_at": finish, "late_hours": late_hours})  # fmt: skip
    return Applied(
        str(centre[0]),
        set(),
        {"ref": data.ref, "work_centre": data.work_centre, "line": centre[1],
         "start_at": data.start_at, "end_at": data.end_at, "late_work_orders": hit},
    )  # fmt: skip


def _components(conn: Connection, parent: str) -> set[str]:
    rows = conn.execute(
        text("SELECT component_item FROM bom_line WHERE parent_item = :p"), {"p": parent}
    )
    return {r[0] for r in rows}


def _demand(conn: Connection, event: DomainEvent, data: DemandChanged) -> Applied:
    row = conn.execute(
        text("SELECT plant_code, item_code FROM customer_order WHERE id = :c FOR UPDATE"),
        {"c": data.customer_order},
    ).first()
    if row is None:
        raise Unappliable(f"unknown customer order {data.customer_order}")
    changes = {n: getattr(data, n) for n in ("qty", "due_at") if _given(data, n)}
    if changes:
        sets = ", ".join(f"{n} = :{n}" for n in changes)
        conn.execute(
            text(f"UPDATE customer_order SET {sets} WHERE id = :c"),
            {"c": data.customer_order, **changes},
        )
        # The released WO making this release follows its quantity and due time.
        conn.execute(
            text(
                f"UPDATE work_order SET {sets} WHERE customer_order_id = :c AND status = 'released'"
            ),
            {"c": data.customer_order, **changes},
        )
    return Applied(
        str(row[0]),
        _components(conn, str(row[1])),
        {"customer_order": data.customer_order, "item": row[1]},
    )


_PO_AND_LINE_SQL = (
    "SELECT po.plant_code, pl.id, pl.item_code FROM purchase_order po"
    " LEFT JOIN po_line pl ON pl.po_number = po.po_number AND pl.line_no = :line"
    " WHERE po.po_number = :po{only_if}"
)
_PO_AND_LINE = text(_PO_AND_LINE_SQL.format(only_if=""))


def _po_and_line(conn: Connection, po_number: str, line_no: int) -> Any:
    """(PO's plant, line id, line's item) with no line id for a new line; None for a new PO."""
    return _once(
        conn,
        ("po_and_line", po_number, line_no),
        lambda: conn.execute(_PO_AND_LINE, {"po": po_number, "line": line_no}).first(),
    )


def _po_line_changed(conn: Connection, event: DomainEvent, data: PoLineChanged) -> Applied:
    header = _po_and_line(conn, data.po_number, data.line_no)
    row = None if header is None or header[1] is None else (header[1], header[2], header[0])
    changes: dict[str, Any] = {
        column: getattr(data, name)
        for name, column in (("item", "item_code"), ("qty_ordered", "qty_ordered"),
                             ("promised_at", "promised_at"), ("status", "status"))
        if _given(data, name)
    }  # fmt: skip
    if "item_code" in changes:
        _known(conn, "item", "code", changes["item_code"])
    if row is not None:
        if changes:
            sets = ", ".join(f"{c} = :{c}" for c in changes)
            # Sent with the re-projection that reads it.
            defer(
                conn, text(f"UPDATE po_line SET {sets} WHERE id = :id"), {"id": row[0], **changes}
            )
        items = {str(row[1]), changes.get("item_code", str(row[1]))}
        return Applied(str(row[2]), items, {"po_number": data.po_number, "line_no": data.line_no})
    missing = [n for n in ("item", "qty_ordered", "promised_at") if not _given(data, n)]
    if header is None and not (data.supplier and data.plant):
        raise Unappliable(f"unknown PO {data.po_number}: a new PO needs supplier and plant")
    if missing:
        raise Unappliable(f"new PO line {data.po_number}/{data.line_no} needs {', '.join(missing)}")
    if header is None:
        _known(conn, "supplier", "code", str(data.supplier))
        _known(conn, "plant", "code", str(data.plant))
        defer(
            conn,
            text(
                "INSERT INTO purchase_order (po_number, supplier_code, plant_code, issued_at,"
                " buyer, status) VALUES (:po, :s, :p, :at, :b, 'open')"
            ),
            {"po": data.po_number, "s": data.supplier, "p": data.plant, "at": event.time,
             "b": data.buyer},
        )  # fmt: skip
        plant = str(data.plant)
    else:
        plant = str(header[0])
    defer(
        conn,
        text(
            "INSERT INTO po_line (po_number, line_no, item_code, qty_ordered, promised_at,"
            " unit_price, status) VALUES (:po, :line, :i, :q, :at, 0, :s)"
        ),
        {"po": data.po_number, "line": data.line_no, "i": data.item, "q": data.qty_ordered,
         "at": data.promised_at, "s": data.status or "open"},
    )  # fmt: skip
    return Applied(plant, {str(data.item)}, {"po_number": data.po_number, "created": True})


def _work_order(conn: Connection, event: DomainEvent, data: WorkOrderStatus) -> Applied:
    row = conn.execute(
        text("SELECT plant_code, item_code FROM work_order WHERE id = :w FOR UPDATE"),
        {"w": data.work_order},
    ).first()
    if row is None:
        raise Unappliable(f"unknown work order {data.work_order}")
    conn.execute(
        text(
            "UPDATE work_order SET status = :s, completed_at = CASE WHEN :s = 'completed'"
            " THEN CAST(:at AS timestamptz) ELSE completed_at END WHERE id = :w"
        ),
        {"s": data.status, "at": data.at, "w": data.work_order},
    )
    return Applied(
        str(row[0]),
        _components(conn, str(row[1])),
        {"work_order": data.work_order, "status": data.status},
    )


_HANDLERS: dict[type[EventData], Callable[[Connection, DomainEvent, Any], Applied]] = {
    ConfirmationReceived: _confirmation,
    AsnUpdated: _asn,
    ReceiptPosted: _receipt,
    QualityHoldPlaced: _hold_placed,
    QualityHoldReleased: _hold_released,
    DowntimeReported: _downtime,
    DemandChanged: _demand,
    PoLineChanged: _po_line_changed,
    WorkOrderStatus: _work_order,
}


def apply_event(conn: Connection, event: DomainEvent) -> Applied:
    """Apply `event` in `conn`'s transaction; Unappliable when it refers to the unknown."""
    return _HANDLERS[type(event.data)](conn, event, event.data)


@cache
def _guarded(sql: str, only_if: str) -> TextClause:
    return text(sql.format(only_if=only_if))


def first_lookup(
    event: DomainEvent, only_if: str
) -> tuple[tuple[Any, ...], TextClause, dict[str, Any]] | None:
    """The row touched() reads first for `event` (key, statement, parameters), so the caller
    can send it with statements of its own; `remember` hands touched() and the handler its
    rows. `only_if` (SQL, starting with AND) limits it to when the event will be applied: a
    duplicate then locks no row, and its transaction stays read-only."""
    data = event.data
    if isinstance(data, AsnUpdated) and (data.po_number is None or data.line_no is None):
        key: tuple[Any, ...] = ("shipment", data.asn_number)
        return key, _guarded(_SHIPMENT_LINE_SQL, only_if), {"a": data.asn_number}
    if isinstance(data, ConfirmationReceived | ReceiptPosted | AsnUpdated):
        assert data.po_number is not None and data.line_no is not None
        key = ("po_line", data.po_number, data.line_no)
        return key, _guarded(_PO_LINE_SQL, only_if), {"po": data.po_number, "line": data.line_no}
    if isinstance(data, PoLineChanged):
        key = ("po_and_line", data.po_number, data.line_no)
        statement = _guarded(_PO_AND_LINE_SQL, only_if)
        return key, statement, {"po": data.po_number, "line": data.line_no}
    return None


def remember(conn: Connection, key: tuple[Any, ...], rows: list[Any]) -> None:
    """The rows of first_lookup's statement, read by the caller: the event's lookups use them."""
    conn.info.setdefault(_LOOKED_UP, {})[key] = rows[0] if rows else None


def touched(conn: Connection, event: DomainEvent) -> tuple[str, set[str]]:
    """The plant and items `event` will re-project, looked up before applying it.

    Raises Unappliable for what the handlers would refuse on the same lookups.
    """
    data = event.data
    if isinstance(data, ConfirmationReceived | ReceiptPosted):
        line = _po_line(conn, data.po_number, data.line_no)
        return line.plant, {line.item}
    if isinstance(data, AsnUpdated):
        if data.po_number is not None and data.line_no is not None:
            line = _po_line(conn, data.po_number, data.line_no)
            return line.plant, {line.item}
        row = _shipment_line(conn, data.asn_number)
        if row is None:
            raise Unappliable(
                f"unknown ASN {data.asn_number}: a new ASN needs po_number, line_no, qty and eta"
            )
        line = _PoLine(*row[1:])
        return line.plant, {line.item}
    if isinstance(data, QualityHoldPlaced):
        return data.plant, {data.item}
    if isinstance(data, QualityHoldReleased):
        held = conn.execute(
            text(
                "SELECT DISTINCT item_code FROM quality_hold WHERE plant_code = :p AND lot = :lot"
                " AND status = 'open'"
            ),
            {"p": data.plant, "lot": data.lot},
        )
        return data.plant, {r[0] for r in held}
    if isinstance(data, PoLineChanged):
        row = _po_and_line(conn, data.po_number, data.line_no)
        plant = str(row[0]) if row is not None else data.plant
        if plant is None:
            raise Unappliable(f"unknown PO {data.po_number}: a new PO needs supplier and plant")
        items = {str(row[2])} if row is not None and row[2] is not None else set()
        return plant, items | ({data.item} if data.item else set())
    if isinstance(data, DemandChanged | WorkOrderStatus):
        table, key = (
            ("customer_order", data.customer_order)
            if isinstance(data, DemandChanged)
            else ("work_order", data.work_order)
        )
        row = conn.execute(
            text(f"SELECT plant_code, item_code FROM {table} WHERE id = :k"), {"k": key}
        ).first()
        if row is None:
            raise Unappliable(f"unknown {table.replace('_', ' ')} {key}")
        return str(row[0]), _components(conn, str(row[1]))
    if isinstance(data, DowntimeReported):
        plant = conn.execute(
            text("SELECT plant_code FROM work_centre WHERE code = :c"), {"c": data.work_centre}
        ).scalar()
        if plant is None:
            raise Unappliable(f"unknown work centre {data.work_centre}")
        return str(plant), set()
    raise TypeError(f"no handler for {type(data).__name__}")
