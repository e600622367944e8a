"""`approval_rule` for one proposal: what it asks, who may decide it and whether the caller may
(governance's own check), the requester's confirmation limit and when it expires unanswered."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.integration.tools_support import call, data

pytestmark = pytest.mark.integration


def _expedite(engine: Engine) -> str:
    raised = call(engine, "dana.kim", "expedite_po", {"po_number": "PO-7781", "mode": "air"})
    assert raised.ok and raised.proposal, raised.error
    return str(raised.proposal["id"])


def test_the_requester_learns_why_she_may_not_decide_her_own_expedite(demo_db: Engine) -> None:
    pid = _expedite(demo_db)
    result = call(demo_db, "dana.kim", "approval_rule", {"proposal_id": pid})
    assert result.ok, result.error
    facts = data(result)
    assert facts["kind"] == "expedite_po" and facts["cost"] == facts["proposal"]["cost"]
    assert facts["proposal"]["required_role"] == "plant_manager"
    assert facts["you"]["requester"] and not facts["you"]["may_decide"]
    assert "Four-eyes" in facts["you"]["why_not"]
    assert facts["requester_may_confirm_up_to"] == 5000.0  # the rule's own tier, as stored
    assert [d["username"] for d in facts["deciders"]] == ["priya.nair", "morgan.lee"]
    assert facts["proposal"]["expires_local"] == "Tue 2026-03-03 06:00"
    assert facts["proposal"]["expires_after_hours"] == 24  # the rule's time to live
    for words in (
        "needs approval by the plant manager",
        "only up to $5,000",
        "Four-eyes",
        "priya.nair",
        "expires Tue 2026-03-03 06:00",
        "denied by default",
    ):
        assert words in result.summary, words  # fmt: skip
    assert pid in result.sources


def test_the_plant_manager_learns_it_is_hers_to_decide(demo_db: Engine) -> None:
    pid = _expedite(demo_db)
    result = call(demo_db, "priya.nair", "approval_rule", {"proposal_id": pid})
    assert result.ok and data(result)["you"]["may_decide"] is True
    assert "may approve or reject it" in result.summary and "dana.kim" in result.summary


def test_a_proposal_outside_the_callers_plants_or_unknown_is_refused(demo_db: Engine) -> None:
    pid = _expedite(demo_db)
    other = call(demo_db, "sam.okafor", "approval_rule", {"proposal_id": pid})
    assert not other.ok and "not in your scope" in (other.error or "")
    unknown = call(demo_db, "dana.kim", "approval_rule", {"proposal_id": "AP-999999"})
    assert not unknown.ok and "No proposal" in (unknown.error or "")
    # Neither a kind nor a proposal is the whole policy; a cost without a kind says what to give.
    neither = call(demo_db, "dana.kim", "approval_rule", {})
    assert neither.ok and data(neither)["kind"] is None and data(neither)["rules"]
    costed = call(demo_db, "dana.kim", "approval_rule", {"cost": 12000})
    assert not costed.ok and "give the action's kind or a proposal_id" in (costed.error or "")


def test_an_amount_as_a_floor_reads_the_tiers_above_it(demo_db: Engine) -> None:
    above = call(demo_db, "dana.kim", "approval_rule",
                 {"kind": "expedite_po", "cost": 25000, "above": True})  # fmt: skip
    assert above.ok and data(above)["applies"]["approver_role"] == "executive"
    assert above.summary.startswith("Above $25,000: an executive (not the requester).")
    at = call(demo_db, "dana.kim", "approval_rule", {"kind": "expedite_po", "cost": 25000})
    assert data(at)["applies"]["approver_role"] == "plant_manager"
