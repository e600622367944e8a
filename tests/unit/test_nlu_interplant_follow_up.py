"""Inbound supply from another plant as a follow-up: after an item's supply, 'next batch from
mexico?' or 'what about the one from saltillo' is the interplant PO from that plant to ours (its
supplier is the shipping plant), never a read of the other plant's own supply."""

from __future__ import annotations

from agent.offline.intents import Recall, plan_turn
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()
SUPPLY = Recall(intent="open_supply", item="T-3105",
                calls=(("open_supply_for_item", {"item": "T-3105"}),))  # fmt: skip
FROM_SAL = ("po_lines_by_impact", {"horizon": "14d", "item": "T-3105", "supplier": "SAL"})


def test_a_plant_named_as_the_source_is_the_interplant_supplier() -> None:
    for text in (
        "next batch from mexico?",
        "what about the one from saltillo",
        "and from SAL?",
        "whens the next one coming from saltillo",
        "the mexican one?",
        "saltillo?",
    ):
        assert plan_turn(text, SUPPLY, VOCAB).calls == [FROM_SAL], text


def test_the_receiving_plant_stays_where_it_arrives() -> None:
    read = ("open_supply_for_item", {"item": "T-3105", "plant": "LKS"})
    at_lks = Recall(intent="open_supply", item="T-3105", calls=(read,))
    plan = plan_turn("next batch from mexico?", at_lks, VOCAB)
    assert plan.calls == [("po_lines_by_impact", {**FROM_SAL[1], "plant": "LKS"})]
    # "and at saltillo?": the plant where it arrives, as asked (its scope is governance's)
    plan = plan_turn("and at saltillo?", SUPPLY, VOCAB)
    assert plan.calls == [("open_supply_for_item", {"item": "T-3105", "plant": "SAL"})]


def test_a_plant_after_a_plant_wide_ask_is_still_that_plant() -> None:
    ranked = Recall(intent="ranked_po_lines", calls=(("po_lines_by_impact", {"horizon": "48h"}),))
    plan = plan_turn("what about saltillo", ranked, VOCAB)
    assert plan.calls == [("po_lines_by_impact", {"horizon": "48h", "plant": "SAL"})]


def test_supply_on_the_way_from_a_plant_reads_its_interplant_lines() -> None:
    plan = plan_turn("anything on the way from the mexican plant?", Recall(), VOCAB)
    assert plan.calls == [("po_lines_by_impact", {"horizon": "14d", "supplier": "SAL"})]
