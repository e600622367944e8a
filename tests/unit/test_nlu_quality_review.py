"""A quality review of a held lot: 'request a quality review of the held lot', or quality asked
for its decision sooner in plain words ('ask quality to rush a call on the held armrest cover
lot'). The lot is the one named (by code or short number), else the item's (by code or
description), else the thread's item's, else the one lot on hold at the user's plants; several:
which one. Never an expedite of the item; a question or a negation proposes nothing."""

from __future__ import annotations

from dataclasses import replace

from agent.offline.intents import Recall, plan_turn
from agent.offline.roles import Permits
from agent.offline.vocabulary import Vocabulary
from domain.entities import EntityDirectory, names
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()
RULES = {"request_quality_review": ["buyer", "planner"]}


def _with_held_lots(heater_lot_plant: str) -> Vocabulary:
    """The demo's vocabulary with two held lots: the armrest covers' at LKS, the heater
    modules' at `heater_lot_plant`."""
    return replace(
        VOCAB,
        directory=EntityDirectory(
            [
                *(e for kind in ("item", "supplier", "line", "plant") for e in
                  VOCAB.spotter.directory.entities(kind)),
                names.lot("L-3105-0311", "stitching", "LKS", "T-3105"),
                names.lot("L-4410-0412", "solder voids", heater_lot_plant, "E-4410"),
            ]
        ),
    )  # fmt: skip


BOTH_AT_LKS = _with_held_lots("LKS")
TWO_PLANTS = _with_held_lots("GYR")


def _plan(
    text: str,
    vocab: Vocabulary = BOTH_AT_LKS,
    plants: tuple[str, ...] = ("LKS",),
    recall: Recall | None = None,
) -> tuple[list[str], list[str], str, str]:
    plan = plan_turn(text, recall or Recall(), vocab, Permits("buyer", RULES, plants))
    lots = [a["lot"] for n, a in plan.calls if n == "request_quality_review"]
    return lots, [n for n, _ in plan.calls], plan.reply or "", plan.intent


def test_a_rushed_call_on_an_items_held_lot_is_a_review_of_that_lot() -> None:
    for text in (
        "ask quality to rush a call on the held armrest cover lot",
        "get QA to hurry up the decision on the armrest covers on hold",
        "pls get qa to give us a quick verdict on the held heater modules",
    ):
        lots, tools, _, _ = _plan(text)
        assert "expedite_po" not in tools and "po_lines_by_impact" not in tools, text
        assert len(lots) == 1, text
    assert _plan("ask quality to rush a call on the held armrest cover lot")[0] == ["L-3105-0311"]
    assert _plan("pls get qa to give us a quick verdict on the held heater modules")[0] == [
        "L-4410-0412"
    ]


def test_a_rushed_call_on_the_held_lot_with_several_on_hold_asks_which() -> None:
    lots, tools, reply, _ = _plan("ask quality to rush a call on the held lot")
    assert lots == [] and tools == []
    assert "L-3105-0311" in reply and "L-4410-0412" in reply


def test_the_held_lot_is_the_one_on_hold_at_the_users_plants() -> None:
    assert _plan("request a quality review of the held lot", TWO_PLANTS)[0] == ["L-3105-0311"]
    assert _plan("get QA to look at the lot on hold", TWO_PLANTS, ("GYR",))[0] == ["L-4410-0412"]


def test_several_held_lots_in_scope_get_a_question_naming_them() -> None:
    lots, tools, reply, intent = _plan(
        "request a quality review of the held lot", TWO_PLANTS, ("*",)
    )
    assert intent == "clarify" and not tools and not lots
    assert "L-3105-0311" in reply and "L-4410-0412" in reply


def test_the_threads_item_picks_its_own_held_lot() -> None:
    lots = _plan("ok get quality to review it", TWO_PLANTS, ("*",), Recall(item="E-4410"))[0]
    assert lots == ["L-4410-0412"]


def test_a_lot_named_by_its_number_is_that_lot_wherever_the_user_is() -> None:
    assert _plan("quality review of lot 0412 pls", TWO_PLANTS)[0] == ["L-4410-0412"]


def test_an_item_without_a_held_lot_proposes_nothing() -> None:
    lots, tools, reply, _ = _plan("get qa to look at F-2200", TWO_PLANTS)
    assert not tools and not lots and "No lot of F-2200" in reply


def test_a_question_or_a_negation_about_the_review_proposes_nothing() -> None:
    assert _plan("should we ask quality to rush a call on the held covers?")[0] == []
    assert _plan("should we get QA to look at the held lot?", TWO_PLANTS)[0] == []
    assert _plan("don't get QA on the held lot yet", TWO_PLANTS)[0] == []
