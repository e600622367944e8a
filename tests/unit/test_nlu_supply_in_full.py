"""'What if Voltaic ships the whole order, are we still short?': supposed in full, the shortages
left with every open quantity counted; the opposite supposition and plain status asks are not."""

from __future__ import annotations

import pytest

from agent.offline.supply_in_full import arrives_in_full


@pytest.mark.parametrize(
    "text",
    [
        "what if voltaic ships the whole order on time, are we still short?",
        "if PO-7781 arrives in full tomorrow are we still short?",
        "what if the 7781 shows up complete, do we still run out",
        "say they send all of it, enough for the week?",
        "if the rest comes in are we ok",
        "what if voltaic delivers all 1000 tue morning, still short?",
        "what if voltaic ships the full 1,000 on tuesday",
    ],
)
def test_supposing_the_order_arrives_in_full(text: str) -> None:
    assert arrives_in_full(text)


@pytest.mark.parametrize(
    "text",
    [
        "if voltaic doesnt ship the whole order are we short",
        "if voltaic won't send all of it are we short",
        "what if voltaic never sends the rest",
        "is the whole order shipped?",
        "voltaic shipped all 1000 last week",
    ],
)
def test_the_opposite_supposition_or_a_status_ask_is_not(text: str) -> None:
    assert not arrives_in_full(text)
