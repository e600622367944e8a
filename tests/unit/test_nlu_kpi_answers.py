"""KPI questions answered as asked: a KPI's definition when asked how it is calculated, every
filter and the period's dates in the answer's label, and both plants of a plant-vs-plant ask."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from agent.offline.compose import Context, Observation, comparison, describe, period_label
from agent.offline.intents import Recall, plan_turn
from domain.kpis.period import parse_period
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()
OTIF_DEFINITION = "share of PO lines due in the period that were received in full"


def kpi_row(**more: Any) -> dict[str, Any]:
    return {"kpi": "supplier_otif", "title": "Supplier OTIF", "unit": "percent", "value": 40.0,
            "definition": OTIF_DEFINITION, "formula": "count of PO lines ... × 100",
            "owner": "Purchasing", "scope_plant": "all", "filters": {},
            "period": {"label": "2026-02", "start": "2026-02-01T00:00:00-05:00",
                       "end": "2026-03-01T00:00:00-05:00"}, "rows": [], **more}  # fmt: skip


def kpi(args: dict[str, Any], **row: Any) -> Observation:
    return Observation("kpi_query", args, {"ok": True, "data": [kpi_row(**row)]})


def test_a_supplier_filter_is_said_in_the_answer() -> None:
    obs = kpi({"supplier": "VOLTAIC"}, filters={"supplier": "VOLTAIC", "period": "2026-02"})
    text = describe(obs, Context(suppliers={"VOLTAIC": "Voltaic Components"}))
    assert text.startswith("Supplier OTIF, 2026-02, Voltaic Components (VOLTAIC), all plants:")


def test_relative_periods_say_which_dates_they_are() -> None:
    now = datetime(2026, 3, 2, 11, tzinfo=UTC)
    quarter = parse_period("last quarter", now, ZoneInfo("America/New_York")).as_dict()
    assert period_label(quarter) == "last quarter (2025-10-01 – 2025-12-31)"
    month = parse_period("last month", now, ZoneInfo("America/New_York")).as_dict()
    assert period_label(month) == "last month (2026-02-01 – 2026-02-28)"
    for said in ("2026-02", "90d", "2026-Q1"):  # their words say which dates they are
        assert period_label(parse_period(said, now).as_dict()) == said


def test_how_a_kpi_is_calculated_is_its_catalogue_definition_and_formula_only() -> None:
    plan = plan_turn("how do u calculate OTIF??", Recall(), VOCAB)
    assert plan.calls == [("kpi_query", {"metric": "supplier_otif"})]
    text = describe(kpi(plan.calls[0][1]), Context(intent=plan.intent, focus=plan.focus))
    assert text == (f"Supplier OTIF, as the KPI catalogue defines it (owner: Purchasing): "
                    f"{OTIF_DEFINITION}.\nFormula: count of PO lines ... × 100.")  # fmt: skip
    assert "40.0" not in text  # the value was not asked


def test_what_a_kpi_means_is_the_kpi_named_not_another() -> None:
    for text, metric in (("what does confirmation rate actually mean", "confirmation_rate"),
                         ("how's average days late worked out?", "average_days_late"),
                         ("whats the formula for days of supply", "days_of_supply")):  # fmt: skip
        plan = plan_turn(text, Recall(), VOCAB)
        assert [a["metric"] for _, a in plan.calls] == [metric], text
        assert plan.focus.get("define") == metric, text


def test_how_is_that_calculated_defines_the_kpi_just_answered() -> None:
    before = (("kpi_compare", {"metric": "supplier_otif", "supplier": "VOLTAIC",
                               "period": "last month", "compare_to": "portfolio"}),)  # fmt: skip
    plan = plan_turn("ok and how is that calculated?", Recall(intent="kpi", calls=before), VOCAB)
    assert plan.calls == [("kpi_query", {"metric": "supplier_otif"})]
    assert plan.focus.get("define") == "supplier_otif"


def test_plant_against_plant_keeps_both_plants_and_says_which_is_which() -> None:
    plan = plan_turn("OTIF at lakeside vs saltillo last qtr", Recall(), VOCAB)
    assert plan.calls == [
        (
            "kpi_compare",
            {
                "metric": "supplier_otif",
                "plant": "LKS",
                "other_plant": "SAL",
                "period": "last quarter",
            },
        )
    ]
    again = plan_turn("OTIF at saltillo against lakeside last qtr", Recall(), VOCAB)
    assert [(a["plant"], a["other_plant"]) for _, a in again.calls] == [("SAL", "LKS")]
    lks = kpi({"plant": "LKS"}, scope_plant="LKS", value=91.0)
    sal = kpi({"plant": "SAL"}, scope_plant="SAL", value=96.8)
    text = comparison([lks, sal]) or ""
    assert "LKS 2026-02 91.0%" in text and "SAL 2026-02 96.8%" in text


def test_a_supplier_named_after_a_ranking_asks_that_suppliers_own_value() -> None:
    ranked = (("kpi_query", {"metric": "supplier_otif", "group_by": "supplier",
                             "period": "last quarter"}),)  # fmt: skip
    plan = plan_turn("and for voltaic in feb?", Recall(intent="kpi", calls=ranked), VOCAB)
    assert plan.calls == [("kpi_query", {"metric": "supplier_otif", "supplier": "VOLTAIC",
                                         "period": "2026-02"})]  # fmt: skip


def test_the_gap_between_two_percentages_is_in_points_and_traces_to_its_inputs() -> None:
    import json

    from agent.grounding import unsupported_numbers
    from agent.offline.ledger import recording

    lks = kpi({"plant": "LKS"}, scope_plant="LKS", value=91.6)
    sal = kpi({"plant": "SAL"}, scope_plant="SAL", value=96.8)
    with recording() as derived:
        text = comparison([lks, sal]) or ""
    assert "5.2 pts lower" in text and "5.2%" not in text
    evidence = [json.dumps(o.result) for o in (lks, sal)]
    assert unsupported_numbers(text, evidence, derived) == []
    assert unsupported_numbers(text, evidence) == ["5.2"]  # the gap is no tool value by itself


def test_a_gap_in_money_or_days_keeps_its_unit() -> None:
    from domain.kpis import format_gap

    assert format_gap(5.2, "percent") == "5.2 pts"
    assert format_gap(2600.0, "USD") == "$2,600"
    assert format_gap(0.8, "days") == "0.8 days"


def test_a_definition_question_is_about_the_first_kpi_it_names_never_another() -> None:
    for text, metric in (("is OTIF just on-time % times in-full %?", "supplier_otif"),
                         ("what counts as late for OTIF", "supplier_otif"),
                         ("does otif count partial deliveries", "supplier_otif"),
                         ("define premium freight pls", "premium_freight_spend"),
                         ("explain confirmation rate", "confirmation_rate"),
                         ("what's considered on time for on-time %",
                          "supplier_on_time")):  # fmt: skip
        plan = plan_turn(text, Recall(), VOCAB)
        assert plan.act == "ask", text
        assert plan.calls == [("kpi_query", {"metric": metric})], text
        assert plan.focus == {"define": metric}, text


def test_a_kpi_question_with_a_supplier_or_period_asks_its_value() -> None:
    plan = plan_turn("is voltaic's otif just bad this month?", Recall(), VOCAB)
    assert "define" not in plan.focus
    assert plan.calls[0][1]["supplier"] == "VOLTAIC"


def test_a_definition_answer_states_no_figure_and_no_policy_repeat() -> None:
    from agent.offline.compose import compose_answer

    obs = Observation("kpi_query", {"metric": "supplier_otif"},
                      {"ok": True, "data": [kpi_row()], "policy": "Supplier OTIF: ...",
                       "sources": ["kpi:supplier_otif"]})  # fmt: skip
    text = compose_answer([obs], Context(intent="kpi", focus={"define": "supplier_otif"}))
    assert "40.0" not in text and "Policy:" not in text
    assert text.startswith("Supplier OTIF, as the KPI catalogue defines it")


def test_the_rest_of_the_portfolio_after_a_suppliers_kpi_compares_that_supplier() -> None:
    before = (("kpi_query", {"metric": "supplier_otif", "supplier": "VOLTAIC",
                             "period": "last quarter"}),)  # fmt: skip
    for text in ("vs everyone else?", "and the rest of the portfolio?",
                 "how's that compare to the other suppliers"):  # fmt: skip
        plan = plan_turn(text, Recall(intent="kpi", calls=before), VOCAB)
        assert plan.calls == [("kpi_compare", {"metric": "supplier_otif", "supplier": "VOLTAIC",
                                               "period": "last quarter",
                                               "compare_to": "portfolio"})], text  # fmt: skip
