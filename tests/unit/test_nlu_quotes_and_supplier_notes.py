"""A quote asked by item and quantity ("air the 600 heater modules, what's the damage?") is a
question about the price: the item's open PO lines are read, one is quoted or several are named
back, nothing is proposed. Writing to a supplier in everyday verbs ("drop toledo a line", "email
the supplier on PO-7781") is a request for a supplier escalation."""

from __future__ import annotations

from typing import Any

import pytest

from agent.offline.acts import clause_act, clauses, dialogue_act
from agent.offline.compose import Observation
from agent.offline.guard import is_propose
from agent.offline.intents import Recall, plan_turn
from agent.offline.planners import Pending, Plan
from agent.offline.resolve import next_step
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()


@pytest.mark.parametrize(
    "text",
    [
        "air the 600 heater modules, what's the damage?",
        "fly in 600 heater modules - how much?",
        "air 600 E-4410, what'll that set us back",
        "rush 600 heater modules. cost?",
    ],
)
def test_the_price_asked_beside_the_action_makes_it_a_question(text: str) -> None:
    assert dialogue_act(text) == "ask"
    plan = plan_turn(text, Recall(), VOCAB)
    assert not any(is_propose(name) for name, _ in plan.calls)
    assert plan.then is not None and plan.then.tool == "expedite_quote"
    assert plan.then.args.get("qty") == 600.0


def test_a_bare_price_after_an_action_joins_its_clause() -> None:
    assert clauses("rush 600 heater modules. cost?") == ["rush 600 heater modules, cost?"]
    assert clause_act("expedite 600 E-4410 pls") == "request"  # no price asked: the order


def row(po: str, **more: Any) -> dict[str, Any]:
    return {"po_number": po, "line_no": 1, "item": "T-3105", "supplier": "SAL",
            "supplier_name": "Saltillo Trim", "open_qty": 1280.0, "confirmed_qty": 1280.0,
            "unconfirmed_qty": 0.0, "arrives_at": "Wed 2026-03-04 06:00",
            "holds_up_production": False, **more}  # fmt: skip


def test_a_quote_by_quantity_that_fits_no_one_line_names_the_candidates() -> None:
    lookup = Observation("po_lines_by_impact", {"item": "T-3105"}, {"ok": True, "data": {
        "lines": [row("PO-7802"), row("PO-7806", open_qty=2000.0)], "total": 2}})  # fmt: skip
    waiting = Plan("expedite_quote", [("po_lines_by_impact", {"item": "T-3105"})], act="ask",
                   then=Pending("expedite_quote", {"qty": 500.0, "mode": "truck"}, act="ask",
                                named="T-3105"))  # fmt: skip
    step = next_step(waiting, [lookup])
    assert step is not None and step.calls == [] and step.intent == "clarify"
    assert "PO-7802/1" in (step.reply or "") and "PO-7806/1" in (step.reply or "")
    assert [c["po_number"] for c in step.choices] == ["PO-7802", "PO-7806"]


def test_a_quote_by_quantity_that_fits_one_line_quotes_it() -> None:
    lookup = Observation("po_lines_by_impact", {"item": "T-3105"}, {"ok": True, "data": {
        "lines": [row("PO-7802"), row("PO-7806", open_qty=2000.0)], "total": 2}})  # fmt: skip
    waiting = Plan(
        "expedite_quote",
        [("po_lines_by_impact", {"item": "T-3105"})],
        act="ask",
        then=Pending("expedite_quote", {"qty": 2000.0}, act="ask", named="T-3105"),
    )
    step = next_step(waiting, [lookup])
    assert step is not None and step.calls == [("expedite_quote", {"po_number": "PO-7806",
                                                                   "qty": 2000.0})]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "call"),
    [
        ("send polyform a note re the ASN", ("draft_supplier_escalation",
                                             {"supplier": "POLYFORM", "po_number": "PO-7790"})),
        ("ping voltaic about the late modules", ("draft_supplier_escalation",
                                                 {"supplier": "VOLTAIC"})),
        ("reach out to polyform re the held shipment", ("draft_supplier_escalation",
                                                        {"supplier": "POLYFORM",
                                                         "po_number": "PO-7790"})),
        ("drop toledo a line asking for a new date", ("po_lines_by_impact",
                                                      {"horizon": "14d", "po_number": "PO-7790"})),
        ("email the supplier on PO-7781", ("po_lines_by_impact",
                                           {"horizon": "14d", "po_number": "PO-7781"})),
    ],
)  # fmt: skip
def test_writing_to_a_supplier_in_everyday_verbs_is_an_escalation(
    text: str, call: tuple[str, dict[str, Any]]
) -> None:
    assert dialogue_act(text) == "request"
    plan = plan_turn(text, Recall(), VOCAB)
    assert plan.intent == "escalation" and plan.calls == [call]
    if call[0] == "po_lines_by_impact":  # the PO's (or the held shipment's PO's) supplier next
        assert plan.then is not None and plan.then.tool == "draft_supplier_escalation"


@pytest.mark.parametrize(
    "text", ["write me a poem about foam", "did voltaic email us about PO-7781?",
             "email from voltaic about PO-7781?"]
)  # fmt: skip
def test_words_about_messages_that_ask_for_none_are_no_escalation(text: str) -> None:
    plan = plan_turn(text, Recall(), VOCAB)
    assert plan.intent != "escalation"
    assert not any(is_propose(name) for name, _ in plan.calls)
