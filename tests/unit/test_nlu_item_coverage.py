"""An item's coverage asked plainly ('are we ok on foam today on SEAT1', 'r we covered for foam
tmrw?', 'do we have enough heater modules for the SEAT1 run') reads that item's shortages on
that line to the end of the day named; asking when more arrives stays a supply question."""

from __future__ import annotations

from agent.offline.intents import Recall, plan_turn
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()


def test_coverage_of_an_item_is_its_shortages_for_the_day_and_line() -> None:
    for text, args in (
        ("are we ok on foam today on SEAT1", {"item": "F-2200", "line": "LKS-SEAT1",
                                              "horizon": "18h"}),
        ("r we covered for foam tmrw on SEAT1?", {"item": "F-2200", "line": "LKS-SEAT1",
                                                  "horizon": "42h"}),
        ("do we have enough heater modules for the SEAT1 run", {"item": "E-4410",
                                                                "line": "LKS-SEAT1",
                                                                "horizon": "14d"}),
    ):  # fmt: skip
        plan = plan_turn(text, Recall(), VOCAB)
        assert plan.intent == "shortages" and plan.calls == [("shortages", args)], text


def test_when_enough_arrives_is_still_its_supply() -> None:
    plan = plan_turn("when does enough foam arrive to cover us?", Recall(), VOCAB)
    assert [name for name, _ in plan.calls] == ["open_supply_for_item"]
