"""The `lineside` command starts without importing the benchmarks or the embedding model."""

from __future__ import annotations

import subprocess
import sys


def test_the_cli_does_not_import_benchmarks_or_torch_at_start() -> None:
    probe = (
        "import sys, cli.main; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('benchmarks', 'torch')))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
