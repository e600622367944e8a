"""'Was the expedite approved?' and 'did priya approve it?' after a quote or a proposal: the
expedite's own proposals for that PO, yes or no first; never whether the person may approve."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from agent.offline.intents import plan_turn
from agent.offline.planners import Recall
from agent.offline.status_answer import FOCUS_KEY, status_lead
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()
# The thread after "how much to air the rest of PO-7781?": the quote read, the expedite offered.
QUOTED = Recall(
    po_number="PO-7781",
    offer={"tool": "expedite_po", "args": {"po_number": "PO-7781", "mode": "air"}},
    calls=(("expedite_quote", {"po_number": "PO-7781", "mode": "air"}),),
)


@dataclass
class Seen:
    tool: str
    result: dict[str, Any] = field(default_factory=dict)


def quote(*existing: dict[str, Any]) -> Seen:
    data = {"po_number": "PO-7781", "existing_proposals": list(existing)}
    return Seen("expedite_quote", {"ok": True, "data": data})


@pytest.mark.parametrize(
    "text", ["did priya approve it?", "was the expedite approved?", "has it been approved yet",
             "did anyone sign off on it"],
)  # fmt: skip
def test_a_status_question_after_a_quote_reads_the_quote_with_its_proposals(text: str) -> None:
    plan = plan_turn(text, QUOTED, VOCAB)
    assert [name for name, _ in plan.calls] == ["expedite_quote"]
    assert plan.focus[FOCUS_KEY] == "expedite_po"


def test_whether_priya_may_approve_is_still_the_approval_rule() -> None:
    plan = plan_turn("will priya have to ok this?", QUOTED, VOCAB)
    assert plan.calls[0][0] == "approval_rule" and plan.calls[0][1]["person"] == "priya.nair"


def test_no_proposal_is_a_plain_no() -> None:
    lead = status_lead([quote()], {FOCUS_KEY: "expedite_po"})
    assert lead is not None and lead.startswith("No: no expedite has been proposed for PO-7781")


@pytest.mark.parametrize(
    ("status", "decided_by", "start"),
    [("pending", None, "Not yet: AP-000002"), ("approved", "priya.nair", "Yes: AP-000002"),
     ("executed", "priya.nair", "Yes: AP-000002"), ("rejected", "priya.nair", "No: AP-000002"),
     ("expired", None, "No: AP-000002")],
)  # fmt: skip
def test_the_newest_proposal_says_yes_or_no(
    status: str, decided_by: str | None, start: str
) -> None:
    newest = {"id": "AP-000002", "status": status, "cost": 6800.0, "mode": "air",
              "decided_by": decided_by}  # fmt: skip
    older = {"id": "AP-000001", "status": "rejected", "cost": 6800.0, "decided_by": "x"}
    lead = status_lead([quote(newest, older)], {FOCUS_KEY: "expedite_po"})
    assert lead is not None and lead.startswith(start) and "$6,800.00" in lead
    assert (decided_by or "") in lead and "AP-000001" not in lead


def test_without_the_status_focus_the_quote_leads_nothing() -> None:
    assert status_lead([quote()], {}) is None


def listing(*rows: dict[str, Any]) -> Seen:
    return Seen("pending_proposals", {"ok": True, "data": list(rows)})


def test_did_that_go_out_after_an_escalation_reads_its_status_first() -> None:
    drafted = Recall(offer={"tool": "draft_supplier_escalation", "args": {"po_number": "PO-7781"}})
    plan = plan_turn("did that go out yet?", drafted, VOCAB)
    assert plan.calls == [("pending_proposals", {"status": "all"})]
    assert plan.focus[FOCUS_KEY] == "supplier_escalation"
    older = {"id": "AP-000001", "kind": "supplier_escalation", "status": "executed",
             "plant_code": "LKS", "created_at": "2026-03-02T07:00:00-05:00"}  # fmt: skip
    newest = {**older, "id": "AP-000004", "status": "pending",
              "created_at": "2026-03-02T09:00:00-05:00"}  # fmt: skip
    other = {**newest, "id": "AP-000005", "kind": "resequence"}
    lead = status_lead([listing(older, newest, other)], plan.focus)
    assert lead is not None and lead.startswith("Not yet: AP-000004 (supplier escalation")
    assert status_lead([listing(other)], plan.focus) is None  # the listing says there is none
