"""Tool arguments are validated before anything runs; errors name the field to fix."""

from __future__ import annotations

from typing import Any, cast

import pytest
from sqlalchemy import Engine

from domain.formatting import field_name
from domain.procurement.expedite import quote_expedite
from governance.context import CallContext
from governance.identity import Actor
from tools.results import ToolResult, jsonable
from tools.runner import call_tool

DANA = Actor("dana.kim", "buyer", ("LKS",), ("electronics", "foam"), 5000.0)
CTX = CallContext(DANA, "cli", "t-1")
NO_DB = cast(Engine, None)  # validation fails before any database access


@pytest.mark.parametrize(
    ("tool", "args", "field"),
    [
        ("expedite_po", {"po_number": "PO-7781", "qty": -5}, "qty"),
        ("expedite_po", {"po_number": "PO-7781", "mode": "boat"}, "mode"),
        ("expedite_po", {}, "po_number"),
        ("expedite_po", {"po_number": "7781; DROP TABLE"}, "po_number"),
        ("shortages", {"horizon": "forever"}, "horizon"),
        ("clear_to_build", {"date": "tomorrow-ish"}, "date"),
        ("lookup_item", {"query": ""}, "query"),
        ("propose_resequence", {"line": "LKS-SEAT1", "sequence": ["WO-1"]}, "sequence"),
        ("request_po_date_change", {"po_number": "PO-7781", "reason": "late"}, "new_date"),
        ("draft_supplier_escalation", {"supplier": "VOLT", "tone": "rude"}, "tone"),
        ("transfer_inventory", {"item": "T-3105", "from_plant": "SAL", "to_plant": "LKS"}, "qty"),
    ],
)
def test_bad_arguments_come_back_as_a_failure_naming_the_field(
    tool: str, args: dict[str, Any], field: str
) -> None:
    result = call_tool(NO_DB, CTX, tool, args)
    assert result.ok is False
    assert result.tool == tool
    assert result.problem is not None and field in result.problem.fields
    assert result.error is not None and result.error.startswith("invalid arguments: the ")
    assert field_name([field]) in result.error  # the field to fix, in words


def test_unknown_tool_is_a_failure_not_a_crash() -> None:
    result = call_tool(NO_DB, CTX, "approve_proposal", {"id": "AP-000001"})
    assert not result.ok and "unknown tool 'approve_proposal'" in (result.error or "")


def test_demo_air_expedite_costs_6800() -> None:
    quote = quote_expedite("PO-7781", 1, 600, "air")
    assert quote.cost == 6800.0
    # The rate table agrees with the carrier quote for the demo's lane.
    assert quote_expedite("PO-9999", 1, 600, "air").cost == 6800.0
    assert quote_expedite("PO-9999", 1, 100, "truck").cost == 600.0


def test_tool_result_is_json_serialisable() -> None:
    from datetime import UTC, datetime

    result = ToolResult(ok=True, tool="x", data={"at": jsonable(datetime(2026, 3, 2, tzinfo=UTC))})
    assert '"ok":true' in result.as_text()
    assert ToolResult.failure("x", "nope").model_dump()["error"] == "nope"
