"""A yes to what the previous turn priced or weighed makes that proposal; a request the user's
role may not make is declined first, naming who may make it, before any question back."""

from __future__ import annotations

from typing import Any

import pytest

from agent.offline.acts import dialogue_act
from agent.offline.compose import Observation
from agent.offline.guard import is_propose
from agent.offline.intents import NOTHING_OFFERED, Recall, plan_turn
from agent.offline.model import offered
from agent.offline.planners import Plan
from agent.offline.roles import Permits, declined
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()
# Who may call each propose tool, as the demo's policy table has it.
POLICY = {
    "expedite_po": ["buyer", "plant_manager"],
    "draft_supplier_escalation": ["buyer", "executive", "plant_manager"],
    "request_po_date_change": ["buyer", "plant_manager"],
    "transfer_inventory": ["buyer", "planner", "plant_manager"],
    "propose_resequence": ["plant_manager", "planner"],
    "request_quality_review": ["buyer", "planner", "plant_manager"],
}
BUYER, PLANNER, EVALUATOR = (Permits(role, POLICY) for role in ("buyer", "planner", "evaluator"))
QUOTED = {"tool": "expedite_po", "args": {"po_number": "PO-7781", "mode": "air", "qty": 600.0}}


def proposed(plan: Plan) -> list[tuple[str, dict[str, Any]]]:
    return [(name, args) for name, args in plan.calls if is_propose(name)]


# ---------------------------------------------------------------- a yes to the previous turn


@pytest.mark.parametrize(
    "text",
    ["ok do it", "go ahead", "yes book it", "yep, go for it", "sure, do it then", "Ok. Do it.",
     "alright lets do it", "yes please", "great, book it pls"],
)  # fmt: skip
def test_a_yes_after_a_quote_proposes_what_was_priced(text: str) -> None:
    assert dialogue_act(text) == "request"
    plan = plan_turn(text, Recall(offer=QUOTED, po_number="PO-7781"), VOCAB, BUYER)
    assert proposed(plan) == [("expedite_po", QUOTED["args"])], plan


def test_the_mode_may_be_said_with_the_yes() -> None:
    plan = plan_turn("ok do it by truck", Recall(offer=QUOTED), VOCAB, BUYER)
    assert proposed(plan) == [("expedite_po", {**QUOTED["args"], "mode": "truck"})]


@pytest.mark.parametrize("text", ["ok", "thanks", "ok don't do it", "no, leave it", "nope"])
def test_an_acknowledgement_or_a_no_proposes_nothing(text: str) -> None:
    assert not proposed(plan_turn(text, Recall(offer=QUOTED), VOCAB, BUYER))


def test_a_yes_with_nothing_offered_says_so() -> None:
    plan = plan_turn("go ahead", Recall(), VOCAB, BUYER)
    assert plan.calls == [] and plan.reply == NOTHING_OFFERED


def test_a_quote_offers_its_expedite_and_a_negation_offers_nothing() -> None:
    quote = Observation("expedite_quote", {"po_number": "PO-7781", "qty": 600.0}, {"ok": True})
    assert offered(Plan("expedite_quote", act="ask"), [quote]) == {
        "tool": "expedite_po", "args": {"po_number": "PO-7781", "qty": 600.0, "mode": "air"}
    }  # fmt: skip
    # "Don't book it yet, what would it cost?": the price was asked for, so a yes may book it.
    assert offered(Plan("expedite_quote", act="negate"), [quote]) == offered(
        Plan("expedite_quote", act="ask"), [quote]
    )
    assert offered(Plan("negate", act="negate", offer=("expedite_po", {})), []) is None
    made = Observation("expedite_po", {"po_number": "PO-7781"}, {"ok": True})
    assert offered(Plan("expedite_quote", act="ask"), [quote, made]) is None


def test_a_what_if_offers_the_action_it_weighed() -> None:
    plan = plan_turn("what if we move PO-7790 to next thursday?", Recall(), VOCAB, BUYER)
    assert not proposed(plan)
    assert plan.offer is not None and plan.offer[0] == "request_po_date_change"
    assert plan.offer[1]["new_date"].startswith("2026-03-12")


# ---------------------------------------------------------------- the role is checked first


@pytest.mark.parametrize(
    ("text", "permits"),
    [
        ("expedite", PLANNER),
        ("draft an escalation to Voltaic", PLANNER),
        ("move PO-7790 to thursday", PLANNER),
        ("resequence SEAT1 to avoid the gap", BUYER),
    ],
)
def test_a_request_the_role_may_not_make_is_declined_naming_who_may(
    text: str, permits: Permits
) -> None:
    plan = plan_turn(text, Recall(), VOCAB, permits)
    assert plan.calls == [] and plan.then is None, plan
    assert plan.intent == "declined_for_role" and "Nothing was proposed" in (plan.reply or "")
    assert "?" not in (plan.reply or "").split(".")[0]  # a refusal, not a question back
    assert plan.declined and not any(permits.may(tool) for tool, _ in plan.declined)


@pytest.mark.parametrize(
    ("text", "permits"),
    [
        ("expedite the heater modules", PLANNER),
        ("book air on the heater modules", PLANNER),
        ("can we get a truck for the foam?", PLANNER),
        ("pls air the balance on E-4410", PLANNER),
        ("expedite PO-7781", EVALUATOR),
        ("expidite the heater modules asap", EVALUATOR),
    ],
)
def test_an_expedite_the_role_may_not_ask_for_is_declined_and_priced(
    text: str, permits: Permits
) -> None:
    plan = plan_turn(text, Recall(), VOCAB, permits)
    tools = [name for name, _ in plan.calls] + ([plan.then.tool] if plan.then else [])
    assert "expedite_po" not in tools and "expedite_quote" in tools, plan
    assert plan.act == "ask" and plan.focus.get("not_proposed") == "declined"
    assert plan.asks == (declined("expedite_po", permits),)
    assert plan.declined and not any(permits.may(tool) for tool, _ in plan.declined)


def test_the_refusal_names_the_roles_in_words() -> None:
    said = declined("expedite_po", PLANNER)
    assert said == (
        "As a planner you can't ask for an expedite: a buyer or the plant manager may propose one."
    )
    assert "an evaluator" in declined("propose_resequence", EVALUATOR)


def test_a_yes_to_an_action_the_role_may_not_make_is_declined() -> None:
    plan = plan_turn("ok do it", Recall(offer=QUOTED), VOCAB, PLANNER)
    assert plan.calls == [] and "As a planner" in (plan.reply or "")


def test_the_allowed_action_of_a_message_stays_beside_the_declined_one() -> None:
    plan = plan_turn("resequence SEAT1 to avoid the gap and expedite PO-7781", Recall(), VOCAB,
                     PLANNER)  # fmt: skip
    assert [n for n, _ in proposed(plan)] == ["propose_resequence"]
    assert any("As a planner" in ask for ask in plan.asks)
    assert [tool for tool, _ in plan.declined] == ["expedite_po"]  # for the refusal's record


def test_an_allowed_request_declines_nothing() -> None:
    assert plan_turn("expedite PO-7781", Recall(), VOCAB, BUYER).declined == ()


@pytest.mark.parametrize(
    "text", ["what would air cost for PO-7781?", "who approves an expedite of the heater modules"]
)
def test_questions_about_an_action_stay_open_to_every_role(text: str) -> None:
    plan = plan_turn(text, Recall(), VOCAB, EVALUATOR)
    assert plan.intent != "declined_for_role" and (plan.calls or plan.then)


def test_a_buyer_still_gets_the_expedite() -> None:
    plan = plan_turn("expedite PO-7781", Recall(), VOCAB, BUYER)
    assert proposed(plan) == [("expedite_po", {"po_number": "PO-7781", "mode": "air"})]
