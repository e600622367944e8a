"""`lineside worker [--once] [--concurrency N]`: a procrastinate worker on Lineside's queue."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Annotated

import typer

from domain.db.engine import get_engine

Once = Annotated[
    bool, typer.Option("--once", help="Queue what is due now, work until the queue is empty, exit.")
]
Concurrency = Annotated[
    int, typer.Option("--concurrency", min=1, max=64, help="Jobs this worker runs at once.")
]
Poll = Annotated[
    float, typer.Option("--poll", min=0.1, help="Seconds between polls when nothing is notified.")
]


def worker_command(once: Once = False, concurrency: Concurrency = 1, poll: Poll = 1.0) -> None:
    """Send outbound messages, expire proposals, run queued agent turns; several may run at once."""
    from governance import jobs
    from governance.queue import bind_queue

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    logging.getLogger("procrastinate").setLevel(logging.WARNING)
    engine = get_engine()
    app = bind_queue(engine)
    try:
        if once:
            with app.open():
                jobs.queue_unsent(engine)
                jobs.queue_expiry()
        typer.echo("worker: started" + (" (until the queue is empty)" if once else ""))
        app.run_worker(
            wait=not once,
            concurrency=concurrency,
            fetch_job_polling_interval=poll,
            install_signal_handlers=not once,
        )
    except KeyboardInterrupt:
        pass
    finally:
        engine.dispose()
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    summary = (
        f"{jobs.done['sent']} outbound message(s) sent, {jobs.done['expired']} proposal(s) expired"
    )
    typer.echo(f"{stamp} worker: {summary}" if once else f"worker: stopped ({summary})")
