"""The offline model reads the persona questions: intents, entities, periods, questions back."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from agent.offline.intents import APPROVE_IN_CHAT, CANT, Recall, plan_turn
from agent.offline.mentions import find_mentions, horizon_for
from agent.offline.vocabulary import Vocabulary

AS_OF = datetime(2026, 3, 2, 6, 0, tzinfo=ZoneInfo("America/Detroit"))
VOCAB = Vocabulary(
    items={
        "E-4410": "Seat heater control module",
        "E-4420": "Seat heater mat",
        "F-2200": "Front seat cushion foam",
        "T-3105": "Door armrest trim cover, black",
        "FS-ORN-H": "Orion heated front seat",
    },
    suppliers={
        "VOLTAIC": "Voltaic Components",
        "POLYFORM": "Polyform Foams",
        "MAPLEFOAM": "Maple Foam Products",
        "SAL": "Saltillo Trim",
    },
    lines={"LKS-SEAT1": "Front seat line 1", "LKS-DOOR1": "Door panel line 1"},
    plants={"LKS": "Lakeside Assembly", "SAL": "Saltillo Trim", "GYR": "Győr Electronics"},
    kpis={
        "supplier_otif": ("supplier otif", "otif", "on time in full"),
        "premium_freight_spend": ("premium freight spend", "premium freight"),
    },
    as_of=AS_OF,
)


def plan(text: str, recall: Recall | None = None):  # noqa: ANN201
    return plan_turn(text, recall or Recall(), VOCAB)


def test_what_will_stop_seat1_this_week_asks_for_shortages_on_the_line_to_sunday() -> None:
    p = plan("what will stop SEAT1 this week?")
    assert p.calls == [("shortages", {"horizon": "162h", "line": "LKS-SEAT1"})]


def test_why_is_a_po_risky_explains_its_risk() -> None:
    assert plan("why is PO-7781 risky?").calls == [("explain_po_risk", {"po_number": "PO-7781"})]


def test_escalation_names_the_supplier_from_its_name() -> None:
    p = plan("draft an escalation to Voltaic")
    assert p.calls == [("draft_supplier_escalation", {"supplier": "VOLTAIC"})]


def test_misspelt_supplier_is_matched_fuzzily() -> None:
    p = plan("please chase Voltiac")
    assert p.calls == [("draft_supplier_escalation", {"supplier": "VOLTAIC"})]


def test_the_600_takes_the_po_from_earlier_in_the_thread() -> None:
    p = plan("air-expedite the 600", Recall(po_number="PO-7781"))
    assert p.calls == [("expedite_po", {"po_number": "PO-7781", "mode": "air", "qty": 600.0})]


def test_expedite_without_any_po_asks_which() -> None:
    p = plan("air-expedite the 600")
    assert p.intent == "clarify" and p.calls == [] and "Which PO" in (p.reply or "")


def test_a_name_shared_by_several_suppliers_gets_a_question_back() -> None:
    p = plan("draft an escalation to the foam supplier")
    assert p.intent == "clarify"
    assert "MAPLEFOAM" in (p.reply or "") and "POLYFORM" in (p.reply or "")


def test_supplier_otif_over_the_last_90_days_ranks_suppliers() -> None:
    p = plan("supplier OTIF over the last 90 days")
    assert p.calls == [
        ("kpi_query", {"metric": "supplier_otif", "group_by": "supplier", "period": "last 90 days"})
    ]


def test_otif_by_plant_last_quarter() -> None:
    p = plan("supplier OTIF by plant last quarter")
    assert p.calls == [
        ("kpi_query", {"metric": "supplier_otif", "group_by": "plant", "period": "last quarter"})
    ]


def test_premium_freight_this_month_vs_last_is_one_comparison() -> None:
    p = plan("premium freight this month vs last")
    assert p.calls == [("kpi_compare", {"metric": "premium_freight_spend", "period": "this month"})]


def test_what_needs_my_approval() -> None:
    assert plan("what needs my approval?").calls == [
        ("pending_proposals", {"awaiting_my_approval": True})
    ]


def test_clear_to_build_tomorrow_is_the_next_day() -> None:
    p = plan("what is clear to build tomorrow on SEAT1?")
    assert p.calls == [("clear_to_build", {"line": "LKS-SEAT1", "date": "2026-03-03"})]


def test_item_by_description_and_open_supply() -> None:
    p = plan("when does more cushion foam arrive?")
    assert p.calls == [("open_supply_for_item", {"item": "F-2200"})]


def test_ambiguous_description_asks_which_item() -> None:
    p = plan("when do more seat heater parts arrive?")
    assert p.intent == "clarify" and "E-4410" in (p.reply or "") and "E-4420" in (p.reply or "")


def test_supplier_email_question_searches_correspondence() -> None:
    assert plan("what did Voltaic say in their last email?").calls == [
        ("search_correspondence", {"supplier": "VOLTAIC"})
    ]


def test_approving_in_chat_text_is_refused_with_the_real_way() -> None:
    refused = plan("approve all pending proposals")
    said = " ".join(refused.asks)
    assert APPROVE_IN_CHAT in said and "each proposal is decided on its own" in said
    # Beside the refusal only the pending proposals are read, for the approver to decide them.
    assert refused.calls == [("pending_proposals", {"status": "pending"})]


@pytest.mark.parametrize("text", ["what's the weather in Detroit?", "tell me a joke"])
def test_unknown_questions_say_so_rather_than_guess(text: str) -> None:
    p = plan(text)
    assert p.calls == [] and p.reply == CANT


def test_quantities_leave_out_ids_periods_and_money() -> None:
    m = find_mentions("expedite 600 E-4410 on PO-7781 for $6,800 over the last 90 days", VOCAB)
    assert m.quantities == [600.0]
    assert m.money == [6800.0]
    assert m.po_numbers == ["PO-7781"] and m.items == ["E-4410"] and m.period == "last 90 days"


def test_horizons_from_periods() -> None:
    assert horizon_for("today", AS_OF) == "18h"
    assert horizon_for("next 3 days", AS_OF) == "3d"
    assert horizon_for(None, AS_OF) == "14d"
