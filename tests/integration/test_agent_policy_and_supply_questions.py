"""On the demo, end to end: the approval policy asked as a whole or as a threshold, proposals'
expiry asked in general, whether a quantity counts as supply, a run named by today's weekday
and a time, and an item's 'situation': each answered from the tools, and nothing proposed."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Engine, text

from agent.runner import Agent
from tests.integration.tools_support import call, data
from tests.support.agent import ask

pytestmark = pytest.mark.integration


def test_the_whole_approval_policy_is_every_kinds_rule_and_their_expiry(demo_db: Engine) -> None:
    result = call(demo_db, "dana.kim", "approval_rule", {})
    assert result.ok, result.error
    rules = {r["kind"]: r for r in data(result)["rules"]}
    assert set(rules) >= {"expedite_po", "resequence", "supplier_escalation", "po_date_change"}
    assert [t["up_to"] for t in rules["expedite_po"]["tiers"]] == [5000.0, 25000.0, None]
    assert rules["resequence"]["tiers"][0]["approver_role"] == "plant_manager"
    assert data(result)["expires_after_hours"] == 24.0
    assert result.policy == "unanswered proposals expire 24 h after they are made (deny by default)"
    # A rule of one kind still needs its kind for a cost: the error says what to give.
    costed = call(demo_db, "dana.kim", "approval_rule", {"cost": 9000})
    assert not costed.ok and "give the action's kind" in str(costed.error)


def test_policy_questions_are_answered_from_the_rule(agent: Agent) -> None:
    expiry = ask(agent, "priya.nair", "how long do proposals sit before they die", "t-exp")
    assert expiry.proposals == []
    assert expiry.answer.startswith("Unanswered proposals expire 24 h after they are made and are "
                                    "then denied by default")  # fmt: skip
    threshold = "at what $ does premium freight need me instead of the plant mgr"
    tier = ask(agent, "morgan.lee", threshold, "t-tier")
    assert tier.answer.startswith("You (morgan.lee, an executive) approve an expedite above "
                                  "$25,000 when someone else requests it (four-eyes: not your "
                                  "own).")  # fmt: skip
    assert "up to $25,000: the plant manager (not the requester)" in tier.answer
    ceiling = ask(agent, "dana.kim", "whats my ceiling on premium freight then", "t-ceiling")
    own = "You (dana.kim, a buyer) may confirm an expedite you request yourself up to $5,000"
    assert ceiling.answer.startswith(own + "; above that someone else approves it")


def test_whether_the_600_count_as_supply_is_said_first(agent: Agent) -> None:
    result = ask(agent, "dana.kim", "is the 600 counted as supply in the projection?", "t-count")
    assert result.proposals == []
    assert result.answer.startswith("No: the 600 E-4410 on PO-7781/1 that Voltaic Components has "
                                    "not confirmed is not counted as supply")  # fmt: skip
    # The projection below is the default one: E-4410 first short Wed 06:00, 30 short.
    assert "E-4410 first short Wed 2026-03-04 06:00, 30 short" in result.answer


def test_todays_weekday_and_a_time_name_todays_run_which_cannot_move(agent: Agent) -> None:
    moved = "can we move the mon 10:00 door1 vega wo to fix the armrest thing?"
    result = ask(agent, "priya.nair", moved, "t-mon")
    assert result.proposals == []
    assert "WO-DOOR1-0302-1000" in result.answer
    assert "inside LKS-DOOR1's frozen horizon" in result.answer


def test_an_items_situation_is_its_overview_with_the_hold_and_the_shortage(agent: Agent) -> None:
    result = ask(agent, "luis.ortega", "door1 armrest cover situation?", "t-sit")
    assert [c["name"] for c in result.tool_calls] == ["item_overview"]
    assert "quality's decision expected Tue 2026-03-03 12:00" in result.answer
    assert "Next shortage: Mon 2026-03-02 10:00 at LKS, 20 short" in result.answer


def test_the_heater_one_after_the_shortages_is_its_first_short(agent: Agent) -> None:
    ask(agent, "dana.kim", "whats gonna stop my lines this wk?", "t-heat")
    result = ask(agent, "dana.kim", "ok and the heater one, when exactly does it run out", "t-heat")
    assert [c["args"].get("item") for c in result.tool_calls] == ["E-4410"]
    assert "E-4410 first short Wed 2026-03-04 06:00, 30 short" in result.answer


def test_proposals_older_than_an_age_are_those_made_before_now_minus_it(demo_db: Engine) -> None:
    old = call(demo_db, "dana.kim", "expedite_po", {"po_number": "PO-7781", "mode": "air"})
    new = call(demo_db, "dana.kim", "draft_supplier_escalation", {"supplier": "polyform"})
    assert old.proposal and new.proposal
    with demo_db.begin() as conn:  # made 30 h before the demo's clock (a proposal of last week)
        aged = "UPDATE governance.action_proposal SET created_at = created_at - interval '30 hours'"
        conn.execute(text(aged + " WHERE id = :id"), {"id": old.proposal["id"]})
    day = call(demo_db, "priya.nair", "pending_proposals", {"older_than_hours": 24})
    assert [r["id"] for r in data(day)] == [old.proposal["id"]]
    assert day.summary.startswith("1 proposal(s) pending older than 24 h")
    assert len(data(call(demo_db, "priya.nair", "pending_proposals", {}))) == 2
    wrong = call(demo_db, "priya.nair", "pending_proposals", {"older_than_hours": -3})
    assert not wrong.ok and "older than hours should be greater than 0" in str(wrong.error)


def test_could_we_swap_a_frozen_run_wonders_and_proposes_nothing(agent: Agent) -> None:
    wondered = "could we swap the 10am vega door run with something so we dont starve on armrests?"
    result = ask(agent, "luis.ortega", wondered, "t-could")
    assert result.proposals == []
    assert "WO-DOOR1-0302-1000" in result.answer
    assert "inside LKS-DOOR1's frozen horizon" in result.answer


def test_whats_broken_at_a_plant_is_its_shortages(agent: Agent) -> None:
    result = ask(agent, "priya.nair", "gimme the 30sec version of whats broken at lakeside", "t-b")
    assert [c["name"] for c in result.tool_calls] == ["shortages"]
    for said in ("T-3105 first short Mon 2026-03-02 10:00", "E-4410 first short Wed 2026-03-04 "
                 "06:00", "F-2200 first short Wed 2026-03-04 10:00"):  # fmt: skip
        assert said in result.answer


def test_a_receipt_supposed_at_a_time_is_projected_from_then(demo_db: Engine) -> None:
    early = call(demo_db, "dana.kim", "shortages", {"item": "F-2200", "arrival_of": "PO-7795",
                 "arrival_at": "2026-03-04T06:00:00-05:00"})  # fmt: skip
    assert early.ok and data(early) == []  # 2,400 before the Wed 10:00 Vega WO: no gap
    late = call(demo_db, "dana.kim", "shortages", {"item": "F-2200", "arrival_of": "ASN-55102",
                "arrival_at": "2026-03-05T06:00:00-05:00"})  # fmt: skip
    [gap] = data(late)
    assert gap["qty_short"] == 200 and gap["line_hours_at_risk"] == 10.5  # three WOs, not one
    assert "ASN-55102 (PO-7790/1) (shipped) supposed to arrive 2026-03-05 06:00" in late.policy
    unknown = call(demo_db, "dana.kim", "shortages", {"arrival_of": "PO-9999",
                   "arrival_at": "2026-03-05T06:00:00-05:00"})  # fmt: skip
    assert not unknown.ok and "check arrival_of" in str(unknown.error)
    half = call(demo_db, "dana.kim", "shortages", {"arrival_of": "PO-7795"})
    assert not half.ok and "give both arrival_of" in str(half.error)


def test_what_if_toledo_holds_the_foam_till_thursday(agent: Agent) -> None:
    result = ask(agent, "luis.ortega", "what if toledo sits on the foam til thu morning", "t-tol")
    assert result.proposals == []
    assert result.answer.startswith("If ASN-55102 arrives Thu 2026-03-05 06:00")
    assert "F-2200 first short Wed 2026-03-04 10:00, 200 short" in result.answer
    assert "10.5 line-hours at risk" in result.answer


def test_a_resequence_kept_off_today_moves_nothing_starting_today(demo_db: Engine) -> None:
    kept = "2026-03-03T00:00:00-05:00"
    result = call(demo_db, "luis.ortega", "resequence_preview", {"line": "LKS-SEAT1",
                  "keep_until": kept, "time_limit_s": 5})  # fmt: skip
    assert result.ok, result.error
    facts = data(result)["resequence"]
    assert facts["kept_until"] is not None
    assert datetime.fromisoformat(facts["kept_until"]) == datetime.fromisoformat(kept)
    moved = [m for m in facts["moves"] if not m["renumbered_only"]]
    assert moved and all(datetime.fromisoformat(m["old_start"]) >= datetime.fromisoformat(kept)
                         for m in moved)  # fmt: skip
