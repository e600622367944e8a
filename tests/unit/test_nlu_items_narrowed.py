"""An item named by a phrase several items fit is narrowed from the data before anyone is asked:
to the items active at the asker's plants, and for a question about a PO or an item's supply to
those with an open PO line there. One left answers; several are asked about, only those."""

from __future__ import annotations

from dataclasses import replace

import pytest

from agent.offline.intents import Recall, plan_turn
from agent.offline.narrowing import narrowed
from agent.offline.roles import Permits
from agent.offline.vocabulary import directory_of
from tests.support.nlu_suite import load_suite

BASE, _ = load_suite()
ITEMS = {
    "T-3415": "Vega pillar trim cover, charcoal",
    "T-3421": "Pillar trim cover, graphite",
    "T-3451": "Pillar trim cover, graphite",
    "T-3457": "Pillar trim cover",
    "T-3418": "Orion seat back cover, mocha",
    "T-3448": "Orion seat back cover, mocha",
}
VOCAB = replace(
    BASE,
    items={**BASE.items, **ITEMS},
    active_at={"T-3451": ("SAL",), "T-3457": ("SAL",), "T-3418": ("SAL",), "T-3421": ("GYR",)},
    on_order_at={"T-3451": ("SAL",), "T-3457": ("SAL",), "T-3418": ("SAL",)},
    directory=None,
)
VOCAB = replace(VOCAB, directory=directory_of(VOCAB))
SAM = Permits("buyer", {}, ("SAL",))


def _items(plan_calls: list[tuple[str, dict[str, object]]]) -> list[object]:
    return [a.get("item") for _, a in plan_calls if a.get("item")]


@pytest.mark.parametrize(
    "text",
    [
        "whats the status of the mocha back covers",
        "when do the mocha back covers come in?",
        "any open PO on the mocha back covers",
        "status on the mocha back covers pls",
        "mocha back covers - when's the next delivery",
        "are the mocha seat back covers on order?",
    ],
)
def test_one_item_left_at_the_askers_plant_is_the_one_meant(text: str) -> None:
    plan = plan_turn(text, Recall(), VOCAB, SAM)
    assert plan.calls, plan.reply
    assert _items(plan.calls) == ["T-3418"] or any(
        a.get("item") == "T-3418" for _, a in plan.calls
    ), plan.calls


@pytest.mark.parametrize(
    "text",
    [
        "any open PO for the pillar trim covers?",
        "when do the pillar trim covers arrive",
        "whats on order for pillar trim covers",
        "pillar trim cover delivery?",
        "is the pillar trim cover PO confirmed",
        "next truck of pilar trim covers",
    ],
)
def test_several_left_are_asked_about_by_name_only_those(text: str) -> None:
    plan = plan_turn(text, Recall(), VOCAB, SAM)
    assert plan.reply is not None and not plan.calls, plan.calls
    assert "T-3451" in plan.reply and "T-3457" in plan.reply
    assert "T-3415" not in plan.reply and "T-3421" not in plan.reply


def test_nothing_fits_the_askers_plants_keeps_every_candidate() -> None:
    m = replace(plan_mentions("the pillar trim covers"), items=[])
    kept = narrowed(m, "open_supply", VOCAB, ("LKS",))
    assert set(kept.item_choices) >= {"T-3451", "T-3457"}
    everywhere = narrowed(m, "lookup", VOCAB, ("*",))
    assert "T-3421" in everywhere.item_choices and "T-3415" not in everywhere.item_choices


def plan_mentions(text: str):  # type: ignore[no-untyped-def]
    from agent.offline.mentions import find_mentions

    return find_mentions(text, VOCAB)
