"""A work order named by its time and product in a question about the frozen horizon ('the 10am
door panel job today, is it inside the frozen window? could we swap it with the 2pm one?'): the
day's WOs give the one meant, the resequence rule its line's horizon, and each run named is said
to be inside or outside it; nothing is ever proposed; a swap is offered only of two runs outside."""

from __future__ import annotations

from agent.offline.guard import is_propose
from agent.offline.intents import Recall, plan_turn
from agent.offline.wo_moves import focus, is_check, offer, step
from tests.unit.test_nlu_work_order_moves import VOCAB, day_of, rule


def test_a_run_asked_about_reads_the_days_wos_then_the_rule_and_proposes_nothing() -> None:
    plan = plan_turn("the 10am door panel job today, is it inside the frozen window?", Recall(),
                     VOCAB)  # fmt: skip
    assert plan.intent == "frozen_horizon" and is_check(plan.then)
    assert plan.calls == [("clear_to_build", {"date": "2026-03-02"})]
    first = step(plan, [day_of("2026-03-02")], VOCAB)
    assert first is not None
    assert first.calls == [("approval_rule", {"kind": "resequence", "plant": "LKS"})]
    done = [day_of("2026-03-02"), rule()]
    assert step(plan, done, VOCAB) is None
    said = focus(plan, done, VOCAB)["resolved"]
    assert "WO-DOOR1-0302-1000" in said and "inside LKS-DOOR1's frozen horizon" in said
    assert "until Mon 2026-03-02 14:00" in said and "Nothing was proposed" in said


def test_the_run_to_swap_with_in_the_next_clause_is_checked_too() -> None:
    text = (
        "the 10am door panel job today, is it in the frozen window? could we swap w/ the 2pm one?"
    )
    plan = plan_turn(text, Recall(), VOCAB)
    assert plan.then is not None and plan.then.jobs[0]["to"] == {"clock": "14:00"}
    done = [day_of("2026-03-02"), rule()]
    said = focus(plan, done, VOCAB)["resolved"]
    assert "WO-DOOR1-0302-1400" in said and "cannot swap" in said
    assert offer(plan, done, VOCAB) is None  # one of them is frozen: nothing to say yes to


def test_two_runs_outside_the_horizon_may_swap_and_the_swap_is_offered_not_proposed() -> None:
    plan = plan_turn("is the 2pm orion seat run frozen? can it trade places with the 6pm one",
                     Recall(), VOCAB)  # fmt: skip
    done = [day_of("2026-03-02"), rule()]
    assert step(plan, done, VOCAB) is None
    assert "could swap" in focus(plan, done, VOCAB)["resolved"]
    offered = offer(plan, done, VOCAB)
    assert offered is not None and offered["tool"] == "propose_resequence"
    assert offered["args"]["sequence"] == ["WO-SEAT1-0302-1800", "WO-SEAT1-0302-1400"]


def test_a_follow_up_naming_another_run_asks_the_same_of_it() -> None:
    plan = plan_turn("ok what about the orion seat job wed 6am", Recall(intent="frozen_horizon"),
                     VOCAB)  # fmt: skip
    assert plan.intent == "frozen_horizon" and is_check(plan.then)
    assert plan.calls == [("clear_to_build", {"date": "2026-03-04"})]
    done = [day_of("2026-03-04"), rule()]
    said = focus(plan, done, VOCAB)["resolved"]
    assert "WO-SEAT1-0304-0600" in said and "so it may move" in said
    assert not any(is_propose(name) for name, _ in plan.calls)


def test_a_request_to_check_is_still_no_proposal() -> None:
    plan = plan_turn("check if the 2pm seat1 run is frozen and swap it with the 6pm one", Recall(),
                     VOCAB)  # fmt: skip
    done = [day_of("2026-03-02"), rule()]
    assert step(plan, done, VOCAB) is None
