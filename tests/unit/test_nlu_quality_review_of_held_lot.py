"""'Request a quality review of the held lot': the lot named (by code or short number), else the
thread's item's held lot, else the one lot on hold at the user's plants; several: which one."""

from __future__ import annotations

from dataclasses import replace

from agent.offline.intents import Recall, plan_turn
from agent.offline.roles import Permits
from domain.entities import EntityDirectory, names
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()
TWO_PLANTS = replace(
    VOCAB,
    directory=EntityDirectory(
        [
            *(e for kind in ("item", "supplier", "line", "plant") for e in
              VOCAB.spotter.directory.entities(kind)),
            names.lot("L-3105-0311", "stitching", "LKS", "T-3105"),
            names.lot("L-4410-0412", "solder voids", "GYR", "E-4410"),
        ]
    ),
)  # fmt: skip
BUYER = {"request_quality_review": ["buyer", "planner"]}


def _lots(text: str, plants: tuple[str, ...], recall: Recall | None = None) -> list[str]:
    plan = plan_turn(text, recall or Recall(), TWO_PLANTS, Permits("buyer", BUYER, plants))
    return [a["lot"] for n, a in plan.calls if n == "request_quality_review"]


def test_the_held_lot_is_the_one_on_hold_at_the_users_plants() -> None:
    assert _lots("request a quality review of the held lot", ("LKS",)) == ["L-3105-0311"]
    assert _lots("get QA to look at the lot on hold", ("GYR",)) == ["L-4410-0412"]


def test_several_held_lots_in_scope_get_a_question_naming_them() -> None:
    plan = plan_turn("request a quality review of the held lot", Recall(), TWO_PLANTS,
                     Permits("buyer", BUYER, ("*",)))  # fmt: skip
    assert plan.intent == "clarify" and not plan.calls
    assert "L-3105-0311" in (plan.reply or "") and "L-4410-0412" in (plan.reply or "")


def test_the_threads_item_picks_its_own_held_lot() -> None:
    recall = Recall(item="E-4410")
    assert _lots("ok get quality to review it", ("*",), recall) == ["L-4410-0412"]


def test_a_lot_named_by_its_number_is_that_lot_wherever_the_user_is() -> None:
    assert _lots("quality review of lot 0412 pls", ("LKS",)) == ["L-4410-0412"]


def test_an_item_without_a_held_lot_proposes_nothing() -> None:
    plan = plan_turn("get qa to look at F-2200", Recall(), TWO_PLANTS,
                     Permits("buyer", BUYER, ("LKS",)))  # fmt: skip
    assert not plan.calls and "No lot of F-2200" in (plan.reply or "")


def test_a_question_about_the_review_proposes_nothing() -> None:
    assert _lots("should we get QA to look at the held lot?", ("LKS",)) == []
    assert _lots("don't get QA on the held lot yet", ("LKS",)) == []
