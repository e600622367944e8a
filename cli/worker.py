"""`lineside worker [--once] [--interval S]`: the background pass, once or on a timer."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Annotated

import typer

from domain.db.engine import get_engine
from governance.worker import run_pass

Once = Annotated[bool, typer.Option("--once", help="Run one pass and exit.")]
Interval = Annotated[
    float, typer.Option("--interval", min=0.1, help="Seconds between passes when looping.")
]
Limit = Annotated[int, typer.Option("--limit", min=1, help="Most messages sent per pass.")]


def worker_command(once: Once = False, interval: Interval = 5.0, limit: Limit = 100) -> None:
    """Send queued outbound messages and expire overdue proposals; several may run at once."""
    engine = get_engine()
    try:
        while True:
            done = run_pass(engine, limit=limit)
            # Looping quietly when idle keeps the log about work, not heartbeats.
            if once or done.sent or done.expired:
                stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
                typer.echo(f"{stamp} worker: {done.summary()}")
            if once:
                return
            # A full batch means more may be waiting: go again without sleeping.
            if done.sent < limit:
                time.sleep(interval)
    except KeyboardInterrupt:
        typer.echo("worker: stopped")
    finally:
        engine.dispose()
