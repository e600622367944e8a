"""'Show me the open proposals' lists every pending one in scope; 'what do I need to approve'
lists those awaiting the asker."""

from __future__ import annotations

import pytest

from agent.offline.intents import Recall, plan_turn
from tests.support.nlu_suite import load_suite


@pytest.mark.parametrize(
    ("text", "mine"),
    [
        ("show me the open proposals", False),
        ("show me open proposals at saltillo", False),
        ("can I see the pending proposals", False),
        ("what do I need to approve", True),
        ("show me what I need to approve", True),
        ("what's waiting for me?", True),
        ("my approvals", True),
    ],
)
def test_asking_to_be_shown_is_not_asking_what_awaits_me(text: str, mine: bool) -> None:
    vocab, _ = load_suite()
    (call,) = plan_turn(text, Recall(), vocab).calls
    assert call[0] == "pending_proposals" and call[1]["awaiting_my_approval"] is mine
