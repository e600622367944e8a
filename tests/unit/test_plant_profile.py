"""Master-data questions ('seat1 run rate and wo size', 'how many shifts does lks run', 'what
lines does saltillo have') read plant_profile: each plant's lines with rate, frozen horizon,
shift calendar, changeover and WO sizes, and what it makes; the answer leads with what was
asked, written from the typed result (PlantProfiles)."""

from __future__ import annotations

from typing import Any

import pytest

from agent.offline.compose import Context, Observation, compose_answer
from agent.offline.intents import Recall, plan_turn
from agent.offline.mentions import Mentions
from agent.offline.plant_profile import INTENT, asks_plant_profile
from domain.plant_profile import clock, weekday_span
from tests.support.nlu_suite import load_suite
from tools.read_plant import _line_code, _plant_code

VOCAB, _ = load_suite()

ASKED = (
    ("seat1 run rate and wo size", {"line": "LKS-SEAT1"}),
    ("seat1 run rate", {"line": "LKS-SEAT1"}),
    ("how many shifts does lks run", {"plant": "LKS"}),
    ("hw many shifts at lks", {"plant": "LKS"}),
    ("wo size on door1?", {"line": "LKS-DOOR1"}),
    ("what does gyr make", {"plant": "GYR"}),
    ("whats the changeover on seat1", {"line": "LKS-SEAT1"}),
    ("what lines does saltillo have", {"plant": "SAL"}),
    ("which plants are we running and what do they make", {}),
    ("how many seats per wo on seat1", {"line": "LKS-SEAT1"}),
    ("how many door panels in a work order", {"line": "LKS-DOOR1"}),
    ("whats the batch size on the seat line", {"line": "LKS-SEAT1"}),
    ("how fast does the door line run", {"line": "LKS-DOOR1"}),
    ("run rate for sew1", {"line": "SAL-SEW1"}),
    ("what does the hungarian plant make", {"plant": "GYR"}),
    ("do we run weekends at lks", {"plant": "LKS"}),
    ("tell me about seat1", {"line": "LKS-SEAT1"}),
    ("whats the rate on seat1", {"line": "LKS-SEAT1"}),
    ("lot size for vega seats", {"line": "LKS-SEAT1"}),
    ("how many plants do we have", {}),
    ("shift pattern at lakeside?", {"plant": "LKS"}),
    ("setup time between models on smt1", {"line": "GYR-SMT1"}),
)


@pytest.mark.parametrize(("text", "args"), ASKED, ids=[t for t, _ in ASKED])
def test_master_data_asks_read_the_plant_profile(text: str, args: dict[str, Any]) -> None:
    plan = plan_turn(text, Recall(), VOCAB)
    assert (plan.intent, plan.calls) == (INTENT, [("plant_profile", args)]), text


NOT_ASKED = (
    ("whats short on seat1 tmrw", "shortages"),
    ("clear to build on door1 today", "clear_to_build"),
    ("frozen horizon on seat1", "frozen_horizon"),
    ("whats the frozen horizon on the lines", "frozen_horizon"),
    ("can a resequence touch first shift", "frozen_horizon"),
    ("anything short in the next shift", "shortages"),
    ("which lines are short this week", "shortages"),
    ("which plant has the worst otif", "kpi"),
    ("voltaic confirmation rate", "kpi"),
    ("who makes the door control module", "lookup"),
    ("what's going on with the armrest covers", "item_overview"),
)


@pytest.mark.parametrize(("text", "intent"), NOT_ASKED, ids=[t for t, _ in NOT_ASKED])
def test_other_asks_keep_their_own_reading(text: str, intent: str) -> None:
    plan = plan_turn(text, Recall(), VOCAB)
    assert plan.intent == intent, (text, plan.intent, plan.calls)
    assert not any(name == "plant_profile" for name, _ in plan.calls)


def test_how_many_shifts_is_not_clear_to_build_and_an_order_is_not_a_profile() -> None:
    assert plan_turn("how many shifts does lks run", Recall(), VOCAB).intent == INTENT
    assert not asks_plant_profile("wo size of PO-7781", Mentions(po_numbers=["PO-7781"]))
    assert not asks_plant_profile("which plant supplies T-3105", Mentions(items=["T-3105"]))
    assert not asks_plant_profile("fill rate last month", Mentions())


def test_two_clauses_about_the_plants_are_one_read_with_both_asks_kept() -> None:
    plan = plan_turn("which plants are we running and what do they make", Recall(), VOCAB)
    assert plan.calls == [("plant_profile", {})]
    assert {"profile_plants", "profile_makes"} <= plan.focus.keys()


def test_a_follow_up_that_names_nothing_reads_the_same_plant_again() -> None:
    before = Recall(intent=INTENT, calls=(("plant_profile", {"line": "LKS-SEAT1"}),))
    plan = plan_turn("and whats the changeover", before, VOCAB)
    assert (plan.intent, plan.calls) == (INTENT, [("plant_profile", {"line": "LKS-SEAT1"})])


def _line(code: str, name: str, rate: float, qty: float, items: list[str], minutes: int,
          plant: str = "LKS") -> dict[str, Any]:  # fmt: skip
    shifts = [
        {"name": "A", "days": "Mon–Fri", "weekdays": [0, 1, 2, 3, 4], "start": "06:00",
         "end": "14:00", "hours": 8.0},
        {"name": "B", "days": "Mon–Fri", "weekdays": [0, 1, 2, 3, 4], "start": "14:00",
         "end": "22:00", "hours": 8.0},
    ]  # fmt: skip
    return {
        "line": code, "name": name, "plant": plant, "rate_per_hour": rate, "frozen_hours": 8.0,
        "shifts": shifts, "hours_per_week": 80.0,
        "changeovers": [{"from_family": "ORION", "to_family": "VEGA", "minutes": minutes},
                        {"from_family": "VEGA", "to_family": "ORION", "minutes": minutes}],
        "work_order_sizes": [{"item": i, "description": f"{i} description", "qty": qty,
                              "hours": qty / rate, "work_orders": 520, "of_work_orders": 520}
                             for i in items],
    }  # fmt: skip


SEAT1 = _line("LKS-SEAT1", "Front seat line 1 (mixed model)", 60, 210, ["FS-ORN-H", "FS-VEG"], 30)
DOOR1 = _line("LKS-DOOR1", "Door panel line 1", 40, 160, ["DP-ORN-BLK", "DP-VEG-BLK"], 0)


def _lks(*lines: dict[str, Any]) -> dict[str, Any]:
    makes = [{"item": s["item"], "description": s["description"]}
             for ln in lines for s in ln["work_order_sizes"]]  # fmt: skip
    return {"plant": "LKS", "name": "Lakeside Assembly", "timezone": "America/Detroit",
            "lines": list(lines), "makes": makes}  # fmt: skip


def _answer(text: str, data: dict[str, Any]) -> str:
    plan = plan_turn(text, Recall(), VOCAB)
    result = {"ok": True, "tool": "plant_profile", "data": data, "sources": ["LKS"]}
    name, args = plan.calls[0]
    return compose_answer([Observation(name, args, result)], Context(plan.intent, plan.focus))


def test_rate_and_wo_size_lead_then_the_rest_of_the_line_briefly() -> None:
    text = _answer("seat1 run rate and wo size", {"plants": [_lks(SEAT1)], "line": "LKS-SEAT1"})
    first, also = text.split("\n")[:2]
    assert first.startswith("LKS-SEAT1 (Front seat line 1 (mixed model)): runs 60/h; WOs of 210 ")
    assert "210 each (3.5 h at 60/h) for FS-ORN-H" in first
    assert also.startswith("Also on LKS-SEAT1:") and "30 min between models" in also
    assert "A Mon–Fri 06:00–14:00, B Mon–Fri 14:00–22:00" in also
    assert "frozen horizon 8 h" in also


def test_how_many_shifts_leads_with_the_plant_calendar_once_for_both_lines() -> None:
    text = _answer("how many shifts does lks run", {"plants": [_lks(DOOR1, SEAT1)]})
    first = text.split("\n")[0]
    assert first.startswith("LKS runs 2 shifts, A Mon–Fri 06:00–14:00, B Mon–Fri 14:00–22:00")
    assert "(America/Detroit time)" in first and "LKS-DOOR1 and LKS-SEAT1" in first
    assert "- LKS-SEAT1 (Front seat line 1 (mixed model)): 60/h, WOs of 210 (3.5 h)" in text
    assert "- LKS-DOOR1 (Door panel line 1): 40/h, WOs of 160 (4 h)" in text


def test_the_changeover_is_said_first_and_none_when_zero() -> None:
    text = _answer("whats the changeover on seat1", {"plants": [_lks(SEAT1)], "line": "LKS-SEAT1"})
    assert text.startswith("LKS-SEAT1 (Front seat line 1 (mixed model)): changeover 30 min")
    door = _answer("whats the changeover on door1", {"plants": [_lks(DOOR1)], "line": "LKS-DOOR1"})
    assert "changeover none between models" in door


def test_which_plants_lists_the_plants_in_scope_and_what_each_makes() -> None:
    sew1 = _line("SAL-SEW1", "Trim cover sewing cell 1", 50, 400, ["T-3301"], 20, "SAL")
    made = [{"item": "T-3301", "description": "Orion rear seat trim cover, black"}]
    sal = {"plant": "SAL", "name": "Saltillo Trim", "timezone": "America/Monterrey",
           "lines": [sew1], "makes": made}  # fmt: skip
    text = _answer("which plants are we running and what do they make",
                   {"plants": [_lks(DOOR1, SEAT1), sal]})  # fmt: skip
    assert text.startswith("2 plants in your scope: LKS (Lakeside Assembly) and SAL (Saltillo")
    assert "SAL (Saltillo Trim) makes T-3301 (Orion rear seat trim cover, black), on SAL-SEW1" in (
        text
    )
    assert "LKS Lakeside Assembly (America/Detroit) has 2 lines" in text


def test_an_unreadable_result_falls_back_to_its_summary() -> None:
    result = {"ok": True, "tool": "plant_profile", "data": {"x": 1}, "summary": "LKS: 2 lines."}
    text = compose_answer([Observation("plant_profile", {}, result)], Context(INTENT))
    assert text.startswith("LKS: 2 lines.")


def test_weekdays_read_as_spans_and_minutes_as_clock_times() -> None:
    assert weekday_span([0, 1, 2, 3, 4]) == "Mon–Fri"
    assert weekday_span([0, 1, 2, 5]) == "Mon–Wed, Sat"
    assert weekday_span([6]) == "Sun"
    assert (clock(360), clock(1320), clock(1440)) == ("06:00", "22:00", "24:00")


def test_plant_and_line_arguments_accept_codes_names_and_short_line_codes() -> None:
    plants = {"GYR": "Győr Electronics", "LKS": "Lakeside Assembly", "SAL": "Saltillo Trim"}
    lines = {"LKS-SEAT1": "LKS", "LKS-DOOR1": "LKS", "SAL-SEW1": "SAL"}
    assert [_plant_code(x, plants) for x in ("lks", "Saltillo", "győr electronics", "ohio")] == [
        "LKS",
        "SAL",
        "GYR",
        None,
    ]
    assert [_line_code(x, lines) for x in ("lks-seat1", "SEAT1", "sew 1", "SEAT9")] == [
        "LKS-SEAT1",
        "LKS-SEAT1",
        "SAL-SEW1",
        None,
    ]
