"""Questions people ask about supply, read as questions: a supplier's order for an item is that
PO line's risk, "enough by Wednesday or do I chase them?" is coverage (the chase only wondered
about), "why?" after a shortage is its cause, and a plant's biggest risks are ranked."""

from __future__ import annotations

from typing import Any

from agent.offline.compose import Observation
from agent.offline.guard import is_propose
from agent.offline.intents import Recall, plan_turn
from agent.offline.resolve import next_step
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()


def tools(text: str, recall: Recall | None = None) -> list[str]:
    return [name for name, _ in plan_turn(text, recall or Recall(), VOCAB).calls]


def lines(*pos: str) -> Observation:
    rows: list[dict[str, Any]] = [
        {"po_number": po, "line_no": 1, "item": "E-4410", "supplier": "VOLTAIC"} for po in pos
    ]
    return Observation("po_lines_by_impact", {}, {"ok": True, "data": {"lines": rows}})


def test_a_suppliers_order_for_an_item_explains_the_line_most_likely_to_hit_production() -> None:
    plan = plan_turn("why's the Voltaic order for the heater modules flagged red?", Recall(), VOCAB)
    assert plan.calls == [("po_lines_by_impact", {"horizon": "14d", "item": "E-4410",
                                                  "supplier": "VOLTAIC"})]  # fmt: skip
    step = next_step(plan, [lines("PO-7781", "PO-7819")])
    assert step is not None and step.calls == [("explain_po_risk", {"po_number": "PO-7781"})]
    assert "PO-7781/1" in step.focus["resolved"]


def test_enough_by_a_day_or_chase_them_is_coverage_and_nothing_about_the_chase() -> None:
    for text in ("will we have enough heater modules by wed or do i need to chase voltaic",
                 "enough foam for thursday, or should we expedite polyform?",
                 "is E-4410 covered till friday or do we have to escalate"):  # fmt: skip
        planned = tools(text)
        assert planned == ["shortages"], (text, planned)
        assert not any(is_propose(t) for t in planned)


def test_why_after_a_shortage_reads_the_short_items_supply() -> None:
    short = Recall(intent="shortages", calls=(("shortages", {"item": "F-2200", "horizon": "90h"}),))
    assert tools("why?", short) == ["open_supply_for_item", "po_lines_by_impact"]
    assert tools("ok but why is that", short) == ["open_supply_for_item", "po_lines_by_impact"]
    # Without a shortage before it, "why?" is no shortage question.
    assert "open_supply_for_item" not in tools("why?")


def test_the_biggest_risks_of_a_plant_are_its_shortages_and_ranked_lines() -> None:
    plan = plan_turn("top 3 things that'll hurt saltillo this wk", Recall(), VOCAB)
    assert [n for n, _ in plan.calls] == ["shortages", "po_lines_by_impact"]
    assert all(a["plant"] == "SAL" for _, a in plan.calls)
    assert plan.calls[1][1]["top"] == 3
    # An item named is that item's question, not the plant's ranking.
    assert plan_turn("biggest issue with F-2200?", Recall(), VOCAB).intent != "top_risks"
