"""A product's runs slid later on its line until a part lands ('can we slide the vega seat runs
later in the week until the foam lands? set it up') is a resequence of the line that builds
that product (the lines' products from master data): told, or with 'set it up' after the
question, it is proposed; only asked whether, it gets what the resequence would do, no proposal."""

from __future__ import annotations

from agent.offline.acts import dialogue_act
from agent.offline.guard import is_propose
from agent.offline.intents import Recall, plan_turn
from agent.offline.mentions import find_mentions
from agent.offline.planners import line_building
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()
QUESTION = "can we slide the vega seat runs later in the week until the foam lands?"


def _proposed(text: str) -> list[tuple[str, dict[str, object]]]:
    return [(n, a) for n, a in plan_turn(text, Recall(), VOCAB).calls if is_propose(n)]


def test_the_line_that_builds_the_product_named() -> None:
    def line(text: str) -> str | None:
        return line_building(find_mentions(text, VOCAB), VOCAB, text)

    assert line("the vega seat runs") == "LKS-SEAT1"
    assert line("the orion seat jobs until the heater modules land") == "LKS-SEAT1"
    assert line("the vega door panel runs") == "LKS-DOOR1"
    assert line("the vega runs") is None  # seats and door panels both: which line is not known


def test_asked_whether_it_is_what_the_resequence_would_do() -> None:
    assert dialogue_act(QUESTION) == "ask"
    plan = plan_turn(QUESTION, Recall(), VOCAB)
    assert not _proposed(QUESTION)
    assert [(n, a["line"]) for n, a in plan.calls if n == "resequence_preview"] == [
        ("resequence_preview", "LKS-SEAT1")]  # fmt: skip
    assert plan.offer is not None and plan.offer[0] == "propose_resequence"  # "ok do it" next


def test_set_it_up_after_the_question_proposes_it() -> None:
    for text in (f"{QUESTION} set it up", f"{QUESTION} go ahead",
                 "slide the vega runs on seat1 later until the foam arrives"):  # fmt: skip
        assert [(n, a["line"]) for n, a in _proposed(text)] == [
            ("propose_resequence", "LKS-SEAT1")
        ], text


def test_a_po_pushed_out_is_still_a_date_change() -> None:
    assert plan_turn("push PO-7795 out a day", Recall(), VOCAB).intent == "po_date_change"
