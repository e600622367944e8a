"""What a supplier confirmed on a PO ('what did Voltaic actually commit to on 7781?') reads the
PO line's confirmation, never the emails ('what did Voltaic say about 7781?' still does); a
supplier's things by possessive or 'from' ('Voltaic's modules', 'what's late from polyform')
read its open PO lines, late ones with their lateness. The answers state the typed rows."""

from __future__ import annotations

from typing import Any

from agent.offline.compose import Context, Observation, compose_answer
from agent.offline.intents import Recall, plan_turn
from agent.offline.po_lines import CONFIRMATION, LATE_LINES, SUPPLIER_LINES
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()


def _row(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "po_number": "PO-7781", "line_no": 1, "plant": "LKS", "item": "E-4410",
        "item_description": "Seat heater control module", "supplier": "VOLTAIC",
        "supplier_name": "Voltaic Components", "score": 70.0, "level": "high",
        "hits_production_in_horizon": True, "needed_in_horizon": True,
        "first_short_at": "Wed 2026-03-04 06:00", "qty_short": 30.0,
        "first_need_at": "Mon 2026-03-02 06:00", "first_need_work_order": "WO-SEAT1-0302-0600",
        "qty_ordered": 1000.0, "qty_received": 0.0, "open_qty": 1000.0, "confirmed_qty": 400.0,
        "confirmed_for": "Tue 2026-03-03 06:00", "unconfirmed_qty": 600.0,
        "holds_up_production": True, "arrives_at": "Tue 2026-03-03 06:00",
        "promised_at": "2026-03-03T06:00:00-05:00", "late": False, "days_late": 0.0,
        "arrives_late_hours": 0.0, "asn_number": None, "asn_status": "none", "main_reason": "",
    }  # fmt: skip
    return {**row, **changes}


def _result(*rows: dict[str, Any], late: int = 0) -> dict[str, Any]:
    data = {"horizon": "14d", "plants": ["LKS"], "total": len(rows), "hitting_production": 1,
            "late": late, "lines": list(rows)}  # fmt: skip
    return {"ok": True, "tool": "po_lines_by_impact", "data": data, "sources": ["PO-7781/1"],
            "policy": "ranked: ..."}  # fmt: skip


def _answer(intent: str, args: dict[str, Any], result: dict[str, Any]) -> str:
    obs = Observation("po_lines_by_impact", args, result)
    return compose_answer([obs], Context(intent=intent, suppliers=VOCAB.suppliers))


def test_a_commitment_asked_reads_the_po_line_not_the_emails() -> None:
    for text in (
        "what did Voltaic actually confirm on PO-7781?",
        "what did voltaic commit to on 7781",
        "whats confirmed on 7781",
        "has voltaic confirmed PO-7781 yet?",
    ):
        plan = plan_turn(text, Recall(), VOCAB)
        assert plan.intent == CONFIRMATION, text
        assert plan.calls == [("po_lines_by_impact", {"horizon": "14d", "po_number": "PO-7781"})]
    said = plan_turn("what did voltaic say about PO-7781?", Recall(), VOCAB)
    assert [n for n, _ in said.calls] == ["search_correspondence"]


def test_the_thread_po_is_the_one_meant_when_none_is_named() -> None:
    plan = plan_turn("what did they confirm?", Recall(po_number="PO-7795"), VOCAB)
    assert plan.calls == [("po_lines_by_impact", {"horizon": "14d", "po_number": "PO-7795"})]


def test_the_confirmation_answer_states_confirmed_of_ordered_when_and_the_rest() -> None:
    text = _answer(CONFIRMATION, {"po_number": "PO-7781"}, _result(_row()))
    assert "Voltaic Components confirmed 400 of the 1,000 ordered on PO-7781/1" in text
    assert "for Tue 2026-03-03 06:00" in text and "600 are unconfirmed" in text
    assert "ranked" not in text  # the policy says what confirmed means, not how lines rank
    full = _answer(CONFIRMATION, {}, _result(_row(confirmed_qty=1000.0, unconfirmed_qty=0.0)))
    assert "confirmed the full 1,000" in full
    none = _answer(CONFIRMATION, {}, _result(_row(confirmed_qty=None, confirmed_for=None)))
    assert "has not confirmed any of the 1,000 ordered" in none


def test_a_supplier_named_for_another_suppliers_po_is_told_whose_it_is() -> None:
    plan = plan_turn("what did polyform confirm on 7781", Recall(), VOCAB)
    obs = Observation("po_lines_by_impact", plan.calls[0][1], _result(_row()))
    ctx = Context(intent=plan.intent, focus=plan.focus, suppliers=VOCAB.suppliers)
    assert "PO-7781 is Voltaic Components' PO, not Polyform Foams'" in compose_answer([obs], ctx)


def test_a_suppliers_things_by_possessive_or_from_are_its_open_lines() -> None:
    for text, intent in (("Voltaic's modules?", SUPPLIER_LINES),
                         ("what's late from polyform", LATE_LINES),
                         ("anything overdue from trimtex?", LATE_LINES),
                         ("everything outstanding from voltaic", SUPPLIER_LINES)):  # fmt: skip
        plan = plan_turn(text, Recall(), VOCAB)
        assert plan.intent == intent, text
        assert plan.calls[0][0] == "po_lines_by_impact" and "supplier" in plan.calls[0][1]
    assert plan_turn("voltaic is late again, chase them", Recall(), VOCAB).intent == "escalation"
    assert plan_turn("rank voltaic's open lines by impact", Recall(), VOCAB).intent == (
        "ranked_po_lines"
    )


def test_late_lines_are_listed_with_their_days_late() -> None:
    late = _row(late=True, days_late=2.5, promised_at="2026-02-27T06:00:00-05:00")
    text = _answer(LATE_LINES, {"supplier": "VOLTAIC"}, _result(late, _row(po_number="PO-7819"),
                                                                late=1))  # fmt: skip
    assert "1 of Voltaic Components' 2 open PO line(s) at LKS are late" in text
    assert "PO-7781/1" in text and "2.5 days late" in text
    assert "late: promised before now and not received in full" in text


def test_nothing_late_says_so_and_names_what_will_arrive_after_its_date() -> None:
    held = _row(po_number="PO-7790", arrives_late_hours=45.0, asn_number="ASN-55102",
                asn_status="held", arrives_at="Wed 2026-03-04 11:00")  # fmt: skip
    text = _answer(LATE_LINES, {"supplier": "POLYFORM"}, _result(held, _row(po_number="PO-7795")))
    assert text.startswith("Nothing from Polyform Foams is late")
    assert "1 will arrive after its promised date" in text and "45 h after" in text
