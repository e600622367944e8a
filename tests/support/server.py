"""`lineside serve` in a subprocess on 127.0.0.1 (real uvicorn, real HTTP) over a test database."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import Engine

from api.auth import issue_demo_token
from domain.settings import ApiSettings
from tests.support.cli import LINESIDE, url_of


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A running service: its base URL and how to sign in as a demo user."""

    base_url: str
    settings: ApiSettings
    process: subprocess.Popen[str]

    def token(self, username: str) -> str:
        return issue_demo_token(self.settings, username)

    def headers(self, username: str, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(username)}", **extra}

    def client(self, username: str | None = None, timeout: float = 300.0) -> httpx.Client:
        headers = self.headers(username) if username else {}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=timeout)


def _wait_ready(base_url: str, process: subprocess.Popen[str], timeout_s: float, log: Path) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out = log.read_text()
            raise RuntimeError(f"lineside serve exited with {process.returncode}:\n{out}")
        try:
            if httpx.get(base_url + "/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise TimeoutError(
        f"lineside serve did not answer /healthz within {timeout_s} s:\n{log.read_text()[-3000:]}"
    )


@contextmanager
def serve(
    db: Engine, key_dir: Path, *args: str, env: dict[str, str] | None = None, port: int = 0
) -> Iterator[Server]:
    """`lineside serve` on a free port; stopped with SIGINT (as Ctrl-C) at the end."""
    port = port or free_port()
    settings = ApiSettings(demo_key_file=key_dir / "demo-key.pem")
    environment = {
        **os.environ,
        "LINESIDE_DATABASE_URL": url_of(db),
        "LINESIDE_API_DEMO_KEY_FILE": str(settings.demo_key_file),
        "NO_COLOR": "1",
        **(env or {}),
    }
    # A file, not a pipe: nobody reads a pipe while the test runs, and a full one blocks uvicorn.
    log = (key_dir / f"serve-{port}.log").open("w")
    process = subprocess.Popen(
        [str(LINESIDE), "serve", "--host", "127.0.0.1", "--port", str(port), *args],
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base_url, process, 300.0, Path(log.name))
        yield Server(base_url, settings, process)
    finally:
        stop(process)
        log.close()


def stop(process: subprocess.Popen[str]) -> None:
    """Ctrl-C the server and wait."""
    if process.poll() is None:
        process.send_signal(2)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
