"""A PO date change said informally ('push it out a day') and the date it gives."""

from __future__ import annotations

from datetime import datetime

import pytest

from agent.offline.date_moves import shift_in, shifted


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("push PO-7795 out a day", 1),
        ("pull it in 2 days", -2),
        ("can we pull 7790 in by a day", -1),
        ("pull in 7795 by two days", -2),
        ("bring it forward a day", -1),
        ("push out the foam delivery a day", 1),
        ("delay PO-7802 by two days pls", 2),
        ("push that po back a week", 5),
        ("2 days later please", 2),
        ("move 7795 to thursday", None),
        ("what will stop SEAT1 in 2 days", None),
    ],
)
def test_the_shift_a_clause_names(text: str, days: int | None) -> None:
    assert shift_in(text) == days


def test_a_shift_counts_working_days_and_keeps_the_time() -> None:
    thursday = datetime(2026, 3, 5, 6, 0)
    assert shifted(thursday, 1) == datetime(2026, 3, 6, 6, 0)
    assert shifted(thursday, -2) == datetime(2026, 3, 3, 6, 0)
    assert shifted(datetime(2026, 3, 6, 14, 0), 1) == datetime(2026, 3, 9, 14, 0)  # over Sat-Sun
    assert shifted(datetime(2026, 3, 9, 6, 0), -1) == datetime(2026, 3, 6, 6, 0)
    assert shifted(thursday, 5) == datetime(2026, 3, 12, 6, 0)  # a week: the same weekday
    assert shifted(thursday, 0) == thursday
