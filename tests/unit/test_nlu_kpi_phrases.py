"""KPIs in people's words: every catalogue KPI found under everyday names, fragments and typos;
each KPI of an ask read; a follow-up keeps its KPI; a by-plant answer lists every plant; a
pronoun with nothing before it is asked about."""

from __future__ import annotations

from typing import Any

import pytest

from agent.offline import kpi_words
from agent.offline.compose import Context, Observation, describe
from agent.offline.intents import Recall, plan_turn
from agent.offline.kpi_followups import grouping_in, kpi_refined
from agent.offline.mentions import find_kpis, find_mentions
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()


def test_words_are_matched_in_one_form() -> None:
    assert kpi_words.words("what % of our POs get confirmed in 48h") == [
        "what", "%", "po", "confirm", "in", "48", "hour"
    ]  # fmt: skip
    assert kpi_words.words("line hrs") == kpi_words.words("line hours")
    assert kpi_words.words("deliveries") == kpi_words.words("delivery")
    assert kpi_words.words("avg delay") == kpi_words.words("average delays")
    assert kpi_words.stem("aging") == "aging"  # too short a stem to take the ending off


@pytest.mark.parametrize(
    ("text", "kpi"),
    [
        ("what % of our POs get confirmed in 48h this quarter", "confirmation_rate"),
        ("po ack rate", "confirmation_rate"),
        ("confirmaton rate", "confirmation_rate"),  # a typo of a long word is mended
        ("how many line hrs are we exposed on right now", "line_stop_risk_hours"),
        ("how late are suppliers on average", "average_days_late"),  # words between
        ("schedule adherance", "schedule_adherence"),
        ("are we hitting the schedule", "schedule_adherence"),
        ("premium frieght", "premium_freight_spend"),
        ("expediting costs", "premium_freight_spend"),
        ("days of stock", "days_of_supply"),
        ("po lead time", "procurement_cycle_time"),
        ("how old are the open alerts", "exception_aging"),
        ("exception ageing", "exception_aging"),
        ("on time & in full", "supplier_otif"),
        ("deliveries on time", "supplier_on_time"),
    ],
)
def test_every_kpi_is_found_under_everyday_names(text: str, kpi: str) -> None:
    assert find_mentions(text, VOCAB).kpi == kpi


@pytest.mark.parametrize(
    "text",
    ["how much is confirmed on PO-7781", "how late is PO-7781", "is the foam on its way",
     "what is the lead on the foam", "line up a truck"],
)  # fmt: skip
def test_words_near_a_kpi_phrase_are_not_one(text: str) -> None:
    assert find_mentions(text, VOCAB).kpi is None


def test_two_word_phrases_need_their_words_together() -> None:
    assert find_mentions("days the delivery was late", VOCAB).kpi is None


def test_every_kpi_named_is_found_once_in_the_order_written() -> None:
    found = find_kpis("otif, confirmation rate and average days late for voltaic", VOCAB)
    assert found == ["supplier_otif", "confirmation_rate", "average_days_late"]


def test_every_kpi_of_one_ask_is_read_with_the_same_filters() -> None:
    plan = plan_turn("how late are they on avg lately, and otif compared to the rest",
                     Recall(supplier="VOLTAIC"), VOCAB)  # fmt: skip
    assert [(n, a["metric"], a.get("supplier"), a.get("compare_to")) for n, a in plan.calls] == [
        ("kpi_compare", "average_days_late", "VOLTAIC", "portfolio"),
        ("kpi_compare", "supplier_otif", "VOLTAIC", "portfolio"),
    ]


def test_a_kpi_over_a_period_is_its_value_not_an_action() -> None:
    plan = plan_turn("expediting costs in february", Recall(), VOCAB)
    assert plan.calls == [("kpi_query", {"metric": "premium_freight_spend", "period": "2026-02"})]
    wondered = plan_turn("what would expediting cost us this week", Recall(), VOCAB)
    assert not any(n == "kpi_query" for n, _ in wondered.calls)


def test_a_snapshot_kpi_counts_everything_open_unless_a_period_is_asked() -> None:
    assert plan_turn("exception aging", Recall(), VOCAB).calls == [
        ("kpi_query", {"metric": "exception_aging"})
    ]


KPI_READ = [("kpi_query", {"metric": "confirmation_rate", "period": "this quarter"})]


def test_a_compared_period_compares_the_kpi_read() -> None:
    assert kpi_refined(KPI_READ, "vs last quarter?", VOCAB.as_of) == [
        ("kpi_compare", {"metric": "confirmation_rate", "period": "this quarter",
                         "compare_to": "last quarter"}),
    ]  # fmt: skip


def test_a_breakdown_asked_after_a_kpi_breaks_the_same_kpi_down() -> None:
    assert grouping_in("and by site?") == "plant"
    assert kpi_refined(KPI_READ, "and by plant?", VOCAB.as_of) == [
        (
            "kpi_query",
            {"metric": "confirmation_rate", "period": "this quarter", "group_by": "plant"},
        )
    ]
    aging = [("kpi_query", {"metric": "exception_aging"})]
    assert kpi_refined(aging, "and last month?", VOCAB.as_of) == [
        ("kpi_query", {"metric": "exception_aging", "period": "last month"})
    ]
    assert kpi_refined(KPI_READ, "what about saltillo", VOCAB.as_of) == []  # the plant: refine's


def test_a_plants_kpis_are_read_when_asked_how_it_did() -> None:
    plan = plan_turn("how did lakeside do last month", Recall(), VOCAB)
    assert {a["metric"] for _, a in plan.calls} == {
        "schedule_adherence", "supplier_otif", "premium_freight_spend"
    }  # fmt: skip
    assert all(a["plant"] == "LKS" and a["period"] == "last month" for _, a in plan.calls)


def test_a_pronoun_with_nothing_before_it_is_asked_about() -> None:
    plan = plan_turn("how did they do last month", Recall(), VOCAB)
    assert plan.intent == "clarify" and not plan.calls
    assert plan.reply is not None
    assert "Whom do you mean" in plan.reply and "supplier" in plan.reply and "plant" in plan.reply
    assert "last month" in plan.reply
    kpi = plan_turn("what's their otif", Recall(), VOCAB)
    assert kpi.intent == "clarify" and kpi.reply is not None and "OTIF" in kpi.reply


def test_a_pronoun_after_a_supplier_means_that_supplier() -> None:
    plan = plan_turn("how did they do last month", Recall(supplier="VOLTAIC"), VOCAB)
    assert plan.calls == [("supplier_performance", {"supplier": "VOLTAIC",
                                                    "period": "last month"})]  # fmt: skip


def _by_plant(rows: list[dict[str, Any]], unit: str = "USD") -> Observation:
    row = {"kpi": "premium_freight_spend", "title": "Premium freight spend", "unit": unit,
           "value": 3800.0, "scope_plant": "all", "filters": {}, "group_by": "plant",
           "period": {"label": "2026-02"}, "rows": rows}  # fmt: skip
    return Observation("kpi_query", {"group_by": "plant"}, {"ok": True, "data": [row]})


def test_a_breakdown_by_plant_lists_every_plant_zeros_and_no_data_included() -> None:
    rows = [{"group": "GYR", "label": "Győr Electronics", "value": 0.0},
            {"group": "LKS", "label": "Lakeside Assembly", "value": None},
            {"group": "SAL", "label": "Saltillo Trim", "value": 3800.0}]  # fmt: skip
    text = describe(_by_plant(rows), Context())
    assert "- GYR (Győr Electronics) $0" in text
    assert "- SAL (Saltillo Trim) $3,800" in text
    assert "- LKS (Lakeside Assembly) no data" in text


def test_two_kpis_set_side_by_side_are_both_defined() -> None:
    plan = plan_turn("what's the difference between otif and on-time %", Recall(), VOCAB)
    assert plan.calls == [("kpi_query", {"metric": "supplier_otif"}),
                          ("kpi_query", {"metric": "supplier_on_time"})]  # fmt: skip
    assert "define" in plan.focus


def test_a_kpi_the_catalogue_lacks_is_said_so_with_its_nearest() -> None:
    plan = plan_turn("fill rate last month", Recall(), VOCAB)
    assert not plan.calls and plan.reply is not None
    assert plan.reply.startswith("Fill rate is not a KPI of the governed catalogue")
    assert "The nearest it has is Supplier OTIF" in plan.reply
    assert "Exception aging" in plan.reply  # what the catalogue has, every KPI
    oee = plan_turn("what's our OEE at lakeside", Recall(), VOCAB)
    assert oee.reply is not None and oee.reply.startswith("OEE is not a KPI")
    assert "nearest" not in oee.reply


def test_after_a_question_back_a_pronoun_still_has_nothing_before_it() -> None:
    plan = plan_turn("what's their otif last quarter", Recall(intent="clarify"), VOCAB)
    assert plan.intent == "clarify" and not plan.calls


def test_the_period_before_compares_with_the_previous_one() -> None:
    read = [("kpi_query", {"metric": "schedule_adherence", "period": "last month"})]
    assert kpi_refined(read, "vs the month before?", VOCAB.as_of) == [
        ("kpi_compare", {"metric": "schedule_adherence", "period": "last month",
                         "compare_to": "previous"}),
    ]  # fmt: skip


def test_no_data_overall_says_nothing_in_the_period_was_there_to_count() -> None:
    row = {"kpi": "schedule_adherence", "title": "Schedule adherence", "unit": "ratio",
           "value": None, "scope_plant": "GYR", "filters": {}, "group_by": None,
           "definition": "share of WOs due in the period completed in their scheduled shift",
           "period": {"label": "2026-02"}, "rows": [],
           "overall": {"value": None, "count": 0}}  # fmt: skip
    text = describe(Observation("kpi_query", {}, {"ok": True, "data": [row]}), Context())
    assert ("overall no data (no records in the period to count; the KPI is the share of WOs due "
            "in the period completed in their scheduled shift)") in text  # fmt: skip
    counted = {**row, "value": 0.5, "overall": {"value": 0.5, "count": 4}}
    text = describe(Observation("kpi_query", {}, {"ok": True, "data": [counted]}), Context())
    assert "no records" not in text
