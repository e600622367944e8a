"""`lineside schedule jobshop` prints the JSON keys the README documents."""

import json
from pathlib import Path

from typer.testing import CliRunner

from cli.schedule import schedule_app

# A copy of the classic instance, so the suite runs without ../shared.
FT06 = Path(__file__).resolve().parents[1] / "data" / "jobshop" / "ft06.txt"


def test_jobshop_json_reproduces_ft06() -> None:
    result = CliRunner().invoke(
        schedule_app, ["jobshop", str(FT06), "--time-limit", "60", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"makespan", "lower_bound", "status", "seconds"}
    assert (data["makespan"], data["lower_bound"], data["status"]) == (55, 55, "OPTIMAL")


def test_jobshop_bad_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("1 2\n0 3 1 -4\n")
    result = CliRunner().invoke(schedule_app, ["jobshop", str(bad)])
    assert result.exit_code == 2
    assert "negative duration (-4)" in result.output
