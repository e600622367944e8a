"""A work order named by its time and product ('could we run the 7am seat frames later?', 'push
the armrest run on DOOR1 this morning to the afternoon'): the day's WOs give the one meant (its
BOM says which run uses a component), the frozen horizon comes from the resequence rule's data,
and only a request outside the horizon proposes the slot swap."""

from __future__ import annotations

from typing import Any

from agent.offline.compose import Observation
from agent.offline.guard import is_propose
from agent.offline.intents import Recall, plan_turn
from agent.offline.mentions import find_mentions
from agent.offline.wo_moves import candidates, described_move, focus, offer, step
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()


def wo(line: str, item: str, day: str, clock: str) -> dict[str, Any]:
    hour = int(clock[:2]) + 5  # Detroit in March: UTC-5
    return {"work_order": f"WO-{line.split('-')[1]}-{day[5:7]}{day[8:]}-{clock.replace(':', '')}",
            "line": line, "item": item, "start": f"{day}T{hour:02d}:{clock[3:]}:00+00:00",
            "start_local": f"Mon {day} {clock}", "start_at_plant": f"{day}T{clock}:00-05:00",
            "clear": True, "short": []}  # fmt: skip


def day_of(day: str) -> Observation:
    seat = [("FS-ORN-H", "06:00"), ("FS-VEG", "10:00"), ("FS-ORN-H", "14:00"), ("FS-VEG", "18:00")]
    door = [("DP-ORN-BLK", "06:00"), ("DP-VEG-BLK", "10:00"), ("DP-ORN-BLK", "14:00")]
    rows = [wo("LKS-SEAT1", i, day, c) for i, c in seat] + [
        wo("LKS-DOOR1", i, day, c) for i, c in door
    ]
    return Observation("clear_to_build", {"date": day}, {"ok": True, "data": rows})


def rule(work_order: str | None = None) -> Observation:
    data: dict[str, Any] = {"kind": "resequence", "frozen": [
        {"line": "LKS-SEAT1", "hours": 8.0, "until": "2026-03-02T14:00:00-05:00"},
        {"line": "LKS-DOOR1", "hours": 8.0, "until": "2026-03-02T14:00:00-05:00"}]}  # fmt: skip
    return Observation("approval_rule", {"kind": "resequence"}, {"ok": True, "data": data})


def test_a_run_by_time_and_component_is_the_wo_whose_bom_uses_it() -> None:
    text = "could we run the 7am seat frames later?"
    job = described_move(text, find_mentions(text, VOCAB), VOCAB)
    assert job is not None and job["clock"] == "07:00" and job["to"] == {"way": "later"}
    found = candidates([day_of("2026-03-02")], job, VOCAB)
    assert [r["work_order"] for r in found] == ["WO-SEAT1-0302-0600"]  # running at 7am


def test_a_component_of_the_other_line_leaves_that_lines_runs() -> None:
    text = "push the armrest run on DOOR1 this morning to the afternoon"
    job = described_move(text, find_mentions(text, VOCAB), VOCAB)
    assert job is not None and job["hours"] == [0, 12] and job["to"] == {"hours": [12, 18]}
    found = candidates([day_of("2026-03-02")], job, VOCAB)
    assert [r["work_order"] for r in found] == ["WO-DOOR1-0302-0600", "WO-DOOR1-0302-1000"]


def test_inside_the_frozen_horizon_nothing_is_proposed_and_its_end_is_said() -> None:
    plan = plan_turn("push the armrest run on DOOR1 this morning to the afternoon", Recall(),
                     VOCAB)  # fmt: skip
    assert plan.act == "request" and plan.calls[0][0] == "clear_to_build"
    first = step(plan, [day_of("2026-03-02")], VOCAB)
    assert first is not None
    assert first.calls == [("approval_rule", {"kind": "resequence", "line": "LKS-DOOR1"})]
    done = [day_of("2026-03-02"), rule()]
    assert step(plan, done, VOCAB) is None  # nothing more to call: no proposal
    said = focus(plan, done, VOCAB)["resolved"]
    assert "frozen horizon" in said and "until Mon 2026-03-02 14:00" in said


def test_a_request_outside_the_horizon_proposes_the_swap_into_the_slot_asked() -> None:
    plan = plan_turn("move tomorrow's 6am orion run on SEAT1 to the afternoon", Recall(), VOCAB)
    done = [day_of("2026-03-03"), rule()]
    then = step(plan, done, VOCAB)
    assert then is not None and then.calls[0][0] == "propose_resequence"
    assert then.calls[0][1]["sequence"] == ["WO-SEAT1-0303-1400", "WO-SEAT1-0303-0600"]


def test_a_hypothetical_outside_the_horizon_only_answers_and_offers_the_swap() -> None:
    plan = plan_turn("what if we moved tomorrow's 10am vega seats to 6pm?", Recall(), VOCAB)
    assert not any(is_propose(n) for n, _ in plan.calls)
    done = [day_of("2026-03-03"), rule()]
    assert step(plan, done, VOCAB) is None
    offered = offer(plan, done, VOCAB)
    assert offered is not None and offered["tool"] == "propose_resequence"
    assert offered["args"]["sequence"] == ["WO-SEAT1-0303-1800", "WO-SEAT1-0303-1000"]


def test_a_delivery_or_a_po_moved_is_no_run() -> None:
    for text in ("move the foam delivery to thursday", "push PO-7795 out a day",
                 "swap the 10am vega job on the door line with the 2pm orion one"):  # fmt: skip
        assert described_move(text, find_mentions(text, VOCAB), VOCAB) is None, text


def test_a_role_that_may_not_resequence_gets_the_refusal_not_the_days_wos() -> None:
    from agent.offline.roles import Permits

    buyer = Permits("buyer", {"propose_resequence": ["planner", "plant_manager"]}, ("LKS",))
    plan = plan_turn("push the 2pm door panels back", Recall(), VOCAB, buyer)
    assert plan.intent == "declined_for_role" and plan.calls == [] and plan.then is None
    planner = Permits("planner", {"propose_resequence": ["planner", "plant_manager"]}, ("LKS",))
    assert plan_turn("push the 2pm door panels back", Recall(), VOCAB, planner).calls == [
        ("clear_to_build", {"date": "2026-03-02"})
    ]


def test_a_bare_hour_names_the_run_and_runs_on_two_lines_read_both_horizons() -> None:
    text = "can we just push the vega wo at 10 today later?"
    job = described_move(text, find_mentions(text, VOCAB), VOCAB)
    assert job is not None and job["clock"] == "10:00" and job["to"] == {"way": "later"}
    plan = plan_turn(text, Recall(), VOCAB)
    day = [day_of("2026-03-02")]
    assert [r["work_order"] for r in candidates(day, job, VOCAB)] == [
        "WO-SEAT1-0302-1000", "WO-DOOR1-0302-1000"]  # fmt: skip
    first = step(plan, day, VOCAB)  # both lines' horizons before asking which
    assert first is not None
    assert first.calls == [("approval_rule", {"kind": "resequence", "plant": "LKS"})]
    done = [*day, rule()]
    assert step(plan, done, VOCAB) is None  # both inside their horizons: nothing to ask or call
    said = focus(plan, done, VOCAB)["resolved"]
    assert "LKS-DOOR1's frozen horizon" in said and "LKS-SEAT1's frozen horizon" in said


def test_a_bare_hour_before_the_first_shift_is_the_afternoons() -> None:
    text = "move the orion run at 2 today later"
    job = described_move(text, find_mentions(text, VOCAB), VOCAB)
    assert job is not None and job["clock"] == "14:00"
