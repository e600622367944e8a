"""The one resolver on the demo company: every kind, by code, name, typo and meaning."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from domain.entities import AmbiguousEntity, find_entities, load_directory, resolve_entity

pytestmark = pytest.mark.integration


def test_each_kind_resolves_from_its_code_or_name(demo_db_shared: Engine) -> None:
    assert resolve_entity(demo_db_shared, "item", "e-4410").code == "E-4410"
    assert resolve_entity(demo_db_shared, "supplier", "voltaic").code == "VOLTAIC"
    assert resolve_entity(demo_db_shared, "line", "lks-seat1").code == "LKS-SEAT1"
    assert resolve_entity(demo_db_shared, "plant", "Saltillo").code == "SAL"


def test_a_typo_resolves_by_fuzzy_matching(demo_db_shared: Engine) -> None:
    found = resolve_entity(demo_db_shared, "supplier", "voltiac componets")
    assert (found.code, found.how) == ("VOLTAIC", "fuzzy")


def test_a_description_in_other_words_resolves_by_meaning(demo_db_shared: Engine) -> None:
    found = find_entities(demo_db_shared, "item", "controller that warms the seat",
                          ways=("semantic",))  # fmt: skip
    assert found and found[0].how == "semantic" and found[0].code == "E-4410"


def test_the_directory_holds_every_kind_with_line_plants(demo_db_shared: Engine) -> None:
    directory = load_directory(demo_db_shared)
    assert {e.code for e in directory.entities("plant")} == {"LKS", "SAL", "GYR"}
    seat1 = directory.get("line", "LKS-SEAT1")
    assert seat1 is not None and seat1.plant == "LKS"


def test_a_shared_word_is_ambiguous_and_lists_the_candidates(demo_db_shared: Engine) -> None:
    with pytest.raises(AmbiguousEntity) as err:
        resolve_entity(demo_db_shared, "item", "foam")
    assert len(err.value.candidates) >= 2


def test_the_demo_names_things_by_what_they_are(demo_db_shared: Engine) -> None:
    from domain.entities.spotting import Spotter

    spot = Spotter(load_directory(demo_db_shared)).spot
    assert spot("when is the foam coming in").of("item") == ["F-2200"]
    assert spot("heater control modules - how bad is it").of("item") == ["E-4410"]
    assert spot("is the Toledo shipment still held?").of("shipment") == ["ASN-55102"]
    assert spot("when does the truck from polyform land").of("shipment") == ["ASN-55102"]
    assert spot("shortages in detroit").of("plant") == ["LKS"]
    assert spot("what stops the line that builds door panels").of("line") == ["LKS-DOOR1"]


def test_a_line_is_named_by_its_own_words_before_what_it_builds(demo_db_shared: Engine) -> None:
    from domain.entities.spotting import Spotter

    spot = Spotter(load_directory(demo_db_shared)).spot
    # SAL-SEW1 builds rear seat trim covers, GYR-SMT1 door control modules: not 'the seat line'.
    assert spot("what can we build next monday on the seat line?").of("line") == ["LKS-SEAT1"]
    assert spot("anythign short on the door line?").of("line") == ["LKS-DOOR1"]
    assert spot("escalate to poly").choices_of("supplier") == ["OAKRIDGE", "POLYFORM"]
