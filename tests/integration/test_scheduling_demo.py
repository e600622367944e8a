"""The rescheduler on the demo company: LKS-SEAT1 around the E-4410 gap, read from the database."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from cli import schedule as schedule_cli
from cli.main import app
from domain.planning.repository import clear_to_build, material_ready_times_for_plant
from domain.scheduling.repository import resequence_line_from_db
from domain.scheduling.resequence import ResequenceResult

pytestmark = pytest.mark.integration

DETROIT = ZoneInfo("America/Detroit")
AS_OF = datetime(2026, 3, 2, 6, tzinfo=DETROIT)
FROZEN_UNTIL = AS_OF + timedelta(hours=8)
E4410_COVERED = datetime(2026, 3, 9, 6, tzinfo=DETROIT)
# Orion WOs that E-4410 (620 on hand + 400 confirmed Tue) cannot cover before Mon 03-09.
ORION_SHORT = [f"WO-SEAT1-03{d:02d}-{h}" for d in (4, 5, 6) for h in ("0600", "1400")]
# The Vega WO of Wed 10:00 waits an hour for F-2200; with 5 days every later slot is taken.
VEGA_WAITING = "WO-SEAT1-0304-1000"
UNPLACED_5D = sorted([*ORION_SHORT, VEGA_WAITING])
CHANGEOVER = timedelta(minutes=30)


@pytest.fixture(scope="module")
def five_days(demo_db_shared: Engine) -> ResequenceResult:
    return resequence_line_from_db(demo_db_shared, "LKS-SEAT1", "5d", time_limit=30)


@pytest.fixture(scope="module")
def two_weeks(demo_db_shared: Engine) -> ResequenceResult:
    return resequence_line_from_db(demo_db_shared, "LKS-SEAT1", "14d", time_limit=30)


def _apply(engine: Engine, result: ResequenceResult) -> None:
    """Write the proposed plan into this test's own database copy."""
    with engine.begin() as conn:
        for p in result.plan:
            conn.execute(
                text("UPDATE work_order SET planned_start = :s, planned_end = :e WHERE id = :id"),
                {"s": p.start, "e": p.end, "id": p.work_order},
            )


def _short_on_projection(engine: Engine, result: ResequenceResult) -> dict[str, list[str]]:
    """Placed, movable WOs that start short on the planner's projection of the proposed plan."""
    _apply(engine, result)
    ctb = {c.work_order: c for c in clear_to_build(engine, "LKS", "21d", line="LKS-SEAT1")}
    ready = material_ready_times_for_plant(engine, "LKS", "21d")
    short = {}
    for p in result.plan:
        if p.start < FROZEN_UNTIL:
            continue
        c = ctb[p.work_order]
        covered_at = ready[p.work_order]
        assert (covered_at is not None and covered_at <= p.start) == c.clear
        if not c.clear:
            short[p.work_order] = [s.item for s in c.short]
    return short


def _overtaken(result: ResequenceResult, items: dict[str, str]) -> list[tuple[str, str]]:
    old = {m.work_order: m.old_start for m in result.moved}
    new = {p.work_order: p.start for p in result.plan}
    old = {w: old.get(w, new[w]) for w in new}
    return [
        (v, o)
        for v in new
        for o in new
        if items[v] == "FS-VEG" and items[o] == "FS-ORN-H" and old[v] > old[o] and new[v] < new[o]
    ]


def _items(result: ResequenceResult) -> dict[str, str]:
    return {p.work_order: p.item for p in result.plan} | {
        u.work_order: u.item for u in result.unschedulable
    }


def _line_after(
    engine: Engine, result: ResequenceResult
) -> list[tuple[datetime, datetime, str, str]]:
    """Every open SEAT1 WO as the line would run if approved: placed ones moved, others stay."""
    new = {p.work_order: (p.start, p.end) for p in result.plan}
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT id, item_code, planned_start, planned_end FROM work_order"
                " WHERE line_code = 'LKS-SEAT1' AND status IN ('released', 'started')"
            )
        ).all()
    return sorted(
        (*new.get(r.id, (r.planned_start, r.planned_end)), r.id, r.item_code) for r in rows
    )


def _assert_never_double_booked(schedule: list[tuple[datetime, datetime, str, str]]) -> None:
    """Each WO starts after the previous one ends, plus the changeover between models."""
    for (_, end, prev, prev_item), (start, _, wo, item) in zip(
        schedule, schedule[1:], strict=False
    ):
        gap = CHANGEOVER if item != prev_item else timedelta(0)
        assert start >= end + gap, f"{wo} starts {start}, before {prev} ends {end} (+ {gap})"


def _accounted_for(engine: Engine, result: ResequenceResult, horizon: timedelta) -> None:
    """Every WO of the horizon is placed with a time or unplaced with a reason and its slot."""
    with engine.connect() as conn:
        ids = set(
            conn.execute(
                text(
                    "SELECT id FROM work_order WHERE line_code = 'LKS-SEAT1' AND status IN"
                    " ('released', 'started') AND planned_end > :a AND planned_start < :b"
                ),
                {"a": AS_OF, "b": AS_OF + horizon},
            ).scalars()
        )
    placed = {p.work_order for p in result.plan}
    unplaced = {u.work_order for u in result.unschedulable}
    assert placed | unplaced == ids and not placed & unplaced
    assert all(u.reason and u.stays_at is not None for u in result.unschedulable)


def _frozen_window_untouched(result: ResequenceResult) -> None:
    inside = sorted((p.work_order, p.start, p.end) for p in result.plan if p.start < FROZEN_UNTIL)
    assert inside == [
        ("WO-SEAT1-0302-0600", AS_OF, AS_OF + timedelta(hours=3, minutes=30)),
        ("WO-SEAT1-0302-1000", AS_OF + timedelta(hours=4), AS_OF + timedelta(hours=7, minutes=30)),
    ]
    assert all(m.old_start >= FROZEN_UNTIL and m.new_start >= FROZEN_UNTIL for m in result.moved)


def test_five_days_starts_no_placed_wo_short_and_keeps_monday_morning(
    five_days: ResequenceResult, demo_db: Engine
) -> None:
    assert five_days.status in ("OPTIMAL", "FEASIBLE")
    _frozen_window_untouched(five_days)
    assert _overtaken(five_days, _items(five_days)), "a Vega WO should move ahead of an Orion WO"
    assert _short_on_projection(demo_db, five_days) == {}
    assert five_days.material_check["starts_short"] == []
    assert all(p.item == "FS-VEG" or p.start < datetime(2026, 3, 4, tzinfo=DETROIT)
               for p in five_days.plan)  # fmt: skip


def test_five_days_reports_the_orion_wos_it_cannot_place_with_the_reason(
    five_days: ResequenceResult,
) -> None:
    unplaced = {u.work_order: u for u in five_days.unschedulable}
    assert sorted(unplaced) == UNPLACED_5D
    first = unplaced["WO-SEAT1-0304-0600"]
    assert "waits for E-4410 (covered from Mon 03-09 06:00)" in first.reason
    assert "horizon ends Sat 03-07 06:00" in first.reason and "keeps its slot" in first.reason
    assert first.material_ready == E4410_COVERED and first.stays_at == datetime(
        2026, 3, 4, 6, tzinfo=DETROIT
    )
    # Due Wed 13:30 EST; run from Mon 03-09 06:00 EDT it would end 09:30: 115 h late at least.
    assert first.min_lateness_minutes == 115 * 60
    # The Vega WO cannot wait its hour: the Orion WO of Wed 14:00 keeps its slot and every
    # later slot is taken, so it stays at Wed 10:00 too, and says why.
    vega = unplaced[VEGA_WAITING]
    assert "waits for F-2200 (covered from Wed 03-04 11:00)" in vega.reason
    assert "WOs not placed keep" in vega.reason and "keeps its slot Wed 03-04 10:00" in vega.reason
    assert vega.stays_at == datetime(2026, 3, 4, 10, tzinfo=DETROIT)
    # They stay where they are, so the line hours at risk are theirs: 6 × 3.5 h + 1 h.
    assert five_days.after.line_hours_at_risk == pytest.approx(22.0)
    assert set(five_days.after.uncovered) == set(UNPLACED_5D)
    assert any("no slot of the line is double-booked" in w for w in five_days.warnings)


def test_five_days_never_double_books_the_line(
    five_days: ResequenceResult, demo_db_shared: Engine
) -> None:
    _accounted_for(demo_db_shared, five_days, timedelta(days=5))
    schedule = _line_after(demo_db_shared, five_days)
    _assert_never_double_booked(schedule)
    # Nothing is planned over the slots the unplaced WOs keep.
    kept = {u.work_order for u in five_days.unschedulable}
    assert [w for _, _, w, _ in schedule if w in kept] == UNPLACED_5D
    assert VEGA_WAITING not in {m.work_order for m in five_days.moved}


def test_two_weeks_never_double_books_the_line(
    two_weeks: ResequenceResult, demo_db_shared: Engine
) -> None:
    _accounted_for(demo_db_shared, two_weeks, timedelta(days=14))
    _assert_never_double_booked(_line_after(demo_db_shared, two_weeks))


def test_five_days_explains_each_move_by_its_cause(five_days: ResequenceResult) -> None:
    why = {m.work_order: m.why for m in five_days.moved}
    # Orion Mon 14:00 and Vega Mon 18:00 swap to save changeovers, and say so.
    assert why["WO-SEAT1-0302-1400"] == (
        "grouped with WO-SEAT1-0303-0600 to save a 30-min changeover"
    )
    assert why["WO-SEAT1-0302-1800"].startswith(
        "moved ahead into the slot freed by WO-SEAT1-0302-1400"
    )
    assert (
        "grouped with WO-SEAT1-0302-1000 to save a 30-min changeover" in why["WO-SEAT1-0302-1800"]
    )
    assert five_days.kpis()["delta"]["changeovers"] < 0


def test_two_weeks_places_every_orion_wo_after_e4410_and_reports_lateness(
    two_weeks: ResequenceResult, demo_db: Engine
) -> None:
    assert two_weeks.status in ("OPTIMAL", "FEASIBLE") and not two_weeks.unschedulable
    _frozen_window_untouched(two_weeks)
    assert _short_on_projection(demo_db, two_weeks) == {}
    start = {p.work_order: p.start for p in two_weeks.plan}
    assert all(start[w] >= E4410_COVERED for w in ORION_SHORT)
    late = {x.work_order: x.lateness_minutes for x in two_weeks.after.late}
    assert set(ORION_SHORT) <= set(late)
    assert late["WO-SEAT1-0304-0600"] == 115 * 60  # Wed 13:30 EST → Mon 09:30 EDT
    # Vega WOs run in the line time the Orion WOs leave, and the reason names that.
    overtaken = _overtaken(two_weeks, _items(two_weeks))
    assert {o for _, o in overtaken} >= set(ORION_SHORT)
    why = {m.work_order: m.why for m in two_weeks.moved}
    assert why["WO-SEAT1-0304-0600"] == "waits for E-4410 (covered from Mon 03-09 06:00)"
    assert (
        "slot freed by WO-SEAT1-0305-0600 (waits for E-4410 until Mon 03-09 06:00)"
        in why["WO-SEAT1-0305-1000"]
    )


def test_two_weeks_kpi_deltas(two_weeks: ResequenceResult) -> None:
    kpis = two_weeks.kpis()
    delta = kpis["delta"]
    assert kpis["before"]["line_hours_at_risk"] == 22.0 and delta["line_hours_at_risk"] == -22.0
    assert delta["made_clear_to_build"] == 7 and len(kpis["made_clear_to_build"]) == 7
    assert delta["weighted_tardiness_minutes"] == kpis["after"]["weighted_tardiness_minutes"] > 0
    assert delta["changeovers"] < 0 and delta["late_work_orders"] == len(two_weeks.after.late)
    assert any("made clear-to-build" in line for line in kpis["summary"])


@pytest.fixture
def cli(demo_db_shared: Engine, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setattr(schedule_cli, "get_engine", lambda: demo_db_shared)
    return CliRunner()


def test_cli_json_has_plan_moves_kpis_and_the_unplaced(cli: CliRunner) -> None:
    args = ["schedule", "resequence", "--line", "LKS-SEAT1", "--horizon", "5d", "--json"]
    result = cli.invoke(app, [*args, "--time-limit", "30"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"line", "status", "plan", "moved", "kpis", "unschedulable"} <= set(data)
    assert data["line"] == "LKS-SEAT1" and data["status"] in ("OPTIMAL", "FEASIBLE")
    assert set(data["plan"][0]) >= {"work_order", "item", "start", "end"}
    assert set(data["moved"][0]) >= {"work_order", "old_start", "new_start", "why"}
    assert set(data["kpis"]) >= {"before", "after", "delta", "made_clear_to_build"}
    assert sorted(u["work_order"] for u in data["unschedulable"]) == UNPLACED_5D
    assert all("E-4410" in u["reason"] or "F-2200" in u["reason"] for u in data["unschedulable"])


def test_cli_table_names_the_unplaced_and_unknown_line_is_an_error(cli: CliRunner) -> None:
    result = cli.invoke(
        app, ["schedule", "resequence", "--line", "LKS-SEAT1", "--horizon", "5d"],
        terminal_width=200,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "not placed: WO-SEAT1-0304-0600 (FS-ORN-H) (at least 6900 min late)" in result.stdout
    assert "13 of 13 placed WOs clear-to-build" in result.stdout
    bad = cli.invoke(app, ["schedule", "resequence", "--line", "LKS-NOPE"])
    assert bad.exit_code == 2 and "unknown line 'LKS-NOPE'" in bad.stderr
