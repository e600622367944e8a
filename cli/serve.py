"""`lineside serve --host H --port P [--workers N] [--with-worker]`: the HTTP API under uvicorn."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer

Host = Annotated[str, typer.Option("--host", help="Interface to listen on.")]
Port = Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")]
Workers = Annotated[int, typer.Option("--workers", min=1, max=64, help="uvicorn worker processes.")]
WithWorker = Annotated[
    bool, typer.Option("--with-worker", help="Also run one queue worker (`lineside worker`).")
]


def _queue_worker() -> subprocess.Popen[bytes]:
    lineside = Path(sys.executable).parent / "lineside"
    command = [str(lineside)] if lineside.exists() else [sys.executable, "-m", "cli.main"]
    # Its own session: Ctrl-C reaches it once, from serve, after the API has stopped.
    return subprocess.Popen([*command, "worker"], start_new_session=True)


def _banner(host: str, port: int, workers: int, with_worker: bool) -> None:
    from domain.settings import get_settings

    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown}:{port}"
    queue = " and one queue worker" if with_worker else ""
    typer.echo(f"Lineside API: {url}  ({workers} worker process(es){queue})")
    typer.echo(f"API docs:     {url}/docs")
    if get_settings().demo.mode:
        typer.echo("Demo tokens:  .venv/bin/lineside users tokens   (one per demo user)")
        typer.echo("Try:          TOKEN=$(.venv/bin/lineside users tokens --user dana.kim)")
        typer.echo(f'              curl -H "Authorization: Bearer $TOKEN" {url}/v1/proposals')
    typer.echo("Ctrl-C stops everything.")


def serve_command(
    host: Host = "127.0.0.1",
    port: Port = 8000,
    workers: Workers = 1,
    with_worker: WithWorker = False,
) -> None:
    """Serve the API (OpenAPI docs at /docs); Ctrl-C stops it and its queue worker."""
    import uvicorn

    from domain.db.engine import get_engine
    from domain.settings import get_settings

    get_engine().dispose()  # starts the embedded server once, before the workers fork
    # Each worker builds its agent before it takes requests (the first turn pays nothing).
    os.environ.setdefault("LINESIDE_API_WARM_UP", "1")
    metrics_dir = None
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # uvicorn workers are processes: their metrics are summed through files here.
        metrics_dir = tempfile.mkdtemp(prefix="lineside-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    worker = _queue_worker() if with_worker else None
    _banner(host, port, workers, with_worker)
    try:
        uvicorn.run(
            "api.app:app_from_environment",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="info",
            timeout_graceful_shutdown=10,
            timeout_worker_healthcheck=get_settings().api.worker_healthcheck_s,
        )
    finally:
        if worker is not None and worker.poll() is None:
            worker.send_signal(signal.SIGINT)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
        if metrics_dir:
            shutil.rmtree(metrics_dir, ignore_errors=True)
