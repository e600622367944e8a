"""Another topic that names one of ours ('the weather in Saltillo', 'a poem about foam', 'the game
the line was talking about') gets what Lineside can do and no tool; a question about our supply
that mentions the weather is still a question about our supply."""

from __future__ import annotations

from agent.offline.intents import Recall, plan_turn
from agent.offline.mentions import find_mentions
from agent.offline.off_topic import off_topic
from agent.offline.planners import CANT
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()
NAMES = (*VOCAB.items.values(), *VOCAB.suppliers.values())


def is_off(text: str) -> bool:
    return off_topic(text, find_mentions(text, VOCAB), NAMES)


def test_other_topics_are_off_topic_whatever_they_name() -> None:
    for text in ("what's the weather like in saltillo", "write me a poem about foam",
                 "tell me a joke about heater modules", "write a haiku about PO-7781",
                 "whats the score of the voltaic game",
                 "any good lunch spots near lakeside?"):  # fmt: skip
        assert is_off(text), text


def test_a_question_in_the_domains_words_is_not_off_topic() -> None:
    for text in ("will the snow delay the polyform truck?", "what's the story with PO-7790",
                 "is the foam going to be short today", "what changed since last night",
                 "is the game plan for SEAT1 covered tomorrow?"):  # fmt: skip
        assert not is_off(text), text


def test_a_word_of_our_own_names_is_no_topic() -> None:
    text = "when does the rain cover arrive"
    assert is_off("is it going to rain at lakeside")
    assert not off_topic(text, find_mentions(text, VOCAB), ("Rain cover, black",))


def test_off_topic_plans_no_tool_and_does_not_lean_on_the_previous_ask() -> None:
    before = Recall(intent="shortages", calls=(("shortages", {"horizon": "162h",
                                                              "line": "LKS-SEAT1"}),))  # fmt: skip
    for text in (
        "who won the game last night, the line was talking about it",
        "did the tigers win? the guys on SEAT1 keep asking",
        "a joke about foam?",
    ):
        plan = plan_turn(text, before, VOCAB)
        assert plan.calls == [] and plan.reply == CANT, (text, plan)


def test_an_ask_beside_an_off_topic_one_is_still_answered() -> None:
    plan = plan_turn("who won the game last night? also what's short on SEAT1", Recall(), VOCAB)
    assert [name for name, _ in plan.calls] == ["shortages"]


def test_travel_and_errands_are_off_topic_even_in_our_verbs() -> None:
    for text in (
        "book me a flight to detroit",
        "can you book a hotel in saltillo for tuesday",
        "ship me a pizza",
        "order lunch for the team",
        "get me an uber to the airport",
    ):
        assert is_off(text), text
    plan = plan_turn("book me a flight to detroit and what's the weather", Recall(), VOCAB)
    assert plan.calls == [] and plan.reply == CANT


def test_book_or_ship_beside_something_of_ours_is_ours() -> None:
    for text in ("book a flight for the 600 heater modules", "ship the foam from polyform by air",
                 "will the snow hold up the Polyform truck?"):  # fmt: skip
        assert not is_off(text), text


def test_a_flight_said_for_no_one_in_a_thread_about_a_po_is_its_air_freight() -> None:
    text = "get it on a flight"
    assert not off_topic(text, find_mentions(text, VOCAB), NAMES, about_a_po=True)
    mine = "book me a flight"
    assert off_topic(mine, find_mentions(mine, VOCAB), NAMES, about_a_po=True)
