"""A request to act said with an aside about its own approval ("truck PO-7781, that's under my
limit right?", "air the 7781 and I'll approve it myself"): the request is proposed as asked, the
aside answered beside it from the approval rule, and never read as the user deciding."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from agent.offline.acts import dialogue_act
from agent.offline.request_aside_answer import answer, own_limit
from agent.offline.request_asides import alone, split

TIERS = [
    {"up_to": 5000.0, "approver_role": "requester", "four_eyes": False},
    {"up_to": 25000.0, "approver_role": "plant_manager", "four_eyes": True},
    {"up_to": None, "approver_role": "executive", "four_eyes": True},
]


@dataclass
class Seen:
    tool: str
    result: dict[str, Any]


def _turn(cost: float, required: str, four_eyes: bool, may: bool) -> list[Seen]:
    proposal = {"id": "AP-000009", "kind": "expedite_po", "cost": cost,
                "required_role": required, "four_eyes": four_eyes}  # fmt: skip
    rule = {"kind": "expedite_po", "cost": cost, "tiers": TIERS,
            "you": {"username": "dana.kim", "role": "buyer", "may_confirm_own": may}}  # fmt: skip
    return [
        Seen("expedite_po", {"ok": True, "proposal": proposal}),
        Seen("approval_rule", {"ok": True, "data": rule}),
    ]


@pytest.mark.parametrize(
    ("text", "wanted", "asked"),
    [
        ("truck PO-7781, thats under my limit right?", "truck PO-7781", True),
        ("air the 7781 and ill approve it myself", "air the 7781", False),
        (
            "ok book the truck on 7781, I can sign that off myself cant I?",
            "ok book the truck on 7781",
            True,
        ),  # fmt: skip
        ("I'll sign it off myself, just truck the 7781", "just truck the 7781", False),
    ],
)
def test_the_request_and_its_aside_are_told_apart(text: str, wanted: str, asked: bool) -> None:
    found = split(text)
    assert found is not None
    assert (found.request, found.asked) == (wanted, asked)
    assert dialogue_act(text) == "request"


@pytest.mark.parametrize(
    "text",
    ["air the 7781 and I'll approve it for priya", "truck it and approve it", "approve it"],
)
def test_deciding_for_someone_or_ordering_a_decision_stays_a_decision(text: str) -> None:
    assert dialogue_act(text) == "decide"


def test_a_question_about_approving_with_no_request_stays_a_question() -> None:
    assert dialogue_act("would I be able to approve an air expedite of 7781 myself?") == "ask"
    assert split("is that under my limit?") is None


def test_an_aside_said_on_its_own_after_a_request_belongs_to_it() -> None:
    assert dialogue_act("expedite 7781 by air. I'll sign it off") == "request"
    found = alone("I'll sign it off")
    assert found is not None and not found.asked
    assert alone("the foam is late") is None


def test_the_requesters_own_limit_is_the_tier_without_four_eyes() -> None:
    assert own_limit({"tiers": TIERS}) == 5000.0
    assert own_limit({"tiers": TIERS[1:]}) is None


def test_within_the_limit_the_answer_is_yes_with_the_limit_and_where_to_confirm() -> None:
    text = answer(_turn(1350.0, "requester", False, True), "asked")
    assert text is not None and text.startswith("Yes:")
    assert "$1,350.00" in text and "$5,000" in text and "AP-000009" in text


def test_above_the_limit_the_answer_names_who_must_approve_and_why_not_the_requester() -> None:
    text = answer(_turn(6800.0, "plant_manager", True, False), "said")
    assert text is not None and "can't approve AP-000009 yourself" in text
    assert "above the requester's own confirmation limit of $5,000" in text
    assert "plant manager" in text and "four-eyes" in text


def test_no_proposal_raised_means_no_aside_answer() -> None:
    turn = _turn(1350.0, "requester", False, True)[1:]
    assert answer(turn, "asked") is None
