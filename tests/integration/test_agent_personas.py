"""DOMAIN.md's persona table, asked of the offline model on the demo company, end to end."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine

from agent.runner import Agent, TurnResult
from domain.clock import as_of
from domain.kpis import format_value
from governance.context import CallContext
from governance.identity import get_actor
from governance.proposals import get_proposal
from tests.support import agent as support
from tests.support.agent import count
from tools.runner import call_tool

pytestmark = pytest.mark.integration


def ask(agent: Agent, user: str, message: str, thread: str | None = None) -> TurnResult:
    result = support.ask(agent, user, message, thread)
    assert "[figure removed]" not in result.answer  # every figure came from a tool result
    return result


def grounding_failures(engine: Engine) -> int:
    return count(engine, "SELECT count(*) FROM governance.audit_log WHERE kind = 'grounding'")


def tool_data(engine: Engine, user: str, tool: str, args: dict[str, Any]) -> Any:
    ctx = CallContext(get_actor(engine, user), "api", "t-check", model="test")
    result = call_tool(engine, ctx, tool, args)
    assert result.ok, result.error
    return result.model_dump()["data"]  # the JSON the agent reads


def scheduler_kpis(cited_facts: list[dict[str, Any]]) -> dict[str, Any]:
    [kpis] = [f for f in cited_facts if isinstance(f.get("before"), dict)]
    return kpis


def hours(minutes: int) -> str:
    return f"{minutes // 60}h{minutes % 60:02d}"


# ---------------------------------------------------------------- buyer


def test_buyer_what_will_stop_my_lines_this_week_covers_both_of_her_lines(agent: Agent) -> None:
    result = ask(agent, "dana.kim", "what will stop my lines this week?")
    assert result.tool_calls == [{"name": "shortages", "args": {"horizon": "162h"}}]
    assert "E-4410 first short Wed 2026-03-04 06:00, 30 short" in result.answer
    assert "F-2200 first short Wed 2026-03-04 10:00, 200 short" in result.answer
    assert "T-3105 first short Mon 2026-03-02 10:00, 20 short" in result.answer
    assert "held stock excluded" in result.answer
    assert grounding_failures(agent.engine) == 0


def test_buyer_questions_of_the_table_keep_working_in_one_thread(agent: Agent) -> None:
    risk = ask(agent, "dana.kim", "why is PO-7781 risky?")
    assert risk.tool_calls == [{"name": "explain_po_risk", "args": {"po_number": "PO-7781"}}]
    assert "400" in risk.answer and "600" in risk.answer and "OTIF" in risk.answer
    draft = ask(agent, "dana.kim", "draft an escalation to Voltaic")
    assert draft.tool_calls == [
        {"name": "draft_supplier_escalation", "args": {"supplier": "VOLTAIC"}}
    ]
    assert draft.proposals[0]["status"] == "pending" and "Nothing has been sent" in draft.answer
    assert count(agent.engine, "SELECT count(*) FROM governance.outbox") == 0


# ---------------------------------------------------------------- PO date changes


def test_move_po_7790_to_thursday_is_a_date_change_request_for_the_plants_thursday(
    agent: Agent,
) -> None:
    result = ask(agent, "dana.kim", "move PO-7790 to Thursday")
    [call] = result.tool_calls
    assert call["name"] == "request_po_date_change"
    assert call["args"]["po_number"] == "PO-7790"
    assert call["args"]["new_date"] == "2026-03-05T06:00"  # Thu after Mon 2026-03-02, Detroit
    [proposal] = result.proposals
    assert proposal["kind"] == "po_date_change" and proposal["status"] == "pending"
    assert proposal["required_role"] == "requester"  # she may confirm it herself
    assert "→ Thu 2026-03-05 06:00" in result.answer and "Nothing has been sent" in result.answer
    stored = get_proposal(agent.engine, proposal["id"])
    assert stored.payload["new_promised_at"].startswith("2026-03-05T06:00:00-05:00")


def test_ask_polyform_to_deliver_po_7795_on_wednesday(agent: Agent) -> None:
    result = ask(agent, "dana.kim", "ask Polyform to deliver PO-7795 on Wednesday")
    [call] = result.tool_calls
    assert (call["name"], call["args"]["po_number"], call["args"]["new_date"]) == (
        "request_po_date_change",
        "PO-7795",
        "2026-03-04T06:00",
    )
    assert (
        "PO-7795/1 (F-2200) from Polyform Foams: promised date Thu 2026-03-05 06:00 → "
        "Wed 2026-03-04 06:00" in result.answer
    )
    assert result.proposals[0]["status"] == "pending"


# ---------------------------------------------------------------- planner


def test_planner_resequences_seat1_around_the_heater_module_gap(agent: Agent) -> None:
    engine = agent.engine
    starts_before = count(engine, "SELECT count(DISTINCT planned_start) FROM work_order")
    result = ask(agent, "luis.ortega", "can we resequence SEAT1 to avoid the heater-module gap?")
    assert result.tool_calls == [
        {
            "name": "propose_resequence",
            "args": {"line": "LKS-SEAT1", "reason": "avoid the heater-module gap"},
        }
    ]
    [proposal] = result.proposals
    assert proposal["kind"] == "resequence" and proposal["status"] == "pending"
    assert proposal["required_role"] == "plant_manager" and result.interrupted
    stored = get_proposal(engine, proposal["id"])
    moves = stored.payload["moves"]
    answer = result.answer
    # Which WOs move: as many as the scheduler moved (renumbered-only WOs keep their time).
    assert f"{len(stored.payload['moved'])} work order(s) move" in answer
    assert stored.payload["moved"][0]["work_order"] in answer
    # The Orion WOs that become late, each with how late, from the scheduler's own figures.
    kpis = scheduler_kpis(stored.cited_facts)
    was_late = {x["work_order"] for x in kpis["before"]["late"]}
    orion_late = [
        x
        for x in kpis["after"]["late"]
        if x["item"] == "FS-ORN-H" and x["work_order"] not in was_late
    ]
    assert orion_late, "the heater-module gap pushes Orion heated seats late"
    assert "FS-ORN-H (Orion heated front seat)" in answer
    for late in orion_late:
        assert f"{late['work_order']} by {hours(late['lateness_minutes'])}" in answer
    # The frozen horizon Mon 06:00-14:00 is untouched, and that is true of the payload.
    assert "Frozen horizon Mon 2026-03-02 06:00–14:00 (8 h) is untouched" in answer
    frozen_end = as_of(engine) + timedelta(hours=8)
    assert all(m["planned_start"] >= frozen_end.isoformat() for m in moves)
    # A proposal only: the schedule itself has not changed, nothing went out.
    assert count(engine, "SELECT count(DISTINCT planned_start) FROM work_order") == starts_before
    assert count(engine, "SELECT count(*) FROM governance.outbox") == 0
    assert grounding_failures(engine) == 0


def test_planner_what_is_clear_to_build_tomorrow(agent: Agent) -> None:
    result = ask(agent, "luis.ortega", "what is clear to build tomorrow?")
    assert result.tool_calls == [{"name": "clear_to_build", "args": {"date": "2026-03-03"}}]
    rows = tool_data(agent.engine, "luis.ortega", "clear_to_build", {"date": "2026-03-03"})
    clear = [r["work_order"] for r in rows if r["clear"]]
    blocked = [r for r in rows if not r["clear"]]
    assert f"{len(clear)} of {len(rows)} WOs clear" in result.answer
    assert clear and all(f"- {wo} (" in result.answer for wo in clear)
    for row in blocked:
        short = row["short"][0]
        assert f"{row['work_order']}" in result.answer and short["item"] in result.answer
    assert "components consumed at work-order start" in result.answer


# ---------------------------------------------------------------- plant manager


def test_plant_manager_sees_the_resequence_awaiting_her_and_what_it_costs(agent: Agent) -> None:
    engine = agent.engine
    proposed = ask(agent, "luis.ortega", "can we resequence SEAT1 to avoid the heater-module gap?")
    pid = proposed.proposals[0]["id"]

    waiting = ask(agent, "priya.nair", "what needs my approval?")
    assert waiting.tool_calls == [
        {"name": "pending_proposals", "args": {"awaiting_my_approval": True}}
    ]
    assert f"- {pid} resequence at LKS (pending), requested by luis.ortega" in waiting.answer

    cost = ask(agent, "priya.nair", "what does this resequence cost us?")
    assert cost.tool_calls == [{"name": "pending_proposals", "args": {"status": "all"}}]
    assert cost.answer.startswith(f"{pid} (resequence at LKS, pending")
    kpis = scheduler_kpis(get_proposal(engine, pid).cited_facts)
    before, after = kpis["before"], kpis["after"]
    answer = cost.answer
    assert "weighted tardiness" in answer and "changeovers" in answer
    assert f"{before['changeovers']} " in answer and f"{after['changeovers']} " in answer
    assert f"{before['line_hours_at_risk']:g} → {after['line_hours_at_risk']:g}" in answer
    made = kpis["made_clear_to_build"]
    assert made and "made clear-to-build: " + ", ".join(made) in answer
    assert f"{len(after['late']) - len(before['late'])} work order(s) become late" in answer
    assert cost.proposals == [] and not cost.interrupted  # a read: nothing decided
    assert get_proposal(engine, pid).status == "pending"
    assert grounding_failures(engine) == 0


def test_plant_manager_asking_the_cost_with_no_resequence_gets_told_so(agent: Agent) -> None:
    result = ask(agent, "priya.nair", "what does this resequence cost us?")
    assert result.answer.startswith("There is no resequence proposal at your plants")


# ---------------------------------------------------------------- executive


def test_executive_supplier_otif_by_plant_last_quarter(agent: Agent) -> None:
    result = ask(agent, "morgan.lee", "supplier OTIF by plant last quarter")
    args = {"metric": "supplier_otif", "group_by": "plant", "period": "last quarter"}
    assert result.tool_calls == [{"name": "kpi_query", "args": args}]
    [kpi] = tool_data(agent.engine, "morgan.lee", "kpi_query", args)
    rows = sorted(kpi["rows"], key=lambda r: r["value"])
    assert {r["group"] for r in rows} == {"LKS", "SAL", "GYR"}
    assert f"Lowest: {rows[0]['group']}" in result.answer
    for r in rows:
        assert (
            f"{r['group']} ({r['label']}) {format_value(r['value'], kpi['unit'])}" in result.answer
        )
    assert "received ≥ 98% of ordered" in result.answer  # the catalogue definition is cited


def test_executive_premium_freight_this_month_vs_last(agent: Agent) -> None:
    result = ask(agent, "morgan.lee", "premium freight this month vs last")
    [call] = result.tool_calls
    assert call["name"] == "kpi_compare" and call["args"]["period"] == "this month"
    compared = tool_data(agent.engine, "morgan.lee", "kpi_compare", call["args"])
    assert compared["b"]["label"] == "last month"
    # This month is still running at the as-of time (Mon Mar 2): the label says so.
    assert compared["a"]["label"] == "this month so far (since 2026-03-01)"
    unit, values = compared["unit"], [compared["a"]["value"], compared["b"]["value"]]
    now, then = (format_value(v, unit) for v in values)
    assert result.answer.startswith(
        f"Premium freight spend: this month so far (since 2026-03-01) {now} vs last month {then}"
    )
    gap = format_value(abs(values[0] - values[1]), unit)
    assert f"— {gap} {'higher' if values[0] > values[1] else 'lower'}" in result.answer


def test_executive_supplier_otif_last_90_days_has_voltaic_lowest(agent: Agent) -> None:
    result = ask(agent, "morgan.lee", "supplier OTIF over the last 90 days")
    assert "Lowest: VOLTAIC" in result.answer
    assert re.search(r"VOLTAIC \(Voltaic Components\) 7\d\.\d%", result.answer)


# ---------------------------------------------------------------- evaluator


@pytest.mark.parametrize(
    "message",
    [
        "draft an escalation to Voltaic",
        "can we resequence SEAT1 to avoid the heater-module gap?",
        "move PO-7790 to Thursday",
    ],
)
def test_evaluator_is_read_only_and_every_proposal_is_refused_clearly(
    agent: Agent, message: str
) -> None:
    result = ask(agent, "eve.tester", message)
    # Declined before any tool call or question back, naming who may ask for it.
    assert result.answer.startswith("As an evaluator you can't ask for")
    assert "may propose one" in result.answer and "Nothing was proposed" in result.answer
    assert result.proposals == [] and not result.interrupted
    assert count(agent.engine, "SELECT count(*) FROM governance.action_proposal") == 0


def test_evaluator_may_still_read(agent: Agent) -> None:
    result = ask(agent, "eve.tester", "what is clear to build tomorrow?")
    assert result.tool_calls[0]["name"] == "clear_to_build" and "WOs clear" in result.answer


# ---------------------------------------------------------------- ambiguity and the unknown


def test_an_ambiguous_supplier_gets_a_question_and_the_answer_resolves_it(agent: Agent) -> None:
    asked = ask(agent, "dana.kim", "draft an escalation to the foam supplier")
    assert asked.tool_calls == [] and asked.answer.startswith("Which supplier do you mean")
    assert "POLYFORM" in asked.answer and "FOAMCRAFT" in asked.answer
    answered = ask(agent, "dana.kim", "Polyform, about PO-7790 — escalate it")
    assert answered.tool_calls[0]["args"] == {"supplier": "POLYFORM", "po_number": "PO-7790"}


def test_an_unknown_line_and_an_unknown_question_say_so(agent: Agent) -> None:
    line = ask(agent, "luis.ortega", "what will stop SEAT9 this week?")
    assert line.tool_calls == [] and "There is no line SEAT9" in line.answer
    assert "LKS-SEAT1" in line.answer  # what it does know
    other = ask(agent, "luis.ortega", "what's the weather in Detroit?")
    assert other.tool_calls == [] and other.answer.startswith("That is outside what I know")
    assert "clear to build" in other.answer


def test_resequence_without_a_line_asks_which(agent: Agent) -> None:
    result = ask(agent, "luis.ortega", "can we resequence to avoid the gap?")
    assert result.tool_calls == [] and result.answer.startswith("Which line should I resequence")
    assert "LKS-SEAT1" in result.answer and "LKS-DOOR1" in result.answer
