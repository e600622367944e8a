"""The offline chat model: real tool calls through bind_tools, answers only from tool messages."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.runnables import RunnableConfig

from agent.offline.model import OfflineChatModel, recall_from
from agent.prompts import AS_OF_KEY
from tests.unit.test_agent_offline_intents import AS_OF, VOCAB

TOOLS = [
    {"type": "function", "function": {"name": n, "description": n, "parameters": {}}}
    for n in ("shortages", "expedite_po", "search_correspondence")
]


def model() -> OfflineChatModel:
    return OfflineChatModel(vocabulary=VOCAB)


def test_bound_model_emits_tool_calls_for_a_question() -> None:
    reply = (
        model()
        .bind_tools(TOOLS)
        .invoke([SystemMessage("rules"), HumanMessage("what will stop SEAT1 this week?")])
    )
    assert isinstance(reply, AIMessage)
    assert [(c["name"], c["args"]) for c in reply.tool_calls] == [
        ("shortages", {"horizon": "162h", "line": "LKS-SEAT1"})
    ]


def test_unbound_tools_are_never_called() -> None:
    reply = model().invoke([HumanMessage("what will stop SEAT1 this week?")])
    assert reply.tool_calls == [] and "not available to me" in str(reply.content)


def test_answer_comes_from_the_tool_messages() -> None:
    call = {"name": "shortages", "args": {}, "id": "c1", "type": "tool_call"}
    result = {"ok": True, "tool": "shortages", "summary": "1 shortage(s) in LKS: E-4410 30 short",
              "sources": ["E-4410"], "policy": "unconfirmed supply excluded"}  # fmt: skip
    reply = model().bind_tools(TOOLS).invoke([
        HumanMessage("what is short?"),
        AIMessage("", tool_calls=[call]),
        ToolMessage(json.dumps(result), tool_call_id="c1"),
    ])  # fmt: skip
    assert reply.content == (
        "1 shortage(s) in LKS: E-4410 30 short\n\nPolicy: unconfirmed supply excluded.\n\n"
        "Sources: E-4410."
    )


def test_refusals_are_passed_on_plainly() -> None:
    call = {"name": "shortages", "args": {}, "id": "c1", "type": "tool_call"}
    refused = {
        "ok": False,
        "tool": "shortages",
        "error": "PO-7781 is at LKS, not in your scope (SAL)",
        "problem": {
            "kind": "out_of_scope",
            "message": "PO-7781 is at LKS, not in your scope (SAL)",
        },
    }
    reply = model().bind_tools(TOOLS).invoke([
        HumanMessage("why is PO-7781 risky?"),
        AIMessage("", tool_calls=[call]),
        ToolMessage(json.dumps(refused), tool_call_id="c1"),
    ])  # fmt: skip
    assert reply.content == "I can't show you that: PO-7781 is at LKS, not in your scope (SAL)."


def test_recall_takes_the_po_from_an_earlier_proposal_payload() -> None:
    payload = {"ok": True, "data": {"payload": {"po_number": "PO-7781"}}}
    history = [HumanMessage("escalate"), ToolMessage(json.dumps(payload), tool_call_id="x")]
    assert recall_from(history).po_number == "PO-7781"


def test_each_turn_counts_from_the_as_of_of_its_run_context() -> None:
    bound = model().bind_tools([*TOOLS, {"type": "function", "function": {
        "name": "clear_to_build", "description": "ctb", "parameters": {}}}])  # fmt: skip
    question = HumanMessage("what is clear to build tomorrow?")

    def date_asked(when: datetime | None) -> str:
        config: RunnableConfig | None = (
            {"metadata": {AS_OF_KEY: when.isoformat()}} if when else None
        )
        reply = bound.invoke([SystemMessage("rules"), question], config=config)
        assert isinstance(reply, AIMessage)
        return str(reply.tool_calls[0]["args"]["date"])

    assert VOCAB.as_of == AS_OF  # one vocabulary, built on Monday 2026-03-02
    assert date_asked(AS_OF) == "2026-03-03"
    assert date_asked(AS_OF + timedelta(days=2)) == "2026-03-05"
    assert date_asked(AS_OF + timedelta(days=7)) == "2026-03-10"
    assert date_asked(None) == "2026-03-03"  # no as-of given: the vocabulary's own
