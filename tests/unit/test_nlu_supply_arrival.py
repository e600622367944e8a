"""A receipt supposed to arrive at a time ('if PO-7795 showed up wed 6am', 'what if toledo sits
on the foam til thu morning'): the shortages with that arrival; other asks are not this."""

from __future__ import annotations

import pytest

from agent.offline.intents import Recall, plan_turn
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()


@pytest.mark.parametrize(
    ("text", "ref", "at"),
    [
        ("if PO-7795 showed up wed 6am does the wed foam gap go away?", "PO-7795",
         "2026-03-04T06:00:00-05:00"),
        ("what if toledo sits on the foam til thu morning", "ASN-55102",
         "2026-03-05T06:00:00-05:00"),
        ("if ASN-55102 arrived tue 16:00 would we be ok", "ASN-55102", "2026-03-03T16:00:00-05:00"),
        ("suppose PO-7790 lands tomorrow at 2pm, still short?", "PO-7790",
         "2026-03-03T14:00:00-05:00"),
    ],
)  # fmt: skip
def test_the_receipt_and_the_time_supposed(text: str, ref: str, at: str) -> None:
    plan = plan_turn(text, Recall(), VOCAB)
    [(name, args)] = plan.calls
    assert name == "shortages" and args["arrival_of"] == ref and args["arrival_at"] == at
    assert plan.focus["arrival_if"].startswith(f"If {ref} arrives ")


def test_the_unconfirmed_part_and_the_threads_po() -> None:
    plan = plan_turn("if PO-7781's other 600 arrive thu am does that save wed?", Recall(), VOCAB)
    assert plan.calls[0][1]["arrival_part"] == "unconfirmed"
    thread = Recall(po_number="PO-7790", item="F-2200", intent="po_risk",
                    calls=(("explain_po_risk", {"po_number": "PO-7790"}),))  # fmt: skip
    back = plan_turn("and if it showed up tue 6pm instead?", thread, VOCAB)
    assert back.calls[0][1]["arrival_of"] == "PO-7790"
    assert back.calls[0][1]["arrival_at"] == "2026-03-03T18:00:00-05:00"


@pytest.mark.parametrize(
    "text",
    ["when does PO-7795 arrive?", "what if voltaic ships the whole order, are we still short?",
     "move PO-7795 to wed 06:00", "if the lot gets released tues noon are we ok?"],
)  # fmt: skip
def test_other_asks_are_not_a_supposed_arrival(text: str) -> None:
    plan = plan_turn(text, Recall(), VOCAB)
    assert all("arrival_of" not in args for _, args in plan.calls)
