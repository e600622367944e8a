"""Executors: apply an approved proposal to the ERP and queue its outbound messages."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Connection

from domain import commands
from domain.commands import CommandRefused
from domain.formatting import money, plant_time
from domain.planning.repository import plant_timezone
from domain.scheduling.slots import SlotMove
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

    def plant_timezone(self, plant_code: str) -> str: ...

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


@contextmanager
def _refused_as_failure() -> Iterator[None]:
    """A domain command's refusal is the executor's failure (the decision rolls back)."""
    try:
        yield
    except CommandRefused as err:
        raise ExecutionFailed(str(err)) from err


class DatabaseErp:
    """The demo's ERP: Lineside's own domain commands, in the approval's one transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def supplier_email(self, supplier_code: str) -> str:
        with _refused_as_failure():
            return commands.supplier_email(self.conn, supplier_code)

    def po_supplier(self, po_number: str) -> str:
        with _refused_as_failure():
            return commands.po_supplier(self.conn, po_number)

    def plant_timezone(self, plant_code: str) -> str:
        return plant_timezone(self.conn, plant_code)

    def update_po_line_date(
        self, po_number: str, line_no: int, new_promised_at: datetime, new_qty: float | None
    ) -> dict[str, Any]:
        with _refused_as_failure():
            return commands.change_po_line_date(
                self.conn, po_number, line_no, new_promised_at, new_qty
            )

    def expedite(
        self, po_number: str, line_no: int, mode: str, cost: float, approved_at: datetime
    ) -> dict[str, Any]:
        with _refused_as_failure():
            return commands.book_premium_freight(
                self.conn, po_number, line_no, mode, cost, approved_at
            )

    def transfer(
        self,
        item_code: str,
        from_plant: str,
        to_plant: str,
        qty: float,
        lot: str | None,
        location: str,
    ) -> dict[str, Any]:
        with _refused_as_failure():
            return commands.transfer_stock(
                self.conn, item_code, from_plant, to_plant, qty, lot, location
            )

    def resequence(
        self, line_code: str, moves: list[ResequenceMove], now: datetime
    ) -> dict[str, Any]:
        slots = [SlotMove(m.work_order_id, m.sequence, m.planned_start, m.planned_end)
                 for m in moves]  # fmt: skip
        with _refused_as_failure():
            return commands.apply_resequence(self.conn, line_code, slots, now)

    def open_quality_review(
        self, plant_code: str, item_code: str, lot: str, question: str, now: datetime
    ) -> dict[str, Any]:
        with _refused_as_failure():
            return commands.open_quality_review(
                self.conn, plant_code, item_code, lot, question, now
            )


Executor = Callable[[ErpAdapter, ProposalView, datetime], Outcome]


def _expedite(erp: ErpAdapter, p: ProposalView, now: datetime) -> Outcome:
    pl = ExpeditePayload.model_validate(p.payload)
    result = erp.expedite(pl.po_number, pl.line_no, pl.mode, p.cost, now)
    supplier = erp.po_supplier(pl.po_number)
    tz = erp.plant_timezone(p.plant_code)
    when = f" to arrive by {plant_time(pl.new_date, tz, zone=True)}" if pl.new_date else ""
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
        "We have changed the promised date to"
        f" {plant_time(pl.new_promised_at, erp.plant_timezone(p.plant_code), zone=True)}{qty}."
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
