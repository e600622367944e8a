"""The console's Gantt layout: moved WOs, material gaps and the frozen horizon on one axis."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from api.console.gantt import LABEL_W, PX_PER_HOUR, Gantt, PlannedSlot, layout, parse_plan

TZ = "America/Detroit"
START = datetime(2026, 3, 2, 0, 0, tzinfo=ZoneInfo(TZ))
AS_OF = START + timedelta(hours=6)


def _slot(
    wo: str, item: str, hour: float, hours: float = 3.5, *,
    material_ready: datetime | None = None, covered: bool = True,
) -> PlannedSlot:  # fmt: skip
    at = START + timedelta(hours=hour)
    return PlannedSlot(wo, item, at, at + timedelta(hours=hours), material_ready, covered)


def _chart(current: list[PlannedSlot], proposed: list[PlannedSlot] | None = None) -> Gantt:
    return layout(current, proposed, start=START, end=START + timedelta(days=2), as_of=AS_OF,
                  frozen_until=AS_OF + timedelta(hours=8), timezone=TZ)  # fmt: skip


def test_times_become_x_on_one_scale() -> None:
    chart = _chart([_slot("WO-1", "FS-ORN-H", 6)])
    (bar,) = chart.bars
    assert bar.x == LABEL_W + 6 * PX_PER_HOUR
    assert bar.width == 3.5 * PX_PER_HOUR
    assert chart.now_x == bar.x
    assert chart.frozen.x == chart.now_x and chart.frozen.width == 8 * PX_PER_HOUR
    assert "Mon 14:00" in chart.frozen.title


def test_only_wos_whose_start_changes_are_marked_moved() -> None:
    current = [_slot("WO-1", "FS-ORN-H", 6), _slot("WO-2", "FS-VEG", 10)]
    proposed = [_slot("WO-1", "FS-ORN-H", 6), _slot("WO-2", "FS-VEG", 14)]
    chart = _chart(current, proposed)
    assert chart.moved == ["WO-2"]
    moved = [b for b in chart.bars if b.moved]
    assert [b.work_order for b in moved] == ["WO-2"]
    assert "moved from Mon 10:00" in moved[0].title
    assert [name for name, _ in chart.rows] == ["Today's plan", "Proposed"]
    assert moved[0].y > chart.bars[0].y  # the proposal is drawn on its own row


def test_a_wo_without_its_material_is_shaded_until_the_material_is_ready() -> None:
    ready = START + timedelta(hours=11)
    chart = _chart([_slot("WO-2", "FS-VEG", 10, material_ready=ready, covered=False)])
    (gap,) = chart.gaps
    assert gap.x == LABEL_W + 10 * PX_PER_HOUR and gap.width == 1 * PX_PER_HOUR
    assert "material ready Mon 11:00" in gap.title
    never = _chart([_slot("WO-3", "FS-VEG", 10, covered=False)]).gaps[0]
    assert never.width == 3.5 * PX_PER_HOUR and "not covered" in never.title


def test_bars_outside_the_window_are_left_out_and_labels_shorten_to_fit() -> None:
    chart = _chart([_slot("WO-9", "FS-ORN-H", 60), _slot("WO-1", "FS-ORN-H", 6, hours=0.5)])
    assert [b.work_order for b in chart.bars] == ["WO-1"]
    assert chart.bars[0].label == ""  # half an hour is too narrow for any label
    wide = _chart([_slot("WO-1", "FS-ORN-H", 6, hours=8)]).bars[0]
    assert wide.label == "FS-ORN-H"


def test_a_proposals_plan_entries_parse_from_json() -> None:
    entries = [{"work_order": "WO-1", "item": "FS-VEG", "start": "2026-03-02T10:00:00-05:00",
                "end": "2026-03-02T13:30:00-05:00"}]  # fmt: skip
    (slot,) = parse_plan(entries)
    assert slot.end - slot.start == timedelta(hours=3.5) and slot.covered
