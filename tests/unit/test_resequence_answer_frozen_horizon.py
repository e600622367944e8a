"""The resequence answer states the frozen horizon the tool computed, and which moves touch it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from agent.offline.resequence_answer import frozen_line, frozen_of, moves_of

DETROIT = "America/Detroit"
NOW = datetime(2026, 3, 2, 6, 0, tzinfo=ZoneInfo(DETROIT))


def _payload(*moves: tuple[str, str, str]) -> dict[str, object]:
    return {
        "line_code": "LKS-SEAT1",
        "frozen_hours": 8.0,
        "frozen_until": "2026-03-02T19:00:00+00:00",  # 14:00 in Detroit, as the rule stored it
        "moves": [
            {"work_order_id": wo, "item_code": "FS-VEG", "from_start": old, "planned_start": new}
            for wo, old, new in moves
        ],
    }


def test_the_window_ends_where_the_stored_rule_result_says() -> None:
    payload = _payload(("WO-2", "2026-03-03T11:00:00+00:00", "2026-03-03T15:00:00+00:00"))
    frozen = frozen_of(payload)
    assert frozen is not None and frozen.line == "LKS-SEAT1" and frozen.hours == 8.0
    line = frozen_line(frozen, moves_of(payload, DETROIT), NOW, DETROIT)
    assert line == (
        "Frozen horizon Mon 2026-03-02 06:00–14:00 (8 h) is untouched: nothing in it moves."
    )


def test_a_move_out_of_the_window_is_named_as_inside_it() -> None:
    payload = _payload(("WO-1", "2026-03-02T15:00:00+00:00", "2026-03-03T15:00:00+00:00"))
    line = frozen_line(frozen_of(payload), moves_of(payload, DETROIT), NOW, DETROIT)
    assert line == "Warning: WO-1 move inside the frozen horizon (Mon 2026-03-02 06:00–14:00)."


def test_a_proposal_without_the_rule_result_says_nothing_about_it() -> None:
    payload = {"line_code": "LKS-SEAT1", "moves": []}
    assert frozen_of(payload) is None
    assert frozen_line(None, [], NOW, DETROIT) is None
