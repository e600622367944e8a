"""Run the installed `lineside` console script in a subprocess against one test database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

LINESIDE = Path(sys.executable).parent / "lineside"


def url_of(engine: Engine) -> str:
    """The engine's URL with its password, as LINESIDE_DATABASE_URL needs it."""
    return engine.url.render_as_string(hide_password=False)


def lineside(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`lineside ARGS` with LINESIDE_DATABASE_URL=url, a wide terminal and no colour."""
    env = {**os.environ, "LINESIDE_DATABASE_URL": url, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run(
        [str(LINESIDE), *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def lineside_json(url: str, *args: str) -> Any:
    """`lineside ARGS --json`, which must succeed, parsed."""
    done = lineside(url, *args, "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout)
