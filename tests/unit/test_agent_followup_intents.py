"""Follow-ups that name no PO: the planner carries over the thread's PO or asks which one."""

from __future__ import annotations

from langchain_core.messages import AIMessage, HumanMessage

from agent.offline.intents import Recall
from agent.offline.model import recall_from
from tests.unit.test_agent_persona_intents import plan

EARLIER_PO = Recall(po_number="PO-7790")


def test_move_it_to_thursday_uses_the_recalled_po() -> None:
    for text in ("move it to Thursday", "move that PO to Thursday", "move to Thursday"):
        p = plan(text, EARLIER_PO)
        assert p.intent == "po_date_change", text
        assert p.calls[0][1]["po_number"] == "PO-7790"
        assert p.calls[0][1]["new_date"] == "2026-03-05T06:00"


def test_a_po_named_in_the_message_wins_over_the_recalled_one() -> None:
    p = plan("move PO-7795 to Thursday", EARLIER_PO)
    assert p.calls[0][1]["po_number"] == "PO-7795"


def test_move_it_without_an_earlier_po_asks_which_po() -> None:
    p = plan("move it to Thursday")
    assert p.intent == "clarify" and p.calls == []
    assert p.reply is not None and p.reply.startswith("Which PO should move?")


def test_a_day_for_an_item_is_not_a_date_change_of_the_recalled_po() -> None:
    assert plan("deliver F-2200 on Thursday", EARLIER_PO).intent != "po_date_change"
    assert plan("what can we build on Thursday?", EARLIER_PO).intent == "clear_to_build"


def test_recall_takes_the_latest_po_of_human_messages_and_tool_calls() -> None:
    history = [
        HumanMessage("why is PO-7781 risky?"),
        AIMessage(
            "",
            tool_calls=[
                {
                    "name": "explain_po_risk",
                    "args": {"po_number": "PO-7790"},
                    "id": "c1",
                    "type": "tool_call",
                }
            ],
        ),  # fmt: skip
    ]
    assert recall_from(history).po_number == "PO-7790"
    assert recall_from([*history, HumanMessage("and PO-7795?")]).po_number == "PO-7795"
