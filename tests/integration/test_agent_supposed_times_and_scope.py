"""On the demo, end to end: a shipment supposed to clear its hub, a paste's arrival supposed
("if that holds"), an hour read on the day the thread was about, a PO shipped early and then
asked for, an action beside a premium kind turned down, every plant on another plant's clock,
and line-stop risk hours split by line."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from agent.runner import Agent
from tests.integration.tools_support import call, data
from tests.support.agent import ask

pytestmark = pytest.mark.integration


def test_a_shipment_supposed_to_clear_its_hub_by_noon(agent: Agent) -> None:
    ask(agent, "dana.kim", "where's the polyform foam truck at", "t-clears")
    supposed = ask(agent, "dana.kim", "what if it clears toledo by noon tmrw", "t-clears")
    assert supposed.proposals == []
    assert supposed.answer.startswith("If ASN-55102 arrives Tue 2026-03-03 12:00")
    assert "No shortages in F-2200" in supposed.answer


def test_an_action_beside_a_premium_kind_turned_down_is_still_asked_for(agent: Agent) -> None:
    ask(agent, "dana.kim", "where's the polyform foam truck at", "t-chase")
    chased = ask(agent, "dana.kim", "ok chase polyform on it, dont book anything premium",
                 "t-chase")  # fmt: skip
    assert [p["kind"] for p in chased.proposals] == ["supplier_escalation"]


def test_a_pasted_arrival_supposed_if_it_holds(agent: Agent) -> None:
    pasted = (
        'fyi from polyform: "Dana - our load on ASN 55102 was pulled for inspection at the '
        "Toledo hub, carrier says it's released tomorrow AM and should hit your dock by noon "
        'Tue." if that holds are we ok on seat foam? dont change anything in the system yet'
    )
    result = ask(agent, "dana.kim", pasted, "t-paste-eta")
    assert result.proposals == []
    assert result.answer.startswith("If ASN-55102 arrives Tue 2026-03-03 12:00")
    assert "as the pasted text says" in result.answer
    assert "No shortages in F-2200" in result.answer


def test_an_hour_without_a_day_is_on_the_day_the_thread_was_about(agent: Agent) -> None:
    ask(agent, "luis.ortega", "whats clear to build tmrw", "t-noon")
    said = "and if QA clears the black armrest lot at noon like they said"
    released = ask(agent, "luis.ortega", said, "t-noon")
    assert released.proposals == []
    assert "released Tue 2026-03-03 12:00" in released.answer


def test_a_po_shipped_early_is_weighed_then_asked_for(agent: Agent) -> None:
    weighed = ask(agent, "dana.kim", "if the armrest lot gets scrapped could sal ship 7802 tmrw "
                  "first thing instead of wed", "t-7802")  # fmt: skip
    assert weighed.proposals == []
    assert weighed.answer.startswith("If PO-7802 arrives Tue 2026-03-03 06:00")
    assert "covered again Tue 2026-03-03 06:00 by PO-7802/1" in weighed.answer
    asked = ask(agent, "dana.kim", "do it, request the date change", "t-7802")
    assert [p["kind"] for p in asked.proposals] == ["po_date_change"]
    assert "Wed 2026-03-04 06:00 → Tue 2026-03-03 06:00" in asked.answer


def test_every_plant_on_another_plants_clock(agent: Agent) -> None:
    asked = "whats burning across all 3 plants this wk, budapest time pls im at gyor"
    result = ask(agent, "morgan.lee", asked, "t-budapest")
    assert result.proposals == []
    assert "in GYR, LKS, SAL (times on GYR's clock, Europe/Budapest)" in result.answer
    # LKS's Mon 10:00 and Wed 06:00 are 16:00 and 12:00 in Budapest
    assert "T-3105 first short Mon 2026-03-02 16:00, 20 short" in result.answer
    assert "E-4410 first short Wed 2026-03-04 12:00, 30 short" in result.answer


def test_line_stop_risk_hours_split_by_line(agent: Agent) -> None:
    result = ask(agent, "luis.ortega", "line stop risk hrs lakeside this wk, split by line",
                 "t-by-line")  # fmt: skip
    assert "this week (2026-03-02 – 2026-03-08), LKS" in result.answer
    assert "- LKS-SEAT1 (Front seat line 1 (mixed model)) 22.0 hours" in result.answer
    assert "- LKS-DOOR1 (Door panel line 1) 40.0 hours" in result.answer


def test_told_to_approve_what_it_raises_it_raises_and_says_who_decides(agent: Agent) -> None:
    asked = "priya's out today so raise the air on 7781 and just approve it urself"
    result = ask(agent, "dana.kim", asked, "t-urself")
    assert [(p["kind"], p["status"]) for p in result.proposals] == [("expedite_po", "pending")]
    assert "I can't approve AP-" in result.answer
    assert "needs approval by the plant manager (not the requester)" in result.answer
    later = ask(agent, "dana.kim", "so what happens if nobody gets to it before wed", "t-urself")
    assert later.proposals == []
    assert "denied by default" in later.answer


def test_an_evaluator_told_to_approve_hears_the_role_is_read_only(agent: Agent) -> None:
    asked = "approve the pending air freight on 7781, just testing"
    result = ask(agent, "eve.tester", asked, "t-eve-approve")
    assert result.proposals == []
    assert result.answer.startswith("As an evaluator you can't approve or reject anything")


def test_a_definition_with_what_a_period_word_means_now(agent: Agent) -> None:
    asked = 'fine. how\'s schedule adherence defined and what does "last month" mean right now'
    result = ask(agent, "eve.tester", asked, "t-eve-define")
    assert result.answer.startswith("Schedule adherence, as the KPI catalogue defines it")
    assert "As of now, “last month” runs 2026-02-01 – 2026-02-28." in result.answer


def test_a_supplier_kpi_ranked_by_who_is_worst(agent: Agent) -> None:
    result = ask(agent, "sam.okafor", "conf rate for my saltillo POs last 30d, who's worst",
                 "t-worst")  # fmt: skip
    assert "Confirmation rate, last 30 days" in result.answer
    assert "Lowest: " in result.answer


def test_a_loosely_named_draft_to_a_supplier_is_an_escalation(agent: Agent) -> None:
    asked = ("draft something to voltaic on 7781 - need the other 600 confirmed for tue 6am or "
             "we lose orion wed first shift. firm but polite")  # fmt: skip
    result = ask(agent, "dana.kim", asked, "t-draft-sth")
    assert [p["kind"] for p in result.proposals] == ["supplier_escalation"]


def test_a_managers_own_expedite_with_its_reason_is_raised_not_self_approved(
    agent: Agent,
) -> None:
    asked = "voltaic 600 - just put the air freight in, i'll approve it myself so we dont lose time"
    result = ask(agent, "priya.nair", asked, "t-pm-own")
    assert [(p["kind"], p["cost"]) for p in result.proposals] == [("expedite_po", 6800.0)]
    assert "You can't approve AP-" in result.answer and "four-eyes" in result.answer


def test_whether_one_could_have_decided_it_at_a_supposed_price(agent: Agent) -> None:
    asked = "hypothetically if the air quote was like 4.5k could i have just pushed it thru myself?"
    result = ask(agent, "dana.kim", asked, "t-4k5")
    assert result.proposals == []
    assert "At $4,500.00: the requester themselves (the tier up to $5,000)" in result.answer


def test_the_biggest_fire_today_is_the_days_top_risks(agent: Agent) -> None:
    result = ask(agent, "priya.nair", "whats the biggest fire at lakeside today then", "t-fire")
    assert "T-3105 first short Mon 2026-03-02 10:00, 20 short" in result.answer


def test_another_teams_question_on_their_clock(agent: Agent) -> None:
    asked = (
        "gyr team asking when lakeside actually runs out of E4410, can u give it in budapest time"
    )
    result = ask(agent, "dana.kim", asked, "t-gyr-asks")
    assert "E-4410 first short Wed 2026-03-04 12:00, 30 short" in result.answer
    foam = ask(agent, "dana.kim", "and the foam gap, same tz", "t-gyr-asks")
    assert "F-2200 first short Wed 2026-03-04 16:00, 200 short" in foam.answer
    asked = ("sal is asking when we go short on the black armrest covers and when their 7802 "
             "truck lands - in their time pls")  # fmt: skip
    theirs = ask(agent, "luis.ortega", asked, "t-sal-asks")
    assert "(times on SAL's clock, America/Monterrey)" in theirs.answer
    assert "T-3105 first short Mon 2026-03-02 09:00" in theirs.answer
    assert "covered again Wed 2026-03-04 05:00 by PO-7802/1" in theirs.answer


def test_approving_what_was_only_priced_says_nothing_is_pending(agent: Agent) -> None:
    ask(agent, "priya.nair", "dana wants to air the voltaic 600. 6.8k?? walk me thru why",
        "t-only-priced")  # fmt: skip
    result = ask(agent, "priya.nair", "fine approve it", "t-only-priced")
    assert result.proposals == []
    assert result.answer.startswith("There is nothing to approve yet: an expedite was only priced")


def test_when_a_proposals_expiry_starts(agent: Agent) -> None:
    ask(agent, "priya.nair", "if i just ignore luis's reshuffle request what happens", "t-24h")
    result = ask(agent, "priya.nair", "24h from when he sent it or from when i open it?", "t-24h")
    assert result.proposals == []
    assert "expire 24 h after they are made" in result.answer


def test_a_swap_after_a_shortage_reads_the_line_that_uses_the_item(agent: Agent) -> None:
    ask(agent, "dana.kim", "polyform hub thing - how bad is it really? just the 1 hr?", "t-swap")
    swap = "would swapping the wed 10:00 vega with the 14:00 orion fix it?"
    result = ask(agent, "dana.kim", swap, "t-swap")
    assert result.proposals == []
    assert "WO-SEAT1-0304-1400 14:00 (E-4410 210 short)" in result.answer


def test_the_arithmetic_of_a_shortage_is_the_projection_walked(agent: Agent) -> None:
    asked = "explain the 30 short on e-4410, i dont get how 620 on hand + 400 coming = short wed"
    result = ask(agent, "dana.kim", asked, "t-walk")
    assert result.proposals == []
    assert result.answer.startswith("E-4410 at LKS: 620 available at Mon 2026-03-02 06:00")
    assert "- Tue 2026-03-03 06:00 PO-7781/1 +400 confirmed → 600" in result.answer
    assert "- Wed 2026-03-04 06:00 WO-SEAT1-0304-0600 −210 → -30 (30 short)" in result.answer
    ask(agent, "dana.kim", "morning - what's gonna stop my lines this wk?", "t-walk-2")
    heater = "the heater one - why only 30 short if voltaic shorted us 600??"
    picked = ask(agent, "dana.kim", heater, "t-walk-2")
    assert [c["name"] for c in picked.tool_calls] == ["material_balance"]
    assert "first short Wed 2026-03-04 06:00, 30 short (WO-SEAT1-0304-0600)" in picked.answer


def test_the_material_balance_tool_states_each_step(demo_db_shared: Engine) -> None:
    engine = demo_db_shared
    result = call(engine, "luis.ortega", "material_balance", {"item": "T-3105"})
    walked = data(result)
    assert (walked["opening_available"], walked["held"]) == (300.0, 1500.0)
    assert [(s["ref"], s["balance"]) for s in walked["steps"][:2]] == [
        ("WO-DOOR1-0302-0600", 140.0), ("WO-DOOR1-0302-1000", -20.0)]  # fmt: skip
    assert walked["first_short_qty"] == 20.0
    released = data(call(engine, "luis.ortega", "material_balance",
                         {"item": "T-3105", "include_held": True}))  # fmt: skip
    # the held 1,500 counted: 1,800 to start, and no short within the week
    assert (released["opening_available"], released["first_short_at"]) == (1800.0, None)


def test_a_run_asked_about_by_time_and_product_is_that_days_clear_to_build(agent: Agent) -> None:
    asked = "so the 2pm orion on seat1 tmrw is def fine? even w/o the rest of voltaic's stuff"
    result = ask(agent, "luis.ortega", asked, "t-run-fine")
    assert result.proposals == []
    assert "LKS Tue 2026-03-03: 4 of 4 WOs clear" in result.answer


def test_a_month_day_date_moves_the_po_to_that_day(agent: Agent) -> None:
    asked = "ask voltaic to move the 600 on 7781 ln1 to mon 3/9 6am as a firm date, ill approve it"
    result = ask(agent, "dana.kim", asked, "t-3-9")
    assert [p["kind"] for p in result.proposals] == ["po_date_change"]
    assert "→ Mon 2026-03-09 06:00" in result.answer


def test_who_signs_a_reshuffle_and_where_it_is_decided(agent: Agent) -> None:
    asked = ("who signs off if i reshuffle seat1 + door1 for wed, and can priya ok it from slack "
             "or does she need the console")  # fmt: skip
    result = ask(agent, "luis.ortega", asked, "t-where")
    assert result.proposals == []
    assert "Approval rule for a resequence at LKS: at any cost: the plant manager" in result.answer
    assert "the approval buttons in Slack or Teams, the console's approvals" in result.answer


def test_how_many_units_of_a_product_cannot_be_built(agent: Agent) -> None:
    asked = "if voltaic never ships the 600, how many orion seats are we short by friday night"
    result = ask(agent, "priya.nair", asked, "t-seats")
    assert result.proposals == []
    # Wed 06:00 is 30 short; the five Orion WOs after it, to Friday, 210 each
    assert result.answer.startswith("1,080 FS-ORN-H cannot be built for want of a short "
                                    "component, over 6 work orders")  # fmt: skip


def test_three_questions_listed_each_answered(agent: Agent) -> None:
    asked = ("3 qs: where's asn-55102 sitting, did voltaic confirm the rest of 7781 yet, and "
             "whats the next polyform PO after that one")  # fmt: skip
    result = ask(agent, "dana.kim", asked, "t-3qs")
    assert result.proposals == []
    assert "ASN-55102 2,400 held at Toledo cross-dock, ETA Wed 2026-03-04 11:00" in result.answer
    assert "PO-7781/1 E-4410 (Voltaic Components)" in result.answer
    assert "the next scheduled receipt of F-2200 is PO-7795/1 from Polyform Foams" in result.answer


def test_the_options_for_an_items_gap_are_facts_to_choose_from(agent: Agent) -> None:
    asked = ("heater module gap on seat1 - what are my options? dont build anything yet just "
             "talk me thru it")  # fmt: skip
    result = ask(agent, "luis.ortega", asked, "t-options")
    assert result.proposals == []
    assert "Next shortage: Wed 2026-03-04 06:00 at LKS, 30 short" in result.answer
    assert "Approval rule for a resequence at LKS: at any cost: the plant manager" in result.answer
    assert "Expedite options for 600 E-4410 of PO-7781/1: air $6,800.00" in result.answer


def test_the_unconfirmed_flown_in_over_the_whole_week(agent: Agent) -> None:
    asked = "if we air the 600 in before wed are we good for the whole week on seat1?"
    result = ask(agent, "dana.kim", asked, "t-air-week")
    assert result.proposals == []
    # with the 600 counted the modules last to Thu 06:00: Thu 14:00 is 60 short
    assert "E-4410 first short Thu 2026-03-05 14:00, 60 short" in result.answer


def test_a_time_on_another_clock_beside_when_the_item_is_needed(agent: Agent) -> None:
    ask(agent, "dana.kim", "what did voltaic confirm on 7781 and for when", "t-need")
    asked = ("their rep says theyll confirm the rest by 9am budapest time tmrw, is that before "
             "we need it")  # fmt: skip
    result = ask(agent, "dana.kim", asked, "t-need")
    assert result.proposals == []
    assert "E-4410 first short Wed 2026-03-04 12:00, 30 short" in result.answer


def test_a_managers_own_expedite_and_another_approver_asked_after(agent: Agent) -> None:
    asked = "dana's out, if i raise the 6800 expedite myself can i approve it too?"
    result = ask(agent, "priya.nair", asked, "t-pm-self")
    assert result.proposals == []
    assert "not if you request it yourself (four-eyes)" in result.answer
    morgan = ask(agent, "priya.nair", "what abt morgan then", "t-pm-self")
    assert "It does not need morgan.lee" in morgan.answer and "may too" in morgan.answer


def test_a_frozen_run_asked_about_beside_the_policy_is_still_frozen(agent: Agent) -> None:
    asked = "luis wants the mon 10am door1 vega pushed back, can i approve that"
    result = ask(agent, "priya.nair", asked, "t-frozen-ask")
    assert result.proposals == []
    assert "It starts inside LKS-DOOR1's frozen horizon" in result.answer
    assert "could move" not in result.answer
