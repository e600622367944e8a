"""`lineside jobs list [--failed] | retry ID`: what the background queue holds, and retrying it."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cli.errors import user_error
from domain.db.engine import get_engine

jobs_app = typer.Typer(
    help="Background jobs on the queue: list them, retry failed ones.", no_args_is_help=True
)
console = Console()
STATUSES = ("todo", "doing", "succeeded", "failed", "cancelled", "aborted")


@jobs_app.command("list")
def list_command(
    failed: Annotated[
        bool, typer.Option("--failed", help="Only jobs that failed for good.")
    ] = False,
    status: Annotated[str | None, typer.Option(help="todo, doing, succeeded, failed...")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Jobs newest first: task, status, attempts, arguments."""
    from governance.queue import list_jobs

    wanted = "failed" if failed else status
    if wanted is not None and wanted not in STATUSES:
        raise user_error(f"unknown status {wanted!r}; use one of {', '.join(STATUSES)}")
    rows = list_jobs(get_engine(), wanted, limit)
    if as_json:
        typer.echo(json.dumps([asdict(r) for r in rows], indent=2, default=str))
        return
    table = Table(title="Jobs" + (f" ({wanted})" if wanted else ""))
    for column in ("Id", "Task", "Status", "Attempts", "Queue", "Arguments", "Scheduled"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            str(r.id),
            r.task,
            r.status,
            str(r.attempts),
            r.queue,
            json.dumps(r.args, default=str),
            r.scheduled_at or "",
        )
    console.print(table)


@jobs_app.command("retry")
def retry_command(job_id: int) -> None:
    """Put a failed job back in the queue to run now."""
    from governance.queue import bind_queue, list_jobs, retry_job

    engine = get_engine()
    app = bind_queue(engine)
    found = list_jobs(engine, job_id=job_id)
    if not found:
        raise user_error(f"no job {job_id}; `lineside jobs list --failed` shows the failed ones")
    if found[0].status != "failed":
        raise user_error(f"job {job_id} is {found[0].status}, not failed: nothing to retry")
    with app.open():
        retry_job(job_id)
    console.print(f"job {job_id} ({found[0].task}) queued again")
