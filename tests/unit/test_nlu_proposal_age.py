"""'Anything older than a day?' after a list of proposals: the same listing filtered by age; an
age asked of something else is not this."""

from __future__ import annotations

import pytest

from agent.offline.intents import Recall, plan_turn
from agent.offline.proposal_age import age_hours
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()
LISTED = Recall(intent="approvals", calls=(("pending_proposals", {"awaiting_my_approval": True}),))


@pytest.mark.parametrize(
    ("text", "hours"),
    [("anything older than a day?", 24.0), ("which ones have been sitting more than 12 hrs", 12.0),
     ("older than 2 days", 48.0), ("any pending for over a week", 168.0),
     ("more than 6 hrs old?", 6.0)],
)  # fmt: skip
def test_the_age_asked_in_hours(text: str, hours: float) -> None:
    assert age_hours(text) == hours


def test_after_a_listing_the_same_listing_is_filtered_by_age() -> None:
    plan = plan_turn("anything older than a day?", LISTED, VOCAB)
    assert plan.calls == [
        ("pending_proposals", {"awaiting_my_approval": True, "older_than_hours": 24.0})
    ]
    fresh = plan_turn("pending proposals older than 12h", Recall(), VOCAB)
    assert fresh.calls == [("pending_proposals", {"status": "pending", "older_than_hours": 12.0})]


def test_an_age_of_something_else_is_not_a_proposal_filter() -> None:
    plan = plan_turn("anything older than a day?", Recall(), VOCAB)
    assert all(name != "pending_proposals" for name, _ in plan.calls)
    late = plan_turn("which PO lines are more than 2 days late", Recall(), VOCAB)
    assert all(name != "pending_proposals" for name, _ in late.calls)
