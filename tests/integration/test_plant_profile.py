"""Master-data questions on the demo answered from plant_profile: SEAT1 runs 60/h with WOs of
210 seats (3.5 h) and a 30-minute changeover between models, LKS runs two shifts Mon–Fri
(A 06:00–14:00, B 14:00–22:00), there are three plants; a Lakeside planner sees only Lakeside."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from agent.runner import Agent
from tests.integration.tools_support import call
from tests.support.agent import ask
from tools.result_data import PlantProfiles

pytestmark = pytest.mark.integration


def _profiles(engine: Engine, user: str, **args: str) -> PlantProfiles:
    result = call(engine, user, "plant_profile", dict(args))
    assert result.ok, result.error
    return result.typed(PlantProfiles)


def test_the_tool_reads_the_demo_master_data(demo_db: Engine) -> None:
    [lks] = _profiles(demo_db, "luis.ortega", plant="LKS").plants
    assert (lks.name, lks.timezone) == ("Lakeside Assembly", "America/Detroit")
    lines = {ln.line: ln for ln in lks.lines}
    assert set(lines) == {"LKS-SEAT1", "LKS-DOOR1"}
    seat1, door1 = lines["LKS-SEAT1"], lines["LKS-DOOR1"]
    assert (seat1.rate_per_hour, door1.rate_per_hour) == (60, 40)
    assert {(s.item, s.qty, s.hours) for s in seat1.work_order_sizes} == {
        ("FS-ORN-H", 210, 3.5),
        ("FS-VEG", 210, 3.5),
    }
    assert {(s.qty, s.hours) for s in door1.work_order_sizes} == {(160, 4.0)}
    assert {c.minutes for c in seat1.changeovers} == {30}
    assert [(s.name, s.days, s.start, s.end) for s in seat1.shifts] == [
        ("A", "Mon–Fri", "06:00", "14:00"),
        ("B", "Mon–Fri", "14:00", "22:00"),
    ]
    assert {m.item for m in lks.makes} == {"FS-ORN-H", "FS-VEG", "DP-ORN-BLK", "DP-VEG-BLK"}
    everyone = _profiles(demo_db, "morgan.lee").plants
    assert [(p.plant, [ln.line for ln in p.lines]) for p in everyone] == [
        ("GYR", ["GYR-SMT1"]),
        ("LKS", ["LKS-DOOR1", "LKS-SEAT1"]),
        ("SAL", ["SAL-SEW1"]),
    ]


def test_unknown_names_are_told_with_the_known_ones_and_scope_applies(demo_db: Engine) -> None:
    unknown = call(demo_db, "luis.ortega", "plant_profile", {"plant": "OHIO"})
    assert not unknown.ok and "LKS (Lakeside Assembly)" in (unknown.error or "")
    no_line = call(demo_db, "luis.ortega", "plant_profile", {"line": "SEAT9"})
    assert not no_line.ok and "LKS-SEAT1" in (no_line.error or "")
    outside = call(demo_db, "luis.ortega", "plant_profile", {"plant": "SAL"})
    assert not outside.ok and "not in your scope" in (outside.error or "")
    assert [p.plant for p in _profiles(demo_db, "luis.ortega").plants] == ["LKS"]
    assert [p.plant for p in _profiles(demo_db, "sam.okafor").plants] == ["SAL"]


def test_run_rate_and_wo_size_of_seat1(agent: Agent) -> None:
    result = ask(agent, "luis.ortega", "seat1 run rate and wo size")
    assert [c["name"] for c in result.tool_calls] == ["plant_profile"]
    first = result.answer.split("\n")[0]
    assert "LKS-SEAT1" in first and "60/h" in first
    assert "WOs of 210 each (3.5 h at 60/h)" in first
    assert not result.proposals


def test_how_many_shifts_lakeside_runs(agent: Agent) -> None:
    result = ask(agent, "priya.nair", "how many shifts does lks run")
    assert [c["name"] for c in result.tool_calls] == ["plant_profile"]
    first = result.answer.split("\n")[0]
    assert first.startswith("LKS runs 2 shifts, A Mon–Fri 06:00–14:00, B Mon–Fri 14:00–22:00")


def test_the_changeover_on_seat1(agent: Agent) -> None:
    result = ask(agent, "dana.kim", "whats the changeover on seat1")
    assert result.answer.startswith(
        "LKS-SEAT1 (Front seat line 1 (mixed model)): changeover 30 min"
    )


def test_three_plants_for_an_all_plants_user_and_one_for_a_lakeside_planner(
    agent: Agent,
) -> None:
    every = ask(agent, "morgan.lee", "which plants are we running and what do they make")
    assert every.answer.startswith(
        "3 plants in your scope: GYR (Győr Electronics), LKS (Lakeside Assembly) and SAL "
        "(Saltillo Trim)."
    )
    assert "E-5100 (Door control module)" in every.answer
    assert "T-3301 (Orion rear seat trim cover, black)" in every.answer
    own = ask(agent, "luis.ortega", "which plants are we running and what do they make")
    assert own.answer.startswith("1 plant in your scope: LKS (Lakeside Assembly).")
    assert "Saltillo" not in own.answer and "GYR" not in own.answer


def test_saltillo_lines_for_an_all_plants_user_and_refused_to_a_lakeside_planner(
    agent: Agent,
) -> None:
    sal = ask(agent, "morgan.lee", "what lines does saltillo have")
    assert sal.answer.startswith("SAL Saltillo Trim (America/Monterrey) has 1 line: SAL-SEW1")
    refused = ask(agent, "luis.ortega", "what lines does saltillo have")
    assert "not in your scope" in refused.answer and "SAL-SEW1" not in refused.answer
