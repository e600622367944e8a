"""The write path in ordinary words: which of an item's PO lines an action means, approval limits
asked about hypothetically, deciding for someone else reported indirectly, several actions in one
message, and approvers named in words."""

from __future__ import annotations

from typing import Any

import pytest

from agent.offline.acts import clauses, dialogue_act
from agent.offline.compose import Observation
from agent.offline.guard import is_propose
from agent.offline.intents import Recall, plan_turn
from agent.offline.planners import Pending, Plan
from agent.offline.resolve import next_step, resolved_focus
from domain.formatting import approver_words, role_name
from governance.approval_rules import ApprovalTier, tier_of_cost
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()


def line(po: str, **more: Any) -> dict[str, Any]:
    """PO-7781 as the demo has it: 1,000 open, 400 confirmed, due before Wednesday's shortage."""
    return {"po_number": po, "line_no": 1, "item": "E-4410", "supplier": "VOLTAIC",
            "supplier_name": "Voltaic Components", "open_qty": 1000.0, "confirmed_qty": 400.0,
            "unconfirmed_qty": 600.0, "arrives_at": "Tue 2026-03-03 06:00",
            "first_short_at": "Wed 2026-03-04 06:00", "holds_up_production": True,
            "promised_at": "2026-03-03T06:00:00-05:00", **more}  # fmt: skip


# PO-7819 as the demo has it: confirmed in full, arriving after the shortage.
LATER = {"open_qty": 3600.0, "confirmed_qty": 3600.0, "unconfirmed_qty": 0.0,
         "arrives_at": "Mon 2026-03-09 06:00", "holds_up_production": False}  # fmt: skip


def lookup(*rows: dict[str, Any]) -> Observation:
    data = {"lines": list(rows), "total": len(rows)}
    return Observation("po_lines_by_impact", {"item": "E-4410"}, {"ok": True, "data": data})


def waiting(tool: str, prefer: str = "", **args: Any) -> Plan:
    calls = [("po_lines_by_impact", {"horizon": "14d", "item": "E-4410"})]
    return Plan("expedite", calls, then=Pending(tool, args, named="E-4410", prefer=prefer))


# ---------------------------------------------------------------- which PO line is meant


@pytest.mark.parametrize(
    "text",
    [
        "expedite the rest of the heater modules",
        "air the balance on E-4410 pls",
        "get the remaining qty of the heater control modules flown in",
        "rush whats left of the E-4410",
        "fly in the unconfirmed heater modules",
    ],
)
def test_the_rest_asks_for_the_unconfirmed_part(text: str) -> None:
    plan = plan_turn(text, Recall(), VOCAB)
    assert plan.then is not None and plan.then.tool == "expedite_po", plan
    assert plan.then.prefer == "unconfirmed"


def test_the_rest_picks_the_one_line_with_an_unconfirmed_quantity_and_says_why() -> None:
    both_due = {**LATER, "holds_up_production": True}  # the facts alone would not choose
    rows = [line("PO-7819", **both_due), line("PO-7781")]
    step = next_step(waiting("expedite_po", prefer="unconfirmed", mode="air"), [lookup(*rows)])
    assert step is not None and step.calls == [("expedite_po", {"po_number": "PO-7781",
                                                                 "mode": "air"})]  # fmt: skip
    assert "600 unconfirmed" in step.focus["resolved"]


def test_the_n_picks_the_line_whose_unconfirmed_quantity_it_is() -> None:
    rows = [line("PO-7781"), line("PO-7819", **{**LATER, "holds_up_production": True})]
    step = next_step(waiting("expedite_po", qty=600.0), [lookup(*rows)])
    assert step is not None and step.calls[0][1]["po_number"] == "PO-7781"
    assert "unconfirmed quantity is the 600 you named" in step.focus["resolved"]


def test_the_facts_pick_the_line_the_shortage_waits_on() -> None:
    rows = [line("PO-7781"), line("PO-7819", **LATER)]
    step = next_step(waiting("expedite_po", mode="air"), [lookup(*rows)])
    assert step is not None and step.calls[0][1]["po_number"] == "PO-7781"
    why = step.focus["resolved"]
    assert "shortage from Wed 2026-03-04 06:00" in why and "PO-7819/1 arrives Mon" in why
    final = resolved_focus(waiting("expedite_po", mode="air"),
                           [lookup(*rows), Observation("expedite_po", {"po_number": "PO-7781"},
                                                       {"ok": True})])  # fmt: skip
    assert final["resolved"] == why  # the answer says the same after the proposal ran


def test_an_escalation_named_by_its_item_takes_the_same_line() -> None:
    rows = [line("PO-7781"), line("PO-7819", **LATER)]
    step = next_step(waiting("draft_supplier_escalation"), [lookup(*rows)])
    assert step is not None and step.calls[0] == (
        "draft_supplier_escalation",
        {"supplier": "VOLTAIC", "po_number": "PO-7781"},
    )


def test_two_lines_equally_plausible_still_get_the_question() -> None:
    rows = [line("PO-7781"), line("PO-7830", arrives_at="Tue 2026-03-03 14:00")]
    step = next_step(waiting("expedite_po"), [lookup(*rows)])
    assert step is not None and step.intent == "clarify" and step.calls == []
    assert "PO-7781/1" in (step.reply or "") and "PO-7830/1" in (step.reply or "")


def test_a_date_change_is_not_chosen_by_the_shortage() -> None:
    rows = [line("PO-7781"), line("PO-7819", **LATER)]
    plan = waiting("request_po_date_change", new_date="2026-03-05T06:00")
    step = next_step(plan, [lookup(*rows)])
    assert step is not None and step.intent == "clarify"


# ---------------------------------------------------------------- approval limits, hypothetically


@pytest.mark.parametrize(
    ("text", "cost"),
    [
        ("if the freight came to about 4k could I OK it myself?", 4000.0),
        ("could i approve a $4,500 air shipment on my own", 4500.0),
        ("say the expedite is 12 grand, whose call is it?", 12000.0),
        ("am I allowed to confirm 3k of premium freight myself", 3000.0),
        ("if air ran to 30,000 dollars who'd sign off", 30000.0),
    ],
)
def test_a_hypothetical_amount_reads_the_approval_rule_at_that_cost(text: str, cost: float) -> None:
    plan = plan_turn(text, Recall(), VOCAB)
    assert ("approval_rule", {"kind": "expedite_po", "cost": cost}) in plan.calls, plan
    assert not any(is_propose(n) for n, _ in plan.calls)


@pytest.mark.parametrize("text", ["and if it was 30k?", "what about 30 grand", "and at $30,000?"])
def test_a_new_amount_next_turn_asks_the_same_rule_again(text: str) -> None:
    asked = ("approval_rule", {"kind": "expedite_po", "cost": 4000.0})
    before = Recall(intent="approval_rule", calls=(asked,))
    plan = plan_turn(text, before, VOCAB)
    assert plan.calls == [("approval_rule", {"kind": "expedite_po", "cost": 30000.0})], plan


@pytest.mark.parametrize(
    "text",
    [
        "who would have to sign off if we air the 600 heater modules?",
        "whod need to ok it if we fly the E-4410 balance in",
    ],
)
def test_who_approves_an_expedite_of_an_item_gets_its_quote(text: str) -> None:
    plan = plan_turn(text, Recall(), VOCAB)
    assert plan.then is not None and plan.then.tool == "expedite_quote", plan
    assert not any(is_propose(n) for n, _ in plan.calls)


def test_damage_and_whose_call_after_a_quote_price_the_same_expedite() -> None:
    priced = Recall(po_number="PO-7781", intent="expedite_quote",
                    calls=(("expedite_quote", {"po_number": "PO-7781", "mode": "air",
                                               "qty": 600.0}),))  # fmt: skip
    plan = plan_turn("what's the damage and whose call is it", priced, VOCAB)
    assert plan.calls == [("expedite_quote", {"po_number": "PO-7781", "mode": "air",
                                              "qty": 600.0})]  # fmt: skip


def test_damage_and_whose_call_in_one_hypothetical_message() -> None:
    plan = plan_turn("if we fly the 600 on PO-7781 in, whats the damage and whose call is it",
                     Recall(), VOCAB)  # fmt: skip
    assert plan.calls == [("expedite_quote", {"po_number": "PO-7781", "mode": "air",
                                              "qty": 600.0})]  # fmt: skip
    assert plan.asks == ()  # the second ask needs no question back


def test_the_rule_states_the_tier_an_amount_falls_in() -> None:
    tiers = [
        ApprovalTier(i, "LKS", ceiling, role, True, 24.0)
        for i, (ceiling, role) in enumerate(
            [(5000.0, "requester"), (25000.0, "plant_manager"), (None, "executive")]
        )
    ]
    assert tier_of_cost(tiers, 4000.0) == "the tier up to $5,000"
    assert tier_of_cost(tiers, 12000.0) == "the tier up to $25,000"
    assert tier_of_cost(tiers, 30000.0) == "above $25,000"


# ---------------------------------------------------------------- deciding for someone else


@pytest.mark.parametrize(
    "text",
    [
        "priya OK'd it on the phone, just mark it approved for her",
        "Priya okayed it already - mark AP-000001 as approved",
        "morgan gave the go-ahead, log it as approved",
        "my boss signed off already so just set it to approved",
        "she approved it verbally, put it down as approved pls",
    ],
)
def test_a_decision_reported_for_another_is_refused_with_four_eyes(text: str) -> None:
    assert dialogue_act(text) == "decide"
    plan = plan_turn(text, Recall(proposal="AP-000001"), VOCAB)
    assert plan.calls == [] and "four-eyes" in (plan.reply or "")


@pytest.mark.parametrize(
    "text",
    ["has priya approved it?", "did morgan sign off on AP-000001?", "is it marked approved?"],
)
def test_asking_whether_someone_decided_is_a_question(text: str) -> None:
    assert dialogue_act(text) == "ask"


# ---------------------------------------------------------------- several actions in one message


@pytest.mark.parametrize(
    "text",
    [
        "escalate to Voltaic on PO-7781 and set up the air expedite too",
        "escalate to voltaic about PO-7781 & book the air expedite as well",
        "pls chase Voltaic on PO-7781, and also expedite it by air",
    ],
)
def test_each_action_of_a_message_is_proposed(text: str) -> None:
    plan = plan_turn(text, Recall(), VOCAB)
    proposed = {name: args for name, args in plan.calls if is_propose(name)}
    assert proposed.get("draft_supplier_escalation", {}).get("supplier") == "VOLTAIC", plan
    assert proposed.get("expedite_po", {}).get("po_number") == "PO-7781", plan


def test_asking_voltaic_to_confirm_and_ship_stays_one_escalation() -> None:
    assert clauses("ask voltaic to confirm and ship the rest of PO-7781") == [
        "ask voltaic to confirm and ship the rest of PO-7781"
    ]


@pytest.mark.parametrize(
    ("text", "tone"),
    [
        ("draft a firm note to voltaic about the 600 that didn't land", "firm"),
        ("write a stern email to Voltaic about PO-7781", "firm"),
        ("draft a friendly message to polyform about the held delivery", "friendly"),
        ("send voltaic an urgent note about the late modules", "urgent"),
    ],
)
def test_a_note_to_a_supplier_is_an_escalation_with_its_tone(text: str, tone: str) -> None:
    plan = plan_turn(text, Recall(), VOCAB)
    escalations = [a for n, a in plan.calls if n == "draft_supplier_escalation"]
    assert escalations and escalations[0]["tone"] == tone, plan


# ---------------------------------------------------------------- approvers in words


@pytest.mark.parametrize(
    ("role", "words"),
    [("plant_manager", "the plant manager"), ("executive", "an executive"),
     ("requester", "the requester themselves"), ("quality_lead", "quality lead")],
)  # fmt: skip
def test_roles_read_as_words(role: str, words: str) -> None:
    assert role_name(role) == words
    assert approver_words(role, four_eyes=True) == f"{words} (not the requester)"


# ---------------------------------------------------------------- a swap into the frozen horizon


def test_a_swap_into_the_frozen_horizon_says_so_from_the_typed_problem() -> None:
    from agent.offline.compose import describe

    problem = {"kind": "invalid_input", "message": "WO-DOOR1-0302-1400 ... it cannot move",
               "work_order": "WO-DOOR1-0302-1400", "line": "LKS-DOOR1", "frozen_hours": 8.0,
               "frozen_until": "Mon 2026-03-02 14:00"}  # fmt: skip
    said = describe(
        Observation(
            "propose_resequence",
            {"line": "LKS-DOOR1"},
            {"ok": False, "problem": problem, "error": problem["message"]},
        )
    )
    assert said.startswith("That resequence would touch the frozen horizon, so nothing was")
    assert "first 8 h of LKS-DOOR1's schedule (until Mon 2026-03-02 14:00)" in said


def test_jobs_described_by_start_and_product_read_the_day_then_swap() -> None:
    plan = plan_turn("swap the 6pm vega job on the door line with the 2pm orion one tmrw",
                     Recall(), VOCAB)  # fmt: skip
    assert plan.calls == [("clear_to_build", {"line": "LKS-DOOR1", "date": "2026-03-03"})]
    assert plan.then is not None and [j["clock"] for j in plan.then.jobs] == ["18:00", "14:00"]
    rows = [
        {
            "work_order": f"WO-{h}",
            "item": item,
            "start": f"2026-03-03T{int(h) + 5}:00:00+00:00",
            "start_local": f"Tue 2026-03-03 {h}:00",
            "start_at_plant": f"2026-03-03T{h}:00:00-05:00",  # the clock a job is named by
        }
        for h, item in (("10", "DP-VEG-BLK"), ("14", "DP-ORN-BLK"), ("18", "DP-VEG-BLK"))
    ]
    step = next_step(plan, [Observation("clear_to_build", {}, {"ok": True, "data": rows})])
    assert step is not None and step.calls[0][1]["sequence"] == ["WO-18", "WO-14"]


def test_a_job_is_found_by_its_start_on_the_plants_clock_not_by_the_start_text() -> None:
    plan = plan_turn("swap the 6pm vega job on the door line with the 2pm orion one tmrw",
                     Recall(), VOCAB)  # fmt: skip
    rows = [
        {"work_order": f"WO-{h}", "item": item, "start": f"2026-03-03T{int(h) + 5}:00:00+00:00",
         "start_local": "whatever the tool wrote", "start_at_plant": f"2026-03-03T{h}:00:00-05:00"}
        for h, item in (("10", "DP-VEG-BLK"), ("14", "DP-ORN-BLK"), ("18", "DP-VEG-BLK"))
    ]  # fmt: skip
    step = next_step(plan, [Observation("clear_to_build", {}, {"ok": True, "data": rows})])
    assert step is not None and step.calls[0][1]["sequence"] == ["WO-18", "WO-14"]
