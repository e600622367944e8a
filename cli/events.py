"""`lineside events ...`: events in from files and supplier documents; dead letters out."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli.errors import user_error
from domain.db.engine import get_engine
from domain.documents.pdf import DocumentError
from domain.documents.proposed import (
    ProposedEvent,
    confirm_proposed,
    list_proposed,
    propose_from_document,
    propose_from_message,
    reject_proposed,
)
from domain.events.files import BatchValidationError, read_events
from domain.events.ingest import EventOutcome, dead_letters, ingest, replay
from domain.events.schema import event_schema
from governance.errors import UnknownIdentity
from governance.event_audit import audit_event
from governance.identity import get_actor

events_app = typer.Typer(
    help="Supplier, logistics, quality and shop-floor events: ingest, replay, dead letters.",
    no_args_is_help=True,
)
console = Console()
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _outcomes(outcomes: list[EventOutcome], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps([o.as_dict() for o in outcomes], indent=2, default=str))
        return
    counts: dict[str, int] = {}
    for o in outcomes:
        key = "duplicate" if o.duplicate else o.outcome
        counts[key] = counts.get(key, 0) + 1
    console.print(", ".join(f"{n} {k}" for k, n in counts.items()) or "no events")
    for o in outcomes:
        if o.outcome == "dead_letter" and not o.duplicate:
            console.print(f"[yellow]dead letter[/yellow] {o.source}#{o.id}: {o.detail}")
        for alert in o.result.get("alerts_raised", []):
            console.print(f"[red]alert {alert['id']}[/red] to {alert['owner']}: {alert['subject']}")


@events_app.command("ingest")
def ingest_command(
    file: Annotated[
        Path, typer.Argument(help="JSON lines (one CloudEvent a line) or X12 855/856.")
    ],
    timezone: Annotated[
        str, typer.Option(help="Zone of X12 times that carry no time code.")
    ] = "America/Detroit",
    as_json: AsJson = False,
) -> None:
    """Apply every event of FILE in order; a malformed file applies nothing and says why."""
    if not file.is_file():
        raise user_error(f"no such file: {file}")
    try:
        events = read_events(file.read_text(encoding="utf-8"), timezone)
    except BatchValidationError as err:
        for e in err.errors:
            typer.secho(f"line {e.index}: {e}" if e.index else str(e), fg="red", err=True)
        raise user_error(
            f"{len(err.errors)} malformed event(s) in {file}; nothing applied"
        ) from None
    engine = get_engine()
    outcomes: list[EventOutcome] = []
    columns = (TextColumn("events"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=as_json, disable=as_json) as bar:
        task = bar.add_task("events", total=len(events))
        for event in events:
            outcomes += ingest(engine, [event], audit_event)
            bar.advance(task)
    _outcomes(outcomes, as_json)


@events_app.command("replay")
def replay_command(
    ids: Annotated[
        list[int] | None, typer.Argument(help="Dead-letter ids (default: every waiting one).")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Apply waiting dead letters again, e.g. once the PO they name exists."""
    _outcomes(replay(get_engine(), ids or None, audit_event), as_json)


@events_app.command("dead-letters")
def dead_letters_command(
    every: Annotated[bool, typer.Option("--all", help="Replayed ones too.")] = False,
    as_json: AsJson = False,
) -> None:
    """Events that validated but could not be applied, with their reasons."""
    letters = dead_letters(get_engine(), None if every else "waiting")
    if as_json:
        typer.echo(json.dumps([d.__dict__ for d in letters], indent=2, default=str))
        return
    table = Table(title="Dead letters")
    for column in ("Id", "Event", "Type", "Object", "Reason", "Status", "Tries"):
        table.add_column(column)
    for d in letters:
        table.add_row(str(d.id), f"{d.source}#{d.event_id}", d.type, d.subject, d.reason,
                      d.status, str(d.attempts))  # fmt: skip
    console.print(table)


@events_app.command("schema")
def schema_command() -> None:
    """The JSON Schema of every event type (the same as GET /v1/events/schema)."""
    typer.echo(json.dumps(event_schema(), indent=2))


AsUser = Annotated[str, typer.Option("--as", help="The Lineside user (e.g. dana.kim).")]


def _proposal_line(p: ProposedEvent) -> str:
    data = p.event.get("data", {})
    fields = ", ".join(f"{k}={v}" for k, v in data.items())
    return f"{p.id} [{p.status}] {p.document_kind} → {p.event.get('type')}: {fields}"


@events_app.command("propose")
def propose_command(
    as_user: AsUser,
    file: Annotated[Path | None, typer.Argument(help="A supplier e-mail, text or PDF.")] = None,
    message: Annotated[
        int | None, typer.Option(help="A stored supplier message id instead of a file.")
    ] = None,
    sent_at: Annotated[
        str | None, typer.Option(help="When the document was sent (ISO 8601), for its dates.")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Read a supplier document into a *proposed* event; nothing is applied until confirmed."""
    engine = get_engine()
    try:
        sent = datetime.fromisoformat(sent_at) if sent_at else None
        if sent is not None and sent.tzinfo is None:
            raise DocumentError(f"--sent-at {sent_at!r} needs a UTC offset, e.g. -05:00")
        if message is not None:
            proposal = propose_from_message(engine, message, proposed_by=as_user)
        elif file is not None and file.is_file():
            proposal = propose_from_document(
                engine, file.read_bytes(), proposed_by=as_user, ref=file.name, sent_at=sent
            )
        else:
            raise DocumentError(f"give a document file that exists or --message ID (got {file})")
    except (DocumentError, ValueError) as err:
        raise user_error(err) from None
    if as_json:
        typer.echo(json.dumps(proposal.as_dict(), indent=2, default=str))
    else:
        console.print(_proposal_line(proposal))
        console.print(f"confirm with: lineside events confirm {proposal.id} --as {as_user}")


@events_app.command("proposed")
def proposed_command(as_user: AsUser, as_json: AsJson = False) -> None:
    """Proposed events from supplier documents waiting at your plants."""
    try:
        actor = get_actor(get_engine(), as_user)
    except UnknownIdentity as err:
        raise user_error(err) from None
    plants = None if actor.all_plants else list(actor.plant_scope)
    waiting = list_proposed(get_engine(), plants)
    if as_json:
        typer.echo(json.dumps([p.as_dict() for p in waiting], indent=2, default=str))
        return
    for p in waiting:
        console.print(_proposal_line(p))
    if not waiting:
        console.print("no proposed events waiting")


@events_app.command("confirm")
def confirm_command(
    proposal_id: str,
    as_user: AsUser,
    edit: Annotated[
        str | None, typer.Option(help="Corrected data fields as JSON, e.g. '{\"line_no\": 2}'.")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Confirm a proposed event (optionally corrected): it is applied through the ingest."""
    try:
        edits = json.loads(edit) if edit else None
        _, outcome = confirm_proposed(get_engine(), proposal_id, as_user, audit_event, edits)
    except (DocumentError, ValueError) as err:
        raise user_error(err) from None
    _outcomes([outcome], as_json)


@events_app.command("reject")
def reject_command(proposal_id: str, as_user: AsUser) -> None:
    """Reject a proposed event: nothing is applied."""
    try:
        done = reject_proposed(get_engine(), proposal_id, as_user)
    except DocumentError as err:
        raise user_error(err) from None
    typer.echo(f"{done.id}: {done.status}")
