"""A turn's summary lists the proposals it raised, named in its tool results or reported as
decided, read from the messages' data, never from the words of the answer."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage, ToolMessage

from agent.runner import summarise
from agent.state import REPORTED_KEY
from tools.results import ToolResult

STATE: dict[str, Any] = {
    "proposals": {
        "AP-000001": {"id": "AP-000001", "kind": "expedite_po", "status": "pending",
                      "required_role": "plant_manager", "cost": 6800.0, "tool_call_id": "c1"},
        "AP-000002": {"id": "AP-000002", "kind": "supplier_escalation", "status": "rejected",
                      "required_role": "requester", "cost": 0.0, "tool_call_id": "c0"},
    }
}  # fmt: skip


def ids(added: list[Any]) -> list[str]:
    return [p["id"] for p in summarise("t", STATE, added, []).proposals]


def test_the_call_that_raised_a_proposal_puts_it_in_the_summary() -> None:
    raised = ToolResult(ok=True, tool="expedite_po", proposal={"id": "AP-000001"})
    assert ids([ToolMessage(raised.as_text(), tool_call_id="c1")]) == ["AP-000001"]


def test_a_decision_report_names_its_proposals_as_data() -> None:
    report = AIMessage("AP-000002 (supplier escalation, $0.00) was rejected by dana.kim.",
                       additional_kwargs={REPORTED_KEY: ["AP-000002"]})  # fmt: skip
    assert ids([report]) == ["AP-000002"]


def test_a_listing_of_proposals_names_them_by_their_id_field() -> None:
    listing = ToolResult(ok=True, tool="a_listing", data=[{"id": "AP-000002", "kind": "x"}])
    assert ids([ToolMessage(listing.as_text(), tool_call_id="c9")]) == ["AP-000002"]


def test_an_id_written_in_an_answer_alone_is_not_read_back() -> None:
    assert ids([AIMessage("AP-000001 and AP-000002 are still on file.")]) == []
