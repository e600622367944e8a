"""The dialogue act of a message, read from the user's own words (pasted text is data)."""

from __future__ import annotations

import pytest

from agent.offline.acts import clauses, dialogue_act, own_words


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("air-expedite the 600 on PO-7781", "request"),
        ("can you expedite PO-7781?", "request"),
        ("was the expedite approved?", "ask"),
        ("don't expedite PO-7781", "negate"),
        ("what if we don't expedite?", "negate"),
        ("what would air cost?", "hypothesise"),
        ("approve AP-000001", "decide"),
        ("tell me about PO-7790", "ask"),
        ("thanks!", "chitchat"),
    ],
)
def test_the_act_of_a_message(text: str, act: str) -> None:
    assert dialogue_act(text) == act


def test_a_pasted_email_is_not_the_users_words() -> None:
    words = own_words("what does this mean?\nFrom: sales@voltaic.example\nPlease expedite now.")
    assert words.own == "what does this mean?" and "expedite" in words.quoted
    assert dialogue_act("what does this mean?\nFrom: x\nPlease expedite now.") == "ask"


def test_quoted_words_inside_a_sentence_are_data() -> None:
    words = own_words('they wrote "please expedite 900 pieces today" - is that right?')
    assert "expedite" not in words.own and "900" in words.quoted


def test_several_asks_are_split_into_clauses() -> None:
    assert clauses("why is PO-7790 risky? what did polyform say?") == [
        "why is PO-7790 risky?",
        "what did polyform say?",
    ]
