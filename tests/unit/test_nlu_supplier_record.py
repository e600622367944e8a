"""A supplier's record asked in verbs ('how was Voltaic at confirming back in jan?') reads the KPI
the verb measures, for that supplier and period; a question about one PO, shipment or quantity
of theirs stays a question about that thing."""

from __future__ import annotations

from agent.offline.intents import Recall, plan_turn
from agent.offline.slots import periods_in
from agent.offline.supplier_record import record_kpi
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()


def kpi_call(text: str) -> dict[str, object]:
    plan = plan_turn(text, Recall(), VOCAB)
    assert [name for name, _ in plan.calls] == ["kpi_query"], (text, plan)
    return plan.calls[0][1]


def test_a_verb_of_a_suppliers_conduct_names_the_kpi_that_measures_it() -> None:
    assert record_kpi("how was voltaic at confirming") == "confirmation_rate"
    assert record_kpi("acknowledged their orders") == "confirmation_rate"
    assert record_kpi("how late were they") == "average_days_late"
    assert record_kpi("late deliveries") == "supplier_on_time"
    assert record_kpi("how have they been delivering") == "supplier_otif"
    assert record_kpi("what is short today") is None


def test_that_kpi_only_for_that_supplier_and_the_month_named() -> None:
    args = kpi_call("how was voltaic at confirming back in jan?")
    assert args == {"metric": "confirmation_rate", "supplier": "VOLTAIC", "period": "2026-01"}
    assert kpi_call("polyform late deliveries last month")["metric"] == "supplier_on_time"
    assert kpi_call("how late was voltaic in december")["period"] == "2025-12"


def test_without_a_period_a_question_about_their_record_reads_the_default_window() -> None:
    args = kpi_call("how quick is polyform to confirm POs")
    assert args["metric"] == "confirmation_rate" and args["period"] == "last 90 days"


def test_a_question_about_one_thing_of_theirs_is_not_their_record() -> None:
    for text in (
        "has voltaic confirmed PO-7781?",
        "did voltaic confirm the 600",
        "what did voltaic confirm",
    ):
        plan = plan_turn(text, Recall(), VOCAB)
        assert not any(name == "kpi_query" for name, _ in plan.calls), (text, plan)


def test_since_a_month_runs_from_its_first_day_to_today() -> None:
    assert periods_in("otif since december", VOCAB.as_of) == ["2025-12-01..2026-03-02"]
    assert periods_in("since the start of feb", VOCAB.as_of) == ["2026-02-01..2026-03-02"]


def test_a_supplier_asked_how_they_did_in_a_month_gets_that_months_record() -> None:
    plan = plan_turn("how did voltaic do in january", Recall(), VOCAB)
    assert plan.calls == [("supplier_performance", {"supplier": "VOLTAIC", "period": "2026-01"})]
