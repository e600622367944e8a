"""'What needs my approval?' lists exactly what the one authority rule lets each person decide."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.integration.tools_support import call

pytestmark = pytest.mark.integration


def _waiting_for(engine: Engine, user: str) -> list[str]:
    result = call(engine, user, "pending_proposals", {"awaiting_my_approval": True})
    assert result.ok, result.error
    return [row.id for row in result.data.root]


def test_each_persona_sees_what_they_may_decide(demo_db: Engine) -> None:
    expedite = call(demo_db, "dana.kim", "expedite_po", {"po_number": "PO-7781", "qty": 600})
    escalation = call(demo_db, "dana.kim", "draft_supplier_escalation",
                      {"supplier": "voltaic", "po_number": "PO-7781"})  # fmt: skip
    assert expedite.proposal and escalation.proposal
    pm_item, own_item = str(expedite.proposal["id"]), str(escalation.proposal["id"])
    assert expedite.proposal["required_role"] == "plant_manager"

    # The executive outranks the plant manager's rule: her list has the expedite (the old
    # list compared roles for equality and left it out).
    assert _waiting_for(demo_db, "morgan.lee") == [pm_item]
    assert _waiting_for(demo_db, "priya.nair") == [pm_item]
    # The requester may confirm her own escalation, never her own expedite (four-eyes).
    assert _waiting_for(demo_db, "dana.kim") == [own_item]
    assert _waiting_for(demo_db, "luis.ortega") == []  # a planner decides no expedite
    assert _waiting_for(demo_db, "sam.okafor") == []  # SAL: not her plant


def test_proposals_of_a_plant_out_of_scope_are_refused_not_counted(demo_db: Engine) -> None:
    # "0 pending at SAL" to an LKS buyer would read as a fact about SAL: it is a refusal.
    refused = call(demo_db, "dana.kim", "pending_proposals", {"plant": "SAL"})
    assert not refused.ok and "not in your scope" in (refused.error or "")
    assert refused.data in ({}, [])
    call(demo_db, "dana.kim", "expedite_po", {"po_number": "PO-7781", "qty": 600})
    at_lks = call(demo_db, "morgan.lee", "pending_proposals", {"plant": "lks"})
    at_sal = call(demo_db, "morgan.lee", "pending_proposals", {"plant": "SAL"})
    assert [r.plant_code for r in at_lks.data.root] == ["LKS"] and at_sal.data.root == []
