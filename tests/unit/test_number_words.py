"""Number words as digits: the same text as number_parser's English `parse` for every kind of
input (English, another language's words, ordinals, accents, nothing to convert); a word that is
a number in another language ('once', 'dos') stays a word."""

from __future__ import annotations

import pytest
from number_parser import parse

from agent.offline.number_words import to_digits
from tests.support.nlu_suite import load_suite

KINDS = [
    "two days", "in three days", "twenty five units", "a hundred and twenty", "one thousand two",
    "the first one", "the second PO", "fifth", "twentieth of march", "ten o'clock",
    "nothing to convert here", "", "   ", "PO-7781 by thu 2pm", "let me know once it lands",
    "dos y tres", "veintiuno", "mil piezas", "un camion", "Győr two", "café one",
    "soft\xadhyphen two", "  padded two  ", "seven-eight", "eight, nine. ten", "and",
    "one and and two", "forty-two", "двадцать три", "एक दो", "sixty sixty",
    "what will stop SEAT1 this week?", "expedite 600 of e-4410 thru friday",
]  # fmt: skip


@pytest.mark.parametrize("text", KINDS)
def test_the_same_as_the_library(text: str) -> None:
    assert to_digits(text) == str(parse(text, "en"))


def test_every_utterance_of_the_suite_reads_as_the_library_reads_it() -> None:
    _, cases = load_suite()
    texts = [c["text"] for c in cases]
    for text in [*texts, *(t.lower() for t in texts)]:
        assert to_digits(text) == str(parse(text, "en")), text


def test_words_that_are_numbers_in_other_languages_stay_words() -> None:
    assert to_digits("let me know once it lands") == "let me know once it lands"
    assert to_digits("air the 600 once approved") == "air the 600 once approved"
    assert to_digits("dos y tres") == "dos y tres"
    assert to_digits("in three days") == "in 3 days"
