"""A streamed answer: only text the grounding check settled, word by word, joined as the turn's."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage, ToolMessage

from agent.answer_stream import ANSWER_DELTA, AnswerStream, pieces


def _told(events: list[dict[str, Any]]) -> str:
    return "".join(e["text"] for e in events if e["event"] == ANSWER_DELTA)


def test_pieces_are_words_that_join_back_exactly() -> None:
    text = "  PO-7781 is late:\n\n- 600 pcs  due Tue "
    assert "".join(pieces(text)) == text
    assert pieces("three short words") == ["three ", "short ", "words"]
    assert pieces("") == []


def test_the_models_answer_waits_for_the_check_then_streams_word_by_word() -> None:
    events: list[dict[str, Any]] = []
    stream = AnswerStream(events.append)
    call = AIMessage("", tool_calls=[{"name": "explain_po_risk", "args": {}, "id": "c1"}])
    stream.update({"model": {"messages": [call]}})
    stream({"event": "tool_call", "name": "explain_po_risk", "args": {}})
    stream.update({"tools": {"messages": [ToolMessage("{}", tool_call_id="c1")]}})
    stream.update({"model": {"messages": [AIMessage("PO-7781 is at risk: 3 days late.")]}})
    assert [e["event"] for e in events] == ["tool_call"]  # nothing before the check
    stream.update({"answer": None})  # the check kept it
    deltas = [e["text"] for e in events if e["event"] == ANSWER_DELTA]
    assert len(deltas) == 7 and "".join(deltas) == "PO-7781 is at risk: 3 days late."


def test_a_rewritten_answer_replaces_the_held_one_and_an_emptied_one_sends_nothing() -> None:
    events: list[dict[str, Any]] = []
    stream = AnswerStream(events.append)
    stream.update({"model": {"messages": [AIMessage("It costs $9,999.", id="a")]}})
    stream.update({"answer": {"messages": [AIMessage("It costs more than planned.", id="a")]}})
    assert _told(events) == "It costs more than planned."
    quiet: list[dict[str, Any]] = []
    emptied = AnswerStream(quiet.append)
    emptied.update({"model": {"messages": [AIMessage("It costs $9,999.", id="b")]}})
    emptied.update({"answer": {"messages": [AIMessage("", id="b")]}})
    assert quiet == []


def test_reports_and_answers_of_one_turn_are_separated_by_a_blank_line() -> None:
    events: list[dict[str, Any]] = []
    stream = AnswerStream(events.append)
    stream.update({"execute": {"messages": [AIMessage("EXP-1 was approved.")]}})
    stream.update({"__interrupt__": ()})
    stream.update({"model": {"messages": [AIMessage("Nothing else is late.")]}})
    stream.update({"answer": None})
    assert _told(events) == "EXP-1 was approved.\n\nNothing else is late."
