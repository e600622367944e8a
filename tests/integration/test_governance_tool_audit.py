"""Every tool call that passes argument validation leaves exactly one audit record."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import Engine

from governance.audit import audit_lookup, verify_chain
from governance.context import CallContext
from governance.identity import get_actor
from tools.runner import call_tool

pytestmark = pytest.mark.integration


def _call(db: Engine, user: str, tool: str, args: dict[str, Any]) -> tuple[Any, list[Any]]:
    """Call a tool on a thread of its own; return the result and that thread's audit records."""
    thread = f"th-audit-{uuid.uuid4().hex[:8]}"
    result = call_tool(db, CallContext(get_actor(db, user), "cli", thread), tool, args)
    return result, audit_lookup(db, thread_id=thread)


def test_an_unknown_po_is_refused_clearly_and_audited(demo_db_shared: Engine) -> None:
    result, records = _call(demo_db_shared, "dana.kim", "explain_po_risk", {"po_number": "PO-0000"})
    assert not result.ok
    assert "no purchase order 'PO-0000'" in (result.error or "")
    assert len(records) == 1
    (record,) = records
    assert (record.tool, record.actor, record.outcome) == ("explain_po_risk", "dana.kim", "error")
    assert record.arguments["po_number"] == "PO-0000"
    assert "no purchase order 'PO-0000'" in record.detail and record.result_digest is None


def test_an_unknown_po_in_a_proposal_is_audited(demo_db: Engine) -> None:
    result, records = _call(demo_db, "dana.kim", "expedite_po", {"po_number": "PO-9999", "qty": 5})
    assert not result.ok and "no purchase order 'PO-9999'" in (result.error or "")
    assert [r.outcome for r in records] == ["error"]


def test_out_of_scope_and_ok_calls_leave_one_record_each(demo_db_shared: Engine) -> None:
    denied, denied_records = _call(
        demo_db_shared, "sam.okafor", "explain_po_risk", {"po_number": "PO-7781"}
    )
    assert not denied.ok and "not in your scope" in (denied.error or "")
    assert [r.outcome for r in denied_records] == ["denied"]
    ok, ok_records = _call(demo_db_shared, "dana.kim", "explain_po_risk", {"po_number": "PO-7781"})
    assert ok.ok, ok.error
    assert [r.outcome for r in ok_records] == ["ok"] and ok_records[0].result_digest
    assert verify_chain(demo_db_shared).ok


def test_invalid_arguments_are_refused_before_the_gate(demo_db_shared: Engine) -> None:
    result, records = _call(demo_db_shared, "dana.kim", "explain_po_risk", {})
    assert not result.ok and result.problem is not None and result.problem.fields == ["po_number"]
    assert "the PO number is missing" in (result.error or "")
    assert records == []
