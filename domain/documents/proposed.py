"""Proposed events from supplier documents: extracted, shown to the buyer, applied on confirm.

Nothing is applied straight from text: a document becomes a row in events.proposed_event
holding the extraction (each value with its evidence) and the CloudEvent it would be; the
buyer confirms it (optionally correcting fields) and only then does it go through the ingest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, text

from domain.alerts.store import to_json
from domain.clock import as_of
from domain.documents.extract import Extraction, extract
from domain.documents.pdf import DocumentError, document_text
from domain.events.envelope import EventValidationError, make_event, parse_event
from domain.events.ingest import EventAudit, EventOutcome, ingest

SOURCE = "lineside/documents"
CONFIRMERS = ("buyer", "plant_manager", "admin")


@dataclass(frozen=True)
class ProposedEvent:
    id: str
    document_kind: str
    document_ref: str
    plant: str
    status: str
    proposed_by: str
    created_at: datetime
    extracted: dict[str, Any]
    event: dict[str, Any]
    decided_by: str | None
    decided_at: datetime | None
    outcome: dict[str, Any] | None

    def as_dict(self) -> dict[str, Any]:
        return {
            k: v.isoformat() if isinstance(v, datetime) else v for k, v in self.__dict__.items()
        }


def _po_context(conn: Connection, po_number: str) -> tuple[str, str, list[int]]:
    row = conn.execute(
        text(
            "SELECT po.plant_code, p.timezone FROM purchase_order po"
            " JOIN plant p ON p.code = po.plant_code WHERE po.po_number = :po"
        ),
        {"po": po_number},
    ).first()
    if row is None:
        raise DocumentError(f"the document names {po_number}, which Lineside does not hold")
    lines = conn.execute(
        text("SELECT line_no FROM po_line WHERE po_number = :po ORDER BY line_no"),
        {"po": po_number},
    )
    return str(row[0]), str(row[1]), [int(r[0]) for r in lines]


def _event_data(x: Extraction, lines: list[int]) -> tuple[str, dict[str, Any]]:
    """The event type and data the extraction says; DocumentError names what is missing."""
    po, qty = x.value("po_number"), x.value("qty")
    line = x.value("line_no") or (lines[0] if len(lines) == 1 else None)
    when = x.value("delivery_at") or x.value("eta")
    asn = x.value("asn_number")
    missing = [n for n, v in (("PO line", line), ("date", when)) if v is None]
    if asn and x.kind != "confirmation":
        if missing == ["PO line"]:
            missing = []
        if missing:
            raise DocumentError(f"could not find the {', '.join(missing)} in the document")
        data: dict[str, Any] = {"asn_number": asn, "eta": when}
        if line is not None and qty is not None:
            data |= {"po_number": po, "line_no": line, "qty": qty}
        return "asn.updated", data
    if qty is None:
        missing.insert(0, "quantity")
    if missing:
        raise DocumentError(f"could not find the {', '.join(missing)} in the document")
    scope = x.value("scope") or "complete"
    return "confirmation.received", {
        "po_number": po, "line_no": line, "scope": scope,
        "schedule": [{"qty": qty, "delivery_at": when}],
    }  # fmt: skip


def propose_from_text(
    engine: Engine, body: str, *, proposed_by: str, ref: str, sent_at: datetime | None = None
) -> ProposedEvent:
    """Extract a document's values and store the event they make as a proposal."""
    sent = sent_at or as_of(engine)
    first = extract(body, sent, "UTC")
    po = first.value("po_number")
    if po is None:
        raise DocumentError("no PO number found in the document (e.g. 'PO-7781')")
    with engine.begin() as conn:
        plant, timezone, lines = _po_context(conn, str(po))
        x = extract(body, sent, timezone)
        kind, data = _event_data(x, lines)
        number = conn.execute(text("SELECT nextval('events.proposed_event_seq')")).scalar_one()
        pid = f"PE-{int(number):06d}"
        event = make_event(kind, data, source=SOURCE, id=pid, time=sent)
        try:
            parse_event(event)
        except EventValidationError as err:
            raise DocumentError(f"the extracted values do not make a valid event: {err}") from err
        extracted = {
            "kind": x.kind,
            "fields": {k: {"value": f.value, "evidence": f.evidence} for k, f in x.fields.items()},
            "notes": x.notes,
        }
        conn.execute(
            text(
                "INSERT INTO events.proposed_event (id, document_kind, document_ref,"
                " document_text, extracted, event, plant_code, status, proposed_by, created_at)"
                " VALUES (:id, :k, :ref, :body, CAST(:x AS jsonb), CAST(:e AS jsonb), :p,"
                " 'proposed', :by, now())"
            ),
            {"id": pid, "k": x.kind, "ref": ref, "body": body, "x": to_json(extracted),
             "e": to_json(event), "p": plant, "by": proposed_by},
        )  # fmt: skip
    return get_proposed(engine, pid)


def propose_from_document(
    engine: Engine, data: bytes, *, proposed_by: str, ref: str, sent_at: datetime | None = None
) -> ProposedEvent:
    """A PDF or e-mail/text file's proposal (see propose_from_text)."""
    return propose_from_text(
        engine, document_text(data), proposed_by=proposed_by, ref=ref, sent_at=sent_at
    )


def propose_from_message(engine: Engine, message_id: int, *, proposed_by: str) -> ProposedEvent:
    """A proposal from stored supplier correspondence (subject and body, as sent)."""
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT subject, body, sent_at FROM supplier_message WHERE id = :i"),
            {"i": message_id},
        ).first()
    if row is None:
        raise DocumentError(f"no supplier message {message_id}")
    return propose_from_text(
        engine, f"Subject: {row[0]}\n\n{row[1]}", proposed_by=proposed_by,
        ref=f"supplier_message:{message_id}", sent_at=row[2],
    )  # fmt: skip


_SELECT = (
    "SELECT id, document_kind, document_ref, plant_code, status, proposed_by, created_at,"
    " extracted, event, decided_by, decided_at, outcome FROM events.proposed_event"
)


def get_proposed(engine: Engine, pid: str) -> ProposedEvent:
    with engine.connect() as conn:
        row = conn.execute(text(_SELECT + " WHERE id = :id"), {"id": pid}).first()
    if row is None:
        raise DocumentError(f"no proposed event {pid}")
    return ProposedEvent(*row)


def list_proposed(
    engine: Engine, plants: list[str] | None, status: str | None = "proposed"
) -> list[ProposedEvent]:
    """Proposed events at `plants` (None: all), newest first."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                _SELECT + " WHERE (CAST(:st AS text) IS NULL OR status = :st)"
                " AND (CAST(:plants AS text[]) IS NULL OR plant_code = ANY(:plants))"
                " ORDER BY created_at DESC, id DESC"
            ),
            {"st": status, "plants": plants},
        ).all()
    return [ProposedEvent(*r) for r in rows]


def _decider(conn: Connection, username: str, plant: str) -> None:
    row = conn.execute(
        text("SELECT role, plant_scope FROM app_user WHERE username = :u"), {"u": username}
    ).first()
    if row is None:
        raise DocumentError(f"no Lineside user named {username!r}")
    role, scope = row
    if role not in CONFIRMERS or not (plant in scope or "*" in scope):
        raise DocumentError(
            f"{username} ({role}) may not decide proposed events at {plant}: a buyer or plant "
            f"manager of {plant} confirms them"
        )


def confirm_proposed(
    engine: Engine, pid: str, username: str, audit: EventAudit,
    edits: dict[str, Any] | None = None, now: datetime | None = None,
) -> tuple[ProposedEvent, EventOutcome]:  # fmt: skip
    """The buyer confirms (optionally correcting data fields): the event is ingested now."""
    proposal = get_proposed(engine, pid)
    if proposal.status != "proposed":
        raise DocumentError(f"{pid} is already {proposal.status}")
    with engine.connect() as conn:
        _decider(conn, username, proposal.plant)
    envelope = dict(proposal.event)
    if edits:
        envelope["data"] = {**envelope["data"], **edits}
    try:
        event = parse_event(envelope)
    except EventValidationError as err:
        raise DocumentError(f"the corrected event is not valid: {err}") from err
    [outcome] = ingest(engine, [event], audit, now)
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE events.proposed_event SET status = 'confirmed', decided_by = :u,"
                " decided_at = now(), event = CAST(:e AS jsonb), outcome = CAST(:o AS jsonb)"
                " WHERE id = :id"
            ),
            {"u": username, "e": to_json(event.envelope), "o": to_json(outcome.as_dict()),
             "id": pid},
        )  # fmt: skip
    return get_proposed(engine, pid), outcome


def reject_proposed(engine: Engine, pid: str, username: str) -> ProposedEvent:
    """The buyer says the extraction is wrong or not to be applied: nothing changes."""
    proposal = get_proposed(engine, pid)
    if proposal.status != "proposed":
        raise DocumentError(f"{pid} is already {proposal.status}")
    with engine.begin() as conn:
        _decider(conn, username, proposal.plant)
        conn.execute(
            text(
                "UPDATE events.proposed_event SET status = 'rejected', decided_by = :u,"
                " decided_at = now() WHERE id = :id"
            ),
            {"u": username, "id": pid},
        )
    return get_proposed(engine, pid)
