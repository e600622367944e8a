"""`lineside audit verify|tail`: check the hash chain and read the newest records."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from domain.db.engine import get_engine
from governance.audit import audit_lookup, verify_chain

audit_app = typer.Typer(help="Verify and read the tamper-evident audit log.", no_args_is_help=True)
console = Console()


@audit_app.command("verify")
def verify_command() -> None:
    """Walk the chain; exit 1 and name the first broken record if anything was changed."""
    report = verify_chain(get_engine())
    if report.ok:
        console.print(f"[green]audit chain OK[/green]: {report.reason}")
        return
    console.print(
        f"[red]audit chain BROKEN at record {report.first_broken_id}[/red]"
        f" after {report.checked} checked: {report.reason}"
    )
    raise typer.Exit(code=1)


@audit_app.command("tail")
def tail_command(
    n: Annotated[int, typer.Option("-n", help="How many records.")] = 20,
    thread: Annotated[str | None, typer.Option(help="Only this thread.")] = None,
    actor: Annotated[str | None, typer.Option(help="Only this user.")] = None,
    tool: Annotated[str | None, typer.Option(help="Only this tool or proposal kind.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The newest audit records, oldest of them first."""
    records = list(reversed(audit_lookup(get_engine(), thread, actor, tool, n)))
    if as_json:
        typer.echo(json.dumps([r.to_dict() for r in records], indent=2))
        return
    table = Table(title="Audit log")
    for column in ("Id", "At (UTC)", "Kind", "Actor", "Tool", "Outcome", "ms", "Detail"):
        table.add_column(column)
    for r in records:
        table.add_row(
            str(r.id),
            r.at.strftime("%Y-%m-%d %H:%M:%S"),
            r.kind,
            r.actor,
            r.tool or "",
            r.outcome,
            "" if r.latency_ms is None else f"{r.latency_ms:.2f}",
            r.detail[:60],
        )
    console.print(table)
