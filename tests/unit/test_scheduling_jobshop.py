"""Job-shop parsing and solving with the shared scheduling model."""

from pathlib import Path

import pytest

from domain.scheduling.jobshop import (
    InstanceFormatError,
    load_instance,
    parse_instance,
    solve_jobshop,
)

# A copy of the classic instance, so the suite runs without ../shared.
BENCH = Path(__file__).resolve().parents[1] / "data" / "jobshop"
FT06 = BENCH / "ft06.txt"


def test_ft06_header_and_known_optimum_are_read() -> None:
    instance = load_instance(FT06)
    assert (len(instance.jobs), instance.machines) == (6, 6)
    assert instance.optimum == 55
    assert instance.jobs[0][0] == (2, 1)


def test_ft06_optimum_is_reproduced() -> None:
    result = solve_jobshop(load_instance(FT06), time_limit=60, workers=2)
    assert result.makespan == 55
    assert result.status == "OPTIMAL"
    assert result.lower_bound == 55


def test_solution_respects_precedence_and_machines() -> None:
    instance = parse_instance("2 2\n0 3 1 2\n0 2 1 4\n")
    result = solve_jobshop(instance, time_limit=10)
    ops = result.solution.operations
    by_machine: dict[str, list[tuple[int, int]]] = {}
    for op in ops:
        by_machine.setdefault(op.work_centre, []).append((op.start, op.end))
    for spans in by_machine.values():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert result.makespan == 8


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty instance"),
        ("two 2\n", "line 1 must be two integers"),
        ("2 2\n0 3 1 2\n", "header says 2 jobs, found 1"),
        ("1 2\n0 3 1\n", "expected 4"),
        ("1 2\n0 3 1 -2\n", "negative duration (-2)"),
        ("1 2\n0 3 5 2\n", "uses machine 5"),
        ("1 2\n0 3 x 2\n", "non-integer"),
    ],
)
def test_malformed_instances_give_clear_errors(text: str, message: str) -> None:
    with pytest.raises(InstanceFormatError, match=None) as err:
        parse_instance(text, "bad")
    assert message in str(err.value)
    assert str(err.value).startswith("bad:")


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InstanceFormatError, match="no instance file"):
        load_instance(tmp_path / "nope.txt")
