"""The JSON report for machines, and reading one back."""

from __future__ import annotations

from pathlib import Path

from evals.runner import Report


def write_json(report: Report, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report.model_dump_json(indent=2), encoding="utf-8")
    return path


def read_json(path: Path) -> Report:
    return Report.model_validate_json(path.read_text(encoding="utf-8"))
