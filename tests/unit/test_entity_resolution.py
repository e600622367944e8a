"""Resolving a mention: exact code or name, words of the name, typos, and when to ask which."""

from __future__ import annotations

import pytest

from domain.entities import (
    AmbiguousEntity,
    Candidate,
    Entity,
    EntityDirectory,
    UnknownEntity,
    choose,
)

DIRECTORY = EntityDirectory(
    [
        Entity(kind="item", code="E-4410", name="Seat heater control module"),
        Entity(kind="item", code="F-2200", name="Front seat cushion foam"),
        Entity(kind="item", code="F-2210", name="Rear seat cushion foam"),
        Entity(kind="supplier", code="VOLTAIC", name="Voltaic Components"),
        Entity(kind="supplier", code="POLYFORM", name="Polyform Foams"),
        Entity(kind="line", code="LKS-SEAT1", name="Front seat line 1", plant="LKS"),
        Entity(kind="plant", code="LKS", name="Lakeside Assembly", plant="LKS"),
    ]
)


def test_a_code_in_any_case_is_an_exact_match() -> None:
    [found] = DIRECTORY.find("item", "e-4410")
    assert (found.code, found.how, found.score) == ("E-4410", "exact", 1.0)


def test_a_whole_name_is_an_exact_match() -> None:
    [found] = DIRECTORY.find("plant", "lakeside assembly")
    assert (found.code, found.how) == ("LKS", "exact")


def test_words_of_a_name_find_every_entity_that_has_them() -> None:
    found = DIRECTORY.find("item", "cushion foam")
    assert {c.code for c in found} == {"F-2200", "F-2210"}
    assert {c.how for c in found} == {"name"}


def test_a_misspelt_name_is_found_by_fuzzy_matching() -> None:
    [top, *_] = DIRECTORY.find("supplier", "voltiac componets")
    assert (top.code, top.how) == ("VOLTAIC", "fuzzy")
    assert 0.75 <= top.score < 1.0


def test_kinds_do_not_mix() -> None:
    assert DIRECTORY.find("supplier", "E-4410") == []
    assert DIRECTORY.get("line", "lks-seat1") is not None
    assert DIRECTORY.entities("line")[0].plant == "LKS"


def test_nothing_is_found_for_noise_or_blank() -> None:
    assert DIRECTORY.find("item", "   ") == []
    assert DIRECTORY.find("supplier", "zzqx") == []


def _c(code: str, score: float, how: str) -> Candidate:
    return Candidate.model_validate(
        {"kind": "item", "code": code, "name": code, "score": score, "how": how}
    )


def test_a_lone_candidate_or_an_exact_one_is_chosen() -> None:
    assert choose("item", "x", [_c("A", 0.9, "name")]).code == "A"
    assert choose("item", "x", [_c("A", 1.0, "exact"), _c("B", 0.9, "name")]).code == "A"


def test_a_clear_fuzzy_favourite_is_chosen_a_close_one_is_not() -> None:
    assert choose("item", "x", [_c("A", 0.95, "fuzzy"), _c("B", 0.8, "fuzzy")]).code == "A"
    with pytest.raises(AmbiguousEntity) as close:
        choose("item", "x", [_c("A", 0.95, "fuzzy"), _c("B", 0.9, "fuzzy")])
    assert [c.code for c in close.value.candidates] == ["A", "B"]


def test_equal_word_matches_are_ambiguous_and_say_which() -> None:
    with pytest.raises(AmbiguousEntity, match="matches several items: A, B; name one by code"):
        choose("item", "foam", [_c("A", 0.9, "name"), _c("B", 0.9, "name")])


def test_no_candidate_is_an_unknown_entity_with_what_to_do() -> None:
    with pytest.raises(UnknownEntity, match="no supplier matches 'Acme'; try a supplier code"):
        choose("supplier", "Acme", [])
