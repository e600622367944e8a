"""Executors: apply an approved proposal to the ERP and queue its outbound messages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import Connection, text

from domain.formatting import money
from governance.errors import ExecutionFailed
from governance.outbox import OutboundMessage, enqueue
from governance.payloads import (
    ExpeditePayload,
    PoDateChangePayload,
    QualityReviewPayload,
    ResequenceMove,
    ResequencePayload,
    SupplierEscalationPayload,
    TransferPayload,
    parse_payload,
)
from governance.proposals import ProposalView

# What an executor returns: the ERP's answer and the messages to queue.
Outcome = tuple[dict[str, Any], list[dict[str, Any]]]


class ErpAdapter(Protocol):
    """The system of record an approved proposal changes. Plug a real ERP in here.

    A real ERP outside our database should enqueue its changes (channel 'erp') and apply
    them from an OutboundSender keyed by the idempotency key, like e-mail.
    """

    def supplier_email(self, supplier_code: str) -> str: ...

    def po_supplier(self, po_number: str) -> str: ...

    def update_po_line_date(
        self, po_number: str, line_no: int, new_promised_at: datetime, new_qty: float | None
    ) -> dict[str, Any]: ...

    def expedite(
        self, po_number: str, line_no: int, mode: str, cost: float, approved_at: datetime
    ) -> dict[str, Any]: ...

    def transfer(
        self,
        item_code: str,
        from_plant: str,
        to_plant: str,
        qty: float,
        lot: str | None,
        location: str,
    ) -> dict[str, Any]: ...

    def resequence(
        self, line_code: str, moves: list[ResequenceMove], now: datetime
    ) -> dict[str, Any]: ...

    def open_quality_review(
        self, plant_code: str, item_code: str, lot: str, question: str, now: datetime
    ) -> dict[str, Any]: ...


class DatabaseErp:
    """The demo's ERP: Lineside's own domain tables, written in the approval's transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def _po_line(self, po_number: str, line_no: int) -> Any:
        row = self.conn.execute(
            text(
                "SELECT l.id, l.status, p.plant_code, p.supplier_code FROM po_line l"
                " JOIN purchase_order p USING (po_number)"
                " WHERE l.po_number = :po AND l.line_no = :ln FOR UPDATE OF l"
            ),
            {"po": po_number, "ln": line_no},
        ).first()
        if row is None:
            raise ExecutionFailed(f"{po_number} line {line_no} does not exist")
        if row.status != "open":
            raise ExecutionFailed(f"{po_number} line {line_no} is {row.status}, not open")
        return row

    def supplier_email(self, supplier_code: str) -> str:
        email = self.conn.execute(
            text("SELECT email FROM supplier WHERE code = :c"), {"c": supplier_code}
        ).scalar_one_or_none()
        if email is None:
            raise ExecutionFailed(f"supplier {supplier_code} does not exist")
        return email or f"{supplier_code.lower()}@unknown.invalid"

    def po_supplier(self, po_number: str) -> str:
        code = self.conn.execute(
            text("SELECT supplier_code FROM purchase_order WHERE po_number = :po"),
            {"po": po_number},
        ).scalar_one_or_none()
        if code is None:
            raise ExecutionFailed(f"{po_number} does not exist")
        return str(code)

    def update_po_line_date(
        self, po_number: str, line_no: int, new_promised_at: datetime, new_qty: float | None
    ) -> dict[str, Any]:
        line = self._po_line(po_number, line_no)
        self.conn.execute(
            text(
                "UPDATE po_line SET promised_at = :d, qty_ordered = COALESCE(:q, qty_ordered)"
                " WHERE id = :id"
            ),
            {"d": new_promised_at, "q": new_qty, "id": line.id},
        )
        return {"po_line_id": line.id, "promised_at": new_promised_at, "qty": new_qty}

    def expedite(
        self, po_number: str, line_no: int, mode: str, cost: float, approved_at: datetime
    ) -> dict[str, Any]:
        line = self._po_line(po_number, line_no)
        freight_id = self.conn.execute(
            text(
                "INSERT INTO premium_freight (plant_code, po_line_id, supplier_code, mode, cost,"
                " approved_at) VALUES (:plant, :line, :supplier, :mode, :cost, :at) RETURNING id"
            ),
            {
                "plant": line.plant_code,
                "line": line.id,
                "supplier": line.supplier_code,
                "mode": mode,
                "cost": cost,
                "at": approved_at,
            },
        ).scalar_one()
        return {"premium_freight_id": freight_id, "po_line_id": line.id}

    def transfer(
        self,
        item_code: str,
        from_plant: str,
        to_plant: str,
        qty: float,
        lot: str | None,
        location: str,
    ) -> dict[str, Any]:
        source = self.conn.execute(
            text(
                "SELECT id, lot FROM inventory_balance WHERE plant_code = :p AND item_code = :i"
                " AND status = 'available' AND qty >= :q AND (CAST(:lot AS text) IS NULL"
                " OR lot = :lot) ORDER BY qty DESC LIMIT 1 FOR UPDATE"
            ),
            {"p": from_plant, "i": item_code, "q": qty, "lot": lot},
        ).first()
        if source is None:
            raise ExecutionFailed(
                f"{from_plant} has no available lot of {item_code} with {qty:g} on hand"
            )
        self.conn.execute(
            text("UPDATE inventory_balance SET qty = qty - :q WHERE id = :id"),
            {"q": qty, "id": source.id},
        )
        target = self.conn.execute(
            text(
                "UPDATE inventory_balance SET qty = qty + :q WHERE id = (SELECT id FROM"
                " inventory_balance WHERE plant_code = :p AND item_code = :i AND location = :loc"
                " AND lot = :lot AND status = 'available' LIMIT 1) RETURNING id"
            ),
            {"q": qty, "p": to_plant, "i": item_code, "loc": location, "lot": source.lot},
        ).scalar_one_or_none()
        if target is None:
            target = self.conn.execute(
                text(
                    "INSERT INTO inventory_balance (plant_code, item_code, location, lot, qty,"
                    " status) VALUES (:p, :i, :loc, :lot, :q, 'available') RETURNING id"
                ),
                {"q": qty, "p": to_plant, "i": item_code, "loc": location, "lot": source.lot},
            ).scalar_one()
        return {"from_balance_id": source.id, "to_balance_id": target, "lot": source.lot}

    def resequence(
        self, line_code: str, moves: list[ResequenceMove], now: datetime
    ) -> dict[str, Any]:
        frozen_hours = self.conn.execute(
            text("SELECT frozen_hours FROM line WHERE code = :c"), {"c": line_code}
        ).scalar_one_or_none()
        if frozen_hours is None:
            raise ExecutionFailed(f"line {line_code} does not exist")
        frozen_until = now + timedelta(hours=float(frozen_hours))
        for move in moves:
            wo = self.conn.execute(
                text(
                    "SELECT line_code, planned_start, status FROM work_order WHERE id = :id"
                    " FOR UPDATE"
                ),
                {"id": move.work_order_id},
            ).first()
            if wo is None or wo.line_code != line_code:
                raise ExecutionFailed(f"{move.work_order_id} is not a work order on {line_code}")
            if wo.status != "released":
                raise ExecutionFailed(f"{move.work_order_id} is {wo.status}; it cannot move")
            if min(wo.planned_start, move.planned_start) < frozen_until:
                raise ExecutionFailed(
                    f"{move.work_order_id} is inside the {float(frozen_hours):g} h frozen horizon"
                    f" (until {frozen_until.isoformat()}); it cannot move"
                )
            self.conn.execute(
                text(
                    "UPDATE work_order SET sequence = :s, planned_start = :a, planned_end = :b"
                    " WHERE id = :id"
                ),
                {
                    "s": move.sequence,
                    "a": move.planned_start,
                    "b": move.planned_end,
                    "id": move.work_order_id,
                },
            )
        self._refuse_double_booking(line_code, [m.work_order_id for m in moves])
        return {"moved": [m.work_order_id for m in moves], "frozen_until": frozen_until}

    def _refuse_double_booking(self, line_code: str, moved: list[str]) -> None:
        """Fail (so nothing is written) if a moved WO now overlaps another open WO of the line."""
        # Checked against work_order as it is now: other changes may have landed since.
        clash = self.conn.execute(
            text(
                "SELECT a.id AS a_id, a.planned_start AS a_start, a.planned_end AS a_end,"
                " b.id AS b_id, b.planned_start AS b_start, b.planned_end AS b_end"
                " FROM work_order a JOIN work_order b ON b.line_code = a.line_code"
                " AND b.id <> a.id AND b.planned_start < a.planned_end"
                " AND a.planned_start < b.planned_end"
                " WHERE a.line_code = :line AND a.id = ANY(:moved)"
                " AND a.status IN ('released', 'started') AND b.status IN ('released', 'started')"
                " ORDER BY a.planned_start, b.planned_start LIMIT 1"
            ),
            {"line": line_code, "moved": moved},
        ).first()
        if clash is not None:
            raise ExecutionFailed(
                f"the new sequence would double-book {line_code}: {clash.a_id}"
                f" ({clash.a_start.isoformat()} to {clash.a_end.isoformat()}) overlaps"
                f" {clash.b_id} ({clash.b_start.isoformat()} to {clash.b_end.isoformat()});"
                " nothing was changed, propose the resequence again"
            )

    def open_quality_review(
        self, plant_code: str, item_code: str, lot: str, question: str, now: datetime
    ) -> dict[str, Any]:
        alert_id = self.conn.execute(
            text(
                "INSERT INTO alert (plant_code, kind, subject, opened_at)"
                " VALUES (:p, 'quality_review', :s, :now) RETURNING id"
            ),
            {"p": plant_code, "s": f"Quality review {item_code} lot {lot}: {question}", "now": now},
        ).scalar_one()
        return {"alert_id": alert_id}


Executor = Callable[[ErpAdapter, ProposalView, datetime], Outcome]


def _expedite(erp: ErpAdapter, p: ProposalView, now: datetime) -> Outcome:
    pl = ExpeditePayload.model_validate(p.payload)
    result = erp.expedite(pl.po_number, pl.line_no, pl.mode, p.cost, now)
    supplier = erp.po_supplier(pl.po_number)
    when = f" to arrive by {pl.new_date.isoformat()}" if pl.new_date else ""
    mail = _mail(
        erp,
        supplier,
        f"Expedite request {pl.po_number} line {pl.line_no}",
        f"Please ship {pl.qty:g} units of {pl.po_number} line {pl.line_no} by"
        f" {pl.mode}{when}. Premium freight approved: {money(p.cost)}.",
    )
    return result, [mail]


def _po_date_change(erp: ErpAdapter, p: ProposalView, now: datetime) -> Outcome:
    pl = PoDateChangePayload.model_validate(p.payload)
    result = erp.update_po_line_date(pl.po_number, pl.line_no, pl.new_promised_at, pl.new_qty)
    qty = f" and quantity {pl.new_qty:g}" if pl.new_qty is not None else ""
    mail = _mail(
        erp,
        erp.po_supplier(pl.po_number),
        f"Change to {pl.po_number} line {pl.line_no}",
        f"We have changed the promised date to {pl.new_promised_at.isoformat()}{qty}."
        f" {pl.reason}".strip(),
    )
    return result, [mail]


def _escalation(erp: ErpAdapter, p: ProposalView, now: datetime) -> Outcome:
    pl = SupplierEscalationPayload.model_validate(p.payload)
    recipients = pl.recipients or [erp.supplier_email(pl.supplier_code)]
    mail = {
        "channel": "email",
        "recipient": ", ".join(recipients),
        "subject": pl.subject,
        "body": pl.body,
        "payload": {
            "supplier_code": pl.supplier_code,
            "po_number": pl.po_number,
            "cc": p.payload.get("cc", []),
        },
    }
    return {"recipients": recipients}, [mail]


def _transfer(erp: ErpAdapter, p: ProposalView, now: datetime) -> Outcome:
    pl = TransferPayload.model_validate(p.payload)
    result = erp.transfer(pl.item_code, pl.from_plant, pl.to_plant, pl.qty, pl.lot, pl.location)
    note = {
        "channel": "internal",
        "recipient": f"logistics@{pl.from_plant}",
        "subject": f"Ship {pl.qty:g} {pl.item_code} to {pl.to_plant}",
        "body": f"Approved transfer {p.id}: {pl.qty:g} {pl.item_code} lot {result['lot']}"
        f" from {pl.from_plant} to {pl.to_plant}.",
        "payload": result,
    }
    return result, [note]


def _resequence(erp: ErpAdapter, p: ProposalView, now: datetime) -> Outcome:
    pl = ResequencePayload.model_validate(p.payload)
    result = erp.resequence(pl.line_code, pl.moves, now)
    note = {
        "channel": "internal",
        "recipient": f"line:{pl.line_code}",
        "subject": f"New sequence on {pl.line_code}",
        "body": f"Approved resequence {p.id} moved " + ", ".join(result["moved"]) + ".",
        "payload": {"moves": [m.model_dump(mode="json") for m in pl.moves]},
    }
    return result, [note]


def _quality_review(erp: ErpAdapter, p: ProposalView, now: datetime) -> Outcome:
    pl = QualityReviewPayload.model_validate(p.payload)
    result = erp.open_quality_review(p.plant_code, pl.item_code, pl.lot, pl.question, now)
    note = {
        "channel": "internal",
        "recipient": f"quality@{p.plant_code}",
        "subject": f"Quality review requested: {pl.item_code} lot {pl.lot}",
        "body": pl.question,
        "payload": result,
    }
    return result, [note]


def _mail(erp: ErpAdapter, supplier_code: str, subject: str, body: str) -> dict[str, Any]:
    return {
        "channel": "email",
        "recipient": erp.supplier_email(supplier_code),
        "subject": subject,
        "body": body,
        "payload": {"supplier_code": supplier_code},
    }


EXECUTORS: dict[str, Executor] = {
    "expedite_po": _expedite,
    "po_date_change": _po_date_change,
    "supplier_escalation": _escalation,
    "transfer_inventory": _transfer,
    "resequence": _resequence,
    "quality_review": _quality_review,
}


def execute_proposal(
    conn: Connection, proposal: ProposalView, now: datetime, erp: ErpAdapter | None = None
) -> dict[str, Any]:
    """Apply the proposal via the ERP adapter and queue its messages in `conn`'s transaction."""
    parse_payload(proposal.kind, proposal.payload)
    result, messages = EXECUTORS[proposal.kind](erp or DatabaseErp(conn), proposal, now)
    for n, m in enumerate(messages, start=1):
        enqueue(
            conn,
            OutboundMessage(idempotency_key=f"{proposal.id}/{n}", proposal_id=proposal.id, **m),
            now,
        )
    return {**result, "messages": len(messages)}
