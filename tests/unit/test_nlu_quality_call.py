"""Quality asked for its decision sooner, in plain words ('ask quality to rush a call on the held
armrest cover lot'): a review of the held lot, resolved from the item or its description, never
an expedite of the item; several held lots: which one."""

from __future__ import annotations

from dataclasses import replace

from agent.offline.intents import Recall, plan_turn
from agent.offline.roles import Permits
from domain.entities import EntityDirectory, names
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()
TWO_LOTS = replace(
    VOCAB,
    directory=EntityDirectory(
        [
            *(e for kind in ("item", "supplier", "line", "plant") for e in
              VOCAB.spotter.directory.entities(kind)),
            names.lot("L-3105-0311", "stitching", "LKS", "T-3105"),
            names.lot("L-4410-0412", "solder voids", "LKS", "E-4410"),
        ]
    ),
)  # fmt: skip
LOOKUP = "po_lines_by_impact"
BUYER = Permits("buyer", {"request_quality_review": ["buyer", "planner"]}, ("LKS",))


def _plan(text: str) -> tuple[list[str], list[str], str]:
    plan = plan_turn(text, Recall(), TWO_LOTS, BUYER)
    lots = [a["lot"] for n, a in plan.calls if n == "request_quality_review"]
    return lots, [n for n, _ in plan.calls], plan.reply or ""


def test_a_rushed_call_on_an_items_held_lot_is_a_review_of_that_lot() -> None:
    for text in (
        "ask quality to rush a call on the held armrest cover lot",
        "get QA to hurry up the decision on the armrest covers on hold",
        "pls get qa to give us a quick verdict on the held heater modules",
    ):
        lots, tools, _ = _plan(text)
        assert "expedite_po" not in tools and LOOKUP not in tools, text
        assert len(lots) == 1, text
    assert _plan("ask quality to rush a call on the held armrest cover lot")[0] == ["L-3105-0311"]
    assert _plan("pls get qa to give us a quick verdict on the held heater modules")[0] == [
        "L-4410-0412"
    ]


def test_a_rushed_call_on_the_held_lot_with_several_on_hold_asks_which() -> None:
    lots, tools, reply = _plan("ask quality to rush a call on the held lot")
    assert lots == [] and tools == []
    assert "L-3105-0311" in reply and "L-4410-0412" in reply


def test_asking_whether_to_rush_quality_proposes_nothing() -> None:
    lots, _, _ = _plan("should we ask quality to rush a call on the held covers?")
    assert lots == []
