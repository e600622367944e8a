"""The persona questions the offline model learned: resequences, their cost, PO date changes."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from zoneinfo import ZoneInfo

from agent.offline.compose import Context, Observation, comparison, compose_answer, describe
from agent.offline.intents import Recall, plan_turn
from agent.offline.mentions import find_mentions
from agent.offline.slots import clock_in, day_in
from tests.unit.test_agent_offline_intents import VOCAB

PERSONA_VOCAB = dataclasses.replace(
    VOCAB,
    lines={**VOCAB.lines, "GYR-SMT1": "SMT line 1"},
    plant_timezones={
        "LKS": "America/Detroit",
        "SAL": "America/Monterrey",
        "GYR": "Europe/Budapest",
    },
    po_plants={"PO-7790": "LKS", "PO-7795": "LKS", "PO-9001": "GYR"},
)
TWO_SEAT_LINES = dataclasses.replace(
    PERSONA_VOCAB, lines={**PERSONA_VOCAB.lines, "LKS-SEAT2": "Front seat line 2"}
)


def plan(text: str, recall: Recall | None = None, vocab=PERSONA_VOCAB):  # noqa: ANN001, ANN201
    return plan_turn(text, recall or Recall(), vocab)


# ---------------------------------------------------------------- planner


def test_resequence_seat1_around_the_gap_proposes_a_scheduler_resequence() -> None:
    p = plan("can we resequence SEAT1 to avoid the heater-module gap?")
    assert p.intent == "resequence"
    assert p.calls == [
        ("propose_resequence", {"line": "LKS-SEAT1", "reason": "avoid the heater-module gap"})
    ]


def test_what_a_resequence_would_do_previews_the_scheduler_plan_and_offers_it() -> None:
    p = plan("what would a resequence of SEAT1 to avoid the heater-module gap look like?")
    assert p.calls[0] == (
        "resequence_preview",
        {"line": "LKS-SEAT1", "reason": "avoid the heater-module gap"},
    )
    assert p.offer == (
        "propose_resequence",
        {"line": "LKS-SEAT1", "reason": "avoid the heater-module gap"},
    )


def test_resequence_with_named_wos_passes_the_planners_own_order() -> None:
    p = plan("resequence SEAT1: WO-SEAT1-0304-1000 then WO-SEAT1-0304-0600")
    assert p.calls[0][1]["sequence"] == ["WO-SEAT1-0304-1000", "WO-SEAT1-0304-0600"]


def test_swap_two_named_wos_asks_for_the_other_order() -> None:
    # The tool places the listed order into the WOs' slots: [A, B] as they stand moves nothing.
    p = plan("swap WO-SEAT1-0304-0600 and WO-SEAT1-0304-1000")
    assert p.calls[0][1]["sequence"] == ["WO-SEAT1-0304-1000", "WO-SEAT1-0304-0600"]


def test_resequence_without_a_line_asks_which() -> None:
    p = plan("can we resequence to avoid the gap?")
    assert p.intent == "clarify" and p.calls == []
    assert (p.reply or "").startswith("Which line should I resequence")


def test_clear_to_build_on_a_weekday() -> None:
    assert plan("what is clear to build on Thursday?").calls == [
        ("clear_to_build", {"date": "2026-03-05"})
    ]


# ---------------------------------------------------------------- plant manager


def test_what_does_this_resequence_cost_reads_the_proposals_with_a_focus() -> None:
    p = plan("what does this resequence cost us?")
    assert p.calls == [("pending_proposals", {"status": "all"})]
    assert p.focus == {"kind": "resequence"}
    named = plan("what is the impact of resequence AP-000007?")
    assert named.focus == {"kind": "resequence", "proposal": "AP-000007"}
    recalled = plan("what does this resequence cost us?", Recall(proposal="AP-000003"))
    assert recalled.focus["proposal"] == "AP-000003"


# ---------------------------------------------------------------- buyer: PO date changes


def test_move_a_po_to_a_weekday_resolves_the_date_at_the_plant() -> None:
    p = plan("move PO-7790 to Thursday")
    assert p.calls == [
        (
            "request_po_date_change",
            {
                "po_number": "PO-7790",
                "new_date": "2026-03-05T06:00",
                "reason": "requested in chat: move PO-7790 to Thursday",
            },
        )
    ]


def test_ask_a_supplier_to_deliver_on_a_day_with_a_time() -> None:
    p = plan("ask Polyform to deliver PO-7795 on Wednesday at 2pm")
    assert p.intent == "po_date_change"
    assert p.calls[0][1]["new_date"] == "2026-03-04T14:00"


def test_tomorrow_is_the_plants_tomorrow_not_detroits() -> None:
    # Sunday 22:00 in Detroit is already Monday 04:00 in Győr.
    late_sunday = datetime(2026, 3, 1, 22, 0, tzinfo=ZoneInfo("America/Detroit"))
    vocab = dataclasses.replace(PERSONA_VOCAB, as_of=late_sunday)
    assert (
        plan("move PO-9001 to tomorrow", vocab=vocab)
        .calls[0][1]["new_date"]
        .startswith("2026-03-03")
    )
    assert (
        plan("move PO-7790 to tomorrow", vocab=vocab)
        .calls[0][1]["new_date"]
        .startswith("2026-03-02")
    )


def test_a_date_change_without_a_day_is_not_a_date_change() -> None:
    assert plan("move PO-7790").intent != "po_date_change"
    assert plan("move PO-7790 to Thursday").intent == "po_date_change"


def test_days_and_times_in_words() -> None:
    monday = VOCAB.as_of
    assert day_in("on Monday", monday).isoformat() == "2026-03-09"  # type: ignore[union-attr]
    assert day_in("the mon 10:00 vega wo", monday).isoformat() == "2026-03-02"  # type: ignore[union-attr]
    assert day_in("next mon at 10", monday).isoformat() == "2026-03-09"  # type: ignore[union-attr]
    assert day_in("by Fri", monday).isoformat() == "2026-03-06"  # type: ignore[union-attr]
    assert day_in("2026-03-10", monday).isoformat() == "2026-03-10"  # type: ignore[union-attr]
    assert day_in("this month", monday) is None
    assert clock_in("at 14:30") == (14, 30) and clock_in("2pm") == (14, 0)
    assert find_mentions("move PO-7790 to Thursday at 14:00", VOCAB).quantities == []


# ---------------------------------------------------------------- lines: ambiguous, unknown


def test_seat_matching_several_lines_gets_a_question() -> None:
    p = plan("what will stop SEAT this week?", vocab=TWO_SEAT_LINES)
    assert p.intent == "clarify" and p.calls == []
    assert "LKS-SEAT1" in (p.reply or "") and "LKS-SEAT2" in (p.reply or "")


def test_the_seat_line_is_the_only_seat_line() -> None:
    assert plan("what will stop the seat line today?").calls == [
        ("shortages", {"horizon": "18h", "line": "LKS-SEAT1"})
    ]


def test_an_unknown_line_says_so_and_lists_the_lines() -> None:
    p = plan("what will stop SEAT9 this week?")
    assert p.intent == "unknown" and (p.reply or "").startswith("There is no line SEAT9")
    assert "LKS-SEAT1" in (p.reply or "")


def test_every_foam_supplier_is_a_choice() -> None:
    vocab = dataclasses.replace(
        VOCAB, suppliers={**VOCAB.suppliers, "FOAMCRAFT": "Foamcraft Industries"}
    )
    p = plan("draft an escalation to the foam supplier", vocab=vocab)
    assert all(code in (p.reply or "") for code in ("POLYFORM", "MAPLEFOAM", "FOAMCRAFT"))


# ---------------------------------------------------------------- answers


def _kpi(period: str, value: float) -> Observation:
    row = {"kpi": "premium_freight_spend", "title": "Premium freight spend", "unit": "usd",
           "value": value, "period": {"label": period}, "rows": []}  # fmt: skip
    return Observation("kpi_query", {"period": period}, {"ok": True, "data": [row]})


def test_this_month_vs_last_states_the_difference() -> None:
    text = comparison([_kpi("this month", 1200.0), _kpi("last month", 3800.0)])
    assert text is not None and text.startswith("Premium freight spend: this month")
    assert text.endswith("lower (better).")


def test_a_role_refusal_reads_as_read_only() -> None:
    denied = Observation(
        "propose_resequence",
        {},
        {"ok": False, "error": "Your role (evaluator) may not use propose_resequence",
         "problem": {"kind": "forbidden", "message": "Your role (evaluator) may not use it"}},
    )  # fmt: skip
    assert "Nothing was proposed, sent or changed" in describe(denied)


def _resequence_row(pid: str, status: str = "pending") -> dict[str, object]:
    kpis = {
        "fact": "scheduler KPIs before/after",
        "before": {"late": [], "changeovers": 40, "line_hours_at_risk": 22.0,
                   "weighted_tardiness_minutes": 0},
        "after": {"late": [{"work_order": "WO-1", "item": "E-4410", "lateness_minutes": 90}],
                  "changeovers": 14, "line_hours_at_risk": 0.0,
                  "weighted_tardiness_minutes": 90},
        "made_clear_to_build": ["WO-2"],
    }  # fmt: skip
    return {
        "id": pid, "kind": "resequence", "status": status, "plant_code": "LKS", "cost": 0.0,
        "requested_by": "luis.ortega", "required_role": "plant_manager", "cited_facts": [kpis],
        "expected_effect": "LKS-SEAT1: WO-1 and WO-2 swap",
        "payload": {"frozen_hours": 8.0, "frozen_until": "2026-03-02T14:00:00-05:00", "moves": [
            _move("WO-1", "2026-03-02T18:00:00-05:00", "2026-03-03T06:00:00-05:00"),
            _move("WO-2", "2026-03-03T06:00:00-05:00", "2026-03-02T18:00:00-05:00"),
        ]},
    }  # fmt: skip


def _move(wo: str, old: str, new: str) -> dict[str, object]:
    return {"work_order_id": wo, "item_code": "E-4410", "from_start": old, "planned_start": new}


def test_the_cost_of_a_resequence_lists_its_kpi_deltas() -> None:
    obs = Observation("pending_proposals", {}, {"ok": True, "data": [_resequence_row("AP-1")]})
    answer = compose_answer([obs], Context(intent="resequence_cost", names=VOCAB.items))
    assert answer.startswith("AP-1 (resequence at LKS, pending")
    assert "WO-1 by 1h30" in answer and "changeovers: 40 → 14" in answer
    assert "line hours at risk from shortages: 22 → 0" in answer
    assert "made clear-to-build: WO-2" in answer and "1 earlier, 1 later" in answer


def test_two_pending_resequences_get_a_question() -> None:
    rows = [_resequence_row("AP-1"), _resequence_row("AP-2")]
    obs = Observation("pending_proposals", {}, {"ok": True, "data": rows})
    answer = describe(obs, Context(intent="resequence_cost"))
    assert answer.startswith("Which resequence do you mean") and "AP-2" in answer


def test_a_move_inside_the_frozen_horizon_is_flagged() -> None:
    row = _resequence_row("AP-1")
    moves = [_move("WO-1", "2026-03-02T10:00:00-05:00", "2026-03-02T18:00:00-05:00")]
    payload = {"frozen_hours": 8.0, "frozen_until": "2026-03-02T14:00:00-05:00", "moves": moves}
    result = {
        "ok": True, "summary": "Proposed AP-1", "proposal": {"id": "AP-1"},
        "data": {"proposal": row, "payload": payload},
    }  # fmt: skip
    ctx = Context(now=VOCAB.as_of, timezones={"LKS": "America/Detroit"})
    answer = describe(Observation("propose_resequence", {}, result), ctx)
    assert "Warning: WO-1 move inside the frozen horizon (Mon 2026-03-02 06:00–14:00)" in answer
