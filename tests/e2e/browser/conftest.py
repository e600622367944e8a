"""A real browser against the real app: uvicorn on 127.0.0.1 over a copy of the demo, Chromium.

One server per test module, one browser per session. Chromium is Debian's `chromium` package
(`make test` installs it in CI); without it these tests are skipped with a message saying so.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect
from sqlalchemy import Engine, create_engine, pool

from domain.db.engine import database_url, drop_database, ensure_database

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"  # git-ignored
ROOT = Path(__file__).resolve().parents[3]
APP_FACTORY = "api.app:app_from_environment"  # the service itself, as `lineside serve` runs it
SERVER_START_S = 60.0
# Assertions wait this long for the page by default: the suite shares two cores with CI.
expect.set_options(timeout=15_000)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def console_db(demo_template: str) -> Iterator[Engine]:
    """The module's private copy of the demo, which its console server serves."""
    name = f"lineside_t_console_{uuid.uuid4().hex[:10]}"
    ensure_database(name, template=demo_template)
    engine = create_engine(database_url(name), poolclass=pool.NullPool)
    try:
        yield engine
    finally:
        engine.dispose()
        drop_database(name)


@pytest.fixture(scope="module")
def console_url(console_db: Engine) -> Iterator[str]:
    """The console's base URL, served by uvicorn in a subprocess over the module's demo copy."""
    port = _free_port()
    url = console_db.url.render_as_string(hide_password=False)
    env = {**os.environ, "LINESIDE_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # The server's own log, beside the screenshots, for a failure's post-mortem.
    log = (SCREENSHOTS / f"server-{port}.log").open("w+b")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", APP_FACTORY, "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            if server.poll() is not None:
                log.seek(0)
                pytest.fail("the console server did not start:\n" + log.read().decode()[-3000:])
            try:
                if httpx.get(f"{base}/console/signin", timeout=2.0).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the console server did not answer within {SERVER_START_S:.0f}s")
            time.sleep(0.2)
        yield f"{base}/console"
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)
        log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Chromium from Debian's package, headless, in a fresh temporary profile."""
    if not CHROMIUM.exists():
        pytest.skip(
            "browser tests need Debian's chromium at /usr/bin/chromium: `apt-get install -y "
            "chromium` (make test does it when run as root)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
