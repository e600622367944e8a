"""A plant named by its country or what its people are called ('the Hungary plant', 'our
Hungarian site', 'Mexico', 'the US plant'), and a plant we do not have ('the German plant',
'the Ohio plant') answered with the plants there are, never with the user's own."""

from __future__ import annotations

import pytest

from agent.offline.intents import plan_turn
from agent.offline.planners import Recall
from domain.entities import EntityDirectory, names
from domain.entities.places import country_of_zone, place_words
from domain.entities.spotting import Spotter
from tests.support.nlu_suite import load_suite

SPOT = Spotter(
    EntityDirectory(
        [
            names.plant("LKS", "Lakeside Assembly", "America/Detroit"),
            names.plant("SAL", "Saltillo Trim", "America/Monterrey"),
            names.plant("GYR", "Győr Electronics", "Europe/Budapest"),
            names.supplier("SAL", "Saltillo Trim"),
            names.supplier("VOLTAIC", "Voltaic Components"),
        ]
    )
)
VOCAB, _ = load_suite()


def test_a_plants_country_comes_from_its_time_zone() -> None:
    assert country_of_zone("Europe/Budapest") == "Hungary"
    assert country_of_zone("America/Monterrey") == "Mexico"
    assert country_of_zone("America/Detroit") == "United States"
    assert country_of_zone("Not/AZone") is None


def test_a_country_is_named_by_its_name_and_its_adjective() -> None:
    assert {"hungary", "hungarian"} <= set(place_words("Hungary"))
    assert {"mexico", "mexican"} <= set(place_words("Mexico"))
    assert {"US", "american"} <= set(place_words("United States"))


@pytest.mark.parametrize(
    ("text", "plant"),
    [
        ("OTIF at the Hungary plant last quarter", "GYR"),
        ("how is our Hungarian site doing", "GYR"),
        ("premium freight at the hungarians", "GYR"),
        ("shortages in Mexico", "SAL"),
        ("the mexican factory's clear to build", "SAL"),
        ("whats short at the US plant", "LKS"),
        ("the american site", "LKS"),
        ("the Budapest factory", "GYR"),
    ],
)
def test_a_plant_is_named_by_its_country_or_adjective(text: str, plant: str) -> None:
    spotted = SPOT.spot(text)
    assert spotted.of("plant") == [plant]
    assert spotted.unknown_plants == []


def test_us_in_small_letters_is_no_country() -> None:
    assert SPOT.spot("tell us about voltaic").of("plant") == []
    assert SPOT.spot("what's short at our plant").unknown_plants == []


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("supplier OTIF at the German plant", "Germany"),
        ("premium freight at the ohio plant", "Ohio"),
        ("what about the plant in Brazil", "Brazil"),
        ("otif at plant MTY", "MTY"),
    ],
)
def test_a_place_no_plant_of_ours_is_in_is_an_unknown_plant(text: str, unknown: str) -> None:
    spotted = SPOT.spot(text)
    assert spotted.of("plant") == []
    assert spotted.unknown_plants == [unknown]


@pytest.mark.parametrize(
    "text",
    ["OTIF of the assembly plant", "shortages at every plant", "what's short at my site"],
)
def test_generic_plant_words_name_no_unknown_plant(text: str) -> None:
    assert SPOT.spot(text).unknown_plants == []


def test_an_unknown_plant_is_answered_with_the_plants_never_with_our_own() -> None:
    plan = plan_turn("premium freight at the german plant this month?", Recall(), VOCAB)
    assert plan.calls == []
    assert plan.reply is not None
    assert "Germany" in plan.reply
    assert all(code in plan.reply for code in ("LKS", "SAL", "GYR"))
    assert "(Hungary)" in plan.reply and "(Mexico)" in plan.reply


def test_a_follow_up_naming_a_plant_by_country_reads_that_plant() -> None:
    recall = Recall(intent="kpi", calls=(("kpi_query", {"metric": "supplier_otif",
                                                        "period": "last quarter"}),))  # fmt: skip
    plan = plan_turn("and the hungarian one?", recall, VOCAB)
    assert plan.calls == [("kpi_query", {"metric": "supplier_otif", "period": "last quarter",
                                         "plant": "GYR"})]  # fmt: skip
