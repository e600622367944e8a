"""The tool catalogue: names, kinds, descriptions and input schemas the model reads."""

from __future__ import annotations

import json

import pytest

from tests.support.policy import migration_policy
from tools.registry import catalogue, get_tool, openai_tool_schemas
from tools.tool import Tool

READ = {
    "shortages", "explain_po_risk", "clear_to_build", "lookup_item", "lookup_supplier",
    "supplier_performance", "kpi_query", "open_supply_for_item", "search_correspondence",
    "pending_proposals", "audit_lookup", "read_alerts", "expedite_quote", "approval_rule",
    "po_lines_by_impact", "kpi_compare", "item_overview", "resequence_preview", "plant_profile",
    "material_balance",
}  # fmt: skip
PROPOSE = {
    "draft_supplier_escalation", "request_po_date_change", "expedite_po", "transfer_inventory",
    "propose_resequence", "request_quality_review",
}  # fmt: skip


def test_catalogue_has_every_tool_of_the_issue_with_its_kind() -> None:
    tools = {t.name: t.kind for t in catalogue()}
    assert {n for n, k in tools.items() if k == "read"} == READ
    assert {n for n, k in tools.items() if k == "propose"} == PROPOSE


def test_catalogue_lists_read_tools_first_and_get_tool_finds_each() -> None:
    kinds = [t.kind for t in catalogue()]
    assert kinds == sorted(kinds, key=lambda k: k != "read")
    for tool in catalogue():
        assert get_tool(tool.name) is tool
    with pytest.raises(KeyError):
        get_tool("approve_proposal")


@pytest.mark.parametrize("tool", catalogue(), ids=lambda t: t.name)
def test_every_tool_is_described_for_the_model(tool: Tool) -> None:
    assert len(tool.description) > 80
    schema = tool.json_schema()
    assert schema["type"] == "object"
    for name, prop in schema["properties"].items():
        assert prop.get("description"), f"{tool.name}.{name} has no description"
    json.dumps(schema)  # serialisable as function-calling parameters


def test_no_tool_takes_an_approval_decision_as_input() -> None:
    forbidden = {"approve", "approved", "approver", "decision", "decided_by", "status_override"}
    for tool in catalogue():
        fields = set(tool.input_model.model_fields)
        assert not fields & forbidden, tool.name
        if tool.name != "pending_proposals":  # its `status` filters a read, decides nothing
            assert "status" not in fields


def test_openai_schemas_have_name_description_and_parameters() -> None:
    schemas = openai_tool_schemas()
    assert [s["function"]["name"] for s in schemas] == [t.name for t in catalogue()]
    for s in schemas:
        assert s["type"] == "function"
        assert s["function"]["description"]
        assert s["function"]["parameters"]["type"] == "object"


def test_governance_policy_names_only_tools_that_exist() -> None:
    names = {t.name for t in catalogue()}
    for role, allowed in migration_policy().items():
        assert set(allowed) <= names, role
