"""Every demo persona × every tool: allowed or refused exactly as the policy and scope say."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from domain.formatting import role_name
from governance.identity import get_actor
from governance.policy import in_scope
from tests.integration.tools_support import PERSONAS, call, data, seat1_swap, transfer_to_lks
from tests.support.policy import migration_policy
from tools.registry import catalogue

pytestmark = pytest.mark.integration

# Arguments of one LKS call per tool (the demo's PO-7781, E-4410, SEAT1, lot L-3105-0311).
LKS_CALLS: dict[str, dict[str, Any]] = {
    "shortages": {"plant": "LKS"},
    "explain_po_risk": {"po_number": "PO-7781"},
    "clear_to_build": {"line": "LKS-SEAT1", "date": "2026-03-04"},
    "lookup_item": {"query": "E-4410"},
    "lookup_supplier": {"query": "voltaic"},
    "supplier_performance": {"supplier": "voltaic", "plant": "LKS"},
    "kpi_query": {"metric": "supplier OTIF", "plant": "LKS"},
    "open_supply_for_item": {"item": "E-4410", "plant": "LKS"},
    "search_correspondence": {"query": "heater module", "po_number": "PO-7781"},
    "pending_proposals": {},
    "audit_lookup": {},
    "expedite_quote": {"po_number": "PO-7781", "qty": 600},
    "approval_rule": {"kind": "expedite_po", "cost": 6800, "plant": "LKS"},
    "po_lines_by_impact": {"plant": "LKS", "horizon": "48h"},
    "kpi_compare": {"metric": "supplier OTIF", "plant": "LKS", "period": "last month"},
    "item_overview": {"item": "T-3105", "plant": "LKS"},
    "plant_profile": {"plant": "LKS", "line": "LKS-SEAT1"},
    "material_balance": {"item": "E-4410", "plant": "LKS"},
    "draft_supplier_escalation": {"supplier": "voltaic", "po_number": "PO-7781"},
    "request_po_date_change": {
        "po_number": "PO-7781",
        "line_no": 1,
        "new_date": "2026-03-09T06:00",
        "reason": "Voltaic cannot ship the balance before Monday",
    },  # fmt: skip
    "expedite_po": {"po_number": "PO-7781", "line_no": 1, "qty": 600, "mode": "air"},
    "transfer_inventory": {},  # filled from the data: stock available at another plant
    "propose_resequence": {"line": "LKS-SEAT1", "sequence": []},  # filled from the data
    "resequence_preview": {"line": "LKS-SEAT1", "sequence": []},  # filled from the data
    "request_quality_review": {"lot": "L-3105-0311"},
    "read_alerts": {"plant": "LKS"},
}
# Tools that touch no plant: only the role decides; their rows are filtered to scope.
PLANTLESS = {"lookup_item", "lookup_supplier", "pending_proposals", "audit_lookup"}


def test_matrix_covers_every_tool() -> None:
    assert set(LKS_CALLS) == {t.name for t in catalogue()}


@pytest.mark.parametrize("tool", sorted(LKS_CALLS))
@pytest.mark.parametrize("username", PERSONAS)
def test_role_and_scope_matrix(demo_db_shared: Engine, username: str, tool: str) -> None:
    demo_db = demo_db_shared  # proposals are governance rows; the domain stays read-only
    args = dict(LKS_CALLS[tool])
    if tool in ("propose_resequence", "resequence_preview"):
        args["sequence"] = seat1_swap(demo_db)
    if tool == "transfer_inventory":
        args = transfer_to_lks(demo_db)
    actor = get_actor(demo_db, username)
    role_may = tool in migration_policy().get(actor.role, [])
    scope_ok = tool in PLANTLESS or in_scope(actor, "LKS")

    result = call(demo_db, username, tool, args)

    if not role_may:
        assert not result.ok
        assert f"Your role ({role_name(actor.role, article=False)}) may not" in (result.error or "")
        assert tool not in (result.error or "")  # the action in words, not its identifier
    elif not scope_ok:
        assert not result.ok
        assert "not in your scope" in (result.error or "")
        assert data(result) in ({}, [])  # a refusal carries no data
    else:
        assert result.ok, result.error
        if tool in {t.name for t in catalogue() if t.kind == "propose"}:
            assert result.proposal is not None and result.proposal["status"] == "pending"


def test_sal_buyer_asking_about_an_lks_po_is_told_it_is_out_of_scope(
    demo_db_shared: Engine,
) -> None:
    result = call(demo_db_shared, "sam.okafor", "explain_po_risk", {"po_number": "PO-7781"})
    assert not result.ok
    assert result.error == "PO-7781 is at LKS, not in your scope (SAL)"
    assert result.summary == result.error and not data(result)
