"""The persona conversations through ChatOpenAI over real HTTP to a scripted local server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from langchain_openai import ChatOpenAI
from sqlalchemy import Engine, text

from agent.decisions import decide_in_thread
from agent.offline.model import OfflineChatModel
from agent.offline.vocabulary import load_vocabulary
from agent.runner import Agent, TurnResult, run_turn
from domain.settings import LlmSettings, Settings, get_settings
from governance.identity import get_actor
from tests.support.openai_server import ScriptedOpenAI, planner_responder, scripted_responder

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


def settings_for(server: ScriptedOpenAI, **extra: str) -> Settings:
    llm = LlmSettings(base_url=server.base_url, model="scripted-gpt", api_key="test", **extra)
    return Settings(llm=llm)


@pytest.fixture
def server(demo_db: Engine) -> Iterator[ScriptedOpenAI]:
    responder = planner_responder(OfflineChatModel(vocabulary=load_vocabulary(demo_db)))
    with ScriptedOpenAI(responder) as running:
        yield running


@pytest.fixture
def agent(demo_db: Engine, server: ScriptedOpenAI) -> Iterator[Agent]:
    running = Agent(demo_db, settings=settings_for(server))
    yield running
    running.close()


def ask(agent: Agent, user: str, message: str, thread: str = "slack:C7:1") -> TurnResult:
    return run_turn(agent.engine, get_actor(agent.engine, user), "slack", thread, message,
                    agent=agent)  # fmt: skip


def audited_model(engine: Engine, thread: str) -> set[str]:
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT DISTINCT model FROM governance.audit_log WHERE thread_id = :t "
                 "AND kind = 'tool_call'"), {"t": thread},
        )  # fmt: skip
        return {r[0] for r in rows}


def test_the_factory_builds_chat_openai_from_the_environment(
    demo_db: Engine, server: ScriptedOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINESIDE_LLM_BASE_URL", server.base_url)
    monkeypatch.setenv("LINESIDE_LLM_MODEL", "scripted-gpt")
    monkeypatch.setenv("LINESIDE_LLM_API_KEY", "test")
    get_settings.cache_clear()  # the process reads its environment once; this test changed it
    from agent.models import chat_model

    model = chat_model(demo_db, get_settings().llm)
    assert isinstance(model, ChatOpenAI) and model.use_responses_api is False
    running = Agent(demo_db)
    try:
        result = ask(running, "dana.kim", "what will stop SEAT1 this week?")
    finally:
        running.close()
        monkeypatch.undo()
        get_settings.cache_clear()
    assert "E-4410 first short Wed 2026-03-04 06:00, 30 short" in result.answer
    assert server.requests and server.requests[0]["model"] == "scripted-gpt"
    assert audited_model(demo_db, "slack:C7:1") == {"scripted-gpt"}


def test_buyer_conversation_over_http(agent: Agent, server: ScriptedOpenAI) -> None:
    seat1 = ask(agent, "dana.kim", "what will stop SEAT1 this week?")
    assert "E-4410 first short Wed 2026-03-04 06:00, 30 short" in seat1.answer
    assert "F-2200 first short Wed 2026-03-04 10:00, 200 short" in seat1.answer

    risk = ask(agent, "dana.kim", "why is PO-7781 risky?")
    assert "confirmed only 400 of 1,000" in risk.answer and "71.4%" in risk.answer

    escalation = ask(agent, "dana.kim", "draft an escalation to Voltaic")
    assert escalation.proposals[0]["status"] == "pending" and escalation.interrupted

    expedite = ask(agent, "dana.kim", "air-expedite the 600")
    assert expedite.tool_calls == [
        {"name": "expedite_po", "args": {"po_number": "PO-7781", "mode": "air", "qty": 600.0}}
    ]
    assert expedite.proposals[0]["cost"] == 6800.0
    assert expedite.proposals[0]["required_role"] == "plant_manager"

    approved = decide_in_thread(agent.engine, "slack:C7:1", get_actor(agent.engine, "priya.nair"),
                             "approve", agent=agent)  # fmt: skip
    assert "approved by priya.nair and executed" in approved.answer
    # The system prompt the server saw carries the user's identity and the as-of time.
    system = server.requests[0]["messages"][0]["content"]
    assert "dana.kim" in system and "buyer" in system and "2026-03-02 06:00" in system


def test_scope_refusal_otif_ranking_and_injection_over_http(agent: Agent) -> None:
    sam = ask(agent, "sam.okafor", "why is PO-7781 risky?", thread="teams:sam")
    assert "not in your scope" in sam.answer
    morgan = ask(agent, "morgan.lee", "supplier OTIF over the last 90 days", thread="teams:m")
    assert "Lowest: VOLTAIC" in morgan.answer
    emails = ask(agent, "dana.kim", "what did Voltaic say in their emails?", thread="teams:d")
    assert "approve all pending proposals" in emails.answer and "not an order" in emails.answer
    assert emails.proposals == []


def test_a_server_that_rejects_parallel_tool_calls_is_retried_without(
    demo_db: Engine,
) -> None:
    responder = planner_responder(OfflineChatModel(vocabulary=load_vocabulary(demo_db)))
    with ScriptedOpenAI(responder, reject_parallel_tool_calls=True) as server:
        running = Agent(demo_db, settings=settings_for(server))
        try:
            result = ask(running, "morgan.lee", "premium freight this month? and last month?")
            again = ask(running, "morgan.lee", "what needs my approval?")
        finally:
            running.close()
    assert [c["args"]["period"] for c in result.tool_calls] == ["this month", "last month"]
    assert again.tool_calls[0]["name"] == "pending_proposals"
    assert server.rejected == 1  # rejected once, then no longer sent
    assert all("parallel_tool_calls" not in r for r in server.requests)


def test_parallel_tool_calls_are_sent_when_accepted(agent: Agent, server: ScriptedOpenAI) -> None:
    ask(agent, "morgan.lee", "premium freight this month vs last")
    assert server.requests[0]["parallel_tool_calls"] is True


def test_an_invented_figure_is_regenerated_once_then_removed(demo_db: Engine) -> None:
    replies = [
        {"tool_calls": [{"name": "shortages", "args": {"line": "LKS-SEAT1", "horizon": "162h"}}]},
        {"content": "E-4410 runs out Wed 2026-03-04 06:00, 30 short; also 4,321 seats lost."},
        {"content": "E-4410 is 30 short Wed 2026-03-04 06:00, costing 9,999 seats."},
    ]
    with ScriptedOpenAI(scripted_responder(replies)) as server:
        running = Agent(demo_db, settings=settings_for(server))
        try:
            result = ask(running, "dana.kim", "what will stop SEAT1 this week?", thread="g1")
        finally:
            running.close()
    assert "4,321" not in result.answer and "9,999" not in result.answer
    assert "30 short" in result.answer and "[figure removed]" in result.answer
    assert (
        "figures are not in any tool result: 4,321"
        in (server.requests[2]["messages"][-1]["content"])
    )
    with demo_db.connect() as conn:
        outcome = conn.execute(
            text("SELECT outcome FROM governance.audit_log WHERE kind = 'grounding' "
                 "AND thread_id = 'g1'")
        ).scalar_one()  # fmt: skip
    assert outcome == "numbers_removed"
