"""'How many days of E-4410 do we have left at LKS?' is the days of supply of that item (the KPI
catalogue's one definition: available on hand / average daily requirement over the next N
days), answered to one decimal with what it comes from; 'how long before we run out' is still
the item's first shortage."""

from __future__ import annotations

from typing import Any

from agent.offline.compose import Context, Observation, compose_answer
from agent.offline.days_of_supply import sentence
from agent.offline.intents import Recall, plan_turn
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()


def _kpi_row(value: float | None, num: float | None, den: float | None) -> dict[str, Any]:
    return {
        "scope_plant": "LKS", "kpi": "days_of_supply", "title": "Days of supply",
        "definition": "available on hand / average daily requirement over the next N days",
        "formula": "", "owner": "Materials planning", "unit": "days",
        "filters": {"plant": "LKS", "supplier": None, "item_family": None, "item": "E-4410"},
        "period": {"start": "2026-03-02T11:00:00+00:00", "end": "2026-03-16T11:00:00+00:00",
                   "label": "next 14d"},
        "as_of": "2026-03-02T11:00:00+00:00", "group_by": None, "value": value,
        "overall": {"group": "E-4410", "label": None, "value": value, "numerator": num,
                    "denominator": den, "count": 1},
        "rows": [], "notes": [],
    }  # fmt: skip


def test_days_left_of_an_item_is_its_days_of_supply() -> None:
    for text in ("how many days of E-4410 do we have left at LKS", "hw many days of foam left",
                 "how long will the foam last", "how many days' worth of T-3105 do we have",
                 "how many days can we run on the foam we have"):  # fmt: skip
        plan = plan_turn(text, Recall(), VOCAB)
        assert plan.calls and plan.calls[0][0] == "kpi_query", text
        assert plan.calls[0][1]["metric"] == "days_of_supply" and plan.calls[0][1].get("item")
    at_lks = plan_turn("how many days of E-4410 do we have left at LKS", Recall(), VOCAB)
    assert at_lks.calls == [
        ("kpi_query", {"metric": "days_of_supply", "plant": "LKS", "item": "E-4410"})
    ]


def test_running_out_and_days_late_are_not_days_of_supply() -> None:
    assert plan_turn("how long before we run out of heater modules", Recall(), VOCAB).intent == (
        "shortages"
    )
    late = plan_turn("how many days late is voltaic on E-4410", Recall(), VOCAB)
    assert late.calls[0][1]["metric"] == "average_days_late"


def test_the_answer_states_the_figure_to_one_decimal_and_its_inputs() -> None:
    row = _kpi_row(620 / 300, 620.0, 300.0)
    said = sentence(row, VOCAB.items)
    assert said == (
        "about 2.1 days of E-4410 (Seat heater control module) at LKS: 620 available, 300 a day "
        "on average."
    )
    result = {"ok": True, "tool": "kpi_query", "data": [row], "policy": "Days of supply: ..."}
    text = compose_answer([Observation("kpi_query", {}, result)], Context(names=VOCAB.items))
    assert text.startswith("Days of supply, next 14d, LKS, item E-4410: overall 2.1 days — about")
    assert "620 available, 300 a day" in text and "Policy: Days of supply" in text


def test_an_item_nothing_consumes_has_no_days_of_supply() -> None:
    said = sentence(_kpi_row(None, None, None), VOCAB.items) or ""
    assert "no work-order requirement at LKS" in said and "not defined" in said
