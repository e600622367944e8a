"""Tool results are typed: data round-trips through a tool message, failures carry a kind."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.procurement.open_supply import OpenAsn, OpenPoLine, SupplyTranche
from tools.read_supply import OpenSupply
from tools.results import ToolProblem, ToolResult, listing, parse_tool_result

AT = datetime(2026, 3, 3, 11, 0, tzinfo=UTC)


def _supply() -> OpenSupply:
    line = OpenPoLine(
        id=1, po_number="PO-7781", line_no=1, item_code="E-4410", qty_ordered=1000,
        promised_at=AT, plant_code="LKS", supplier_code="VOLTAIC",
        supplier_name="Voltaic Components", received=0, confirmed_qty=400, unconfirmed_qty=600,
        confirmations=[],
        asns=[OpenAsn(asn_number="ASN-1", qty=400, shipped_at=None, eta=AT, original_eta=AT,
                      hub="", hub_status="in_transit", carrier="")],
        supply=[SupplyTranche(qty=400, at=AT, basis="asn")],
    )  # fmt: skip
    return OpenSupply(item="E-4410", description="heater", plants=["LKS"], po_lines=[line])


def test_typed_data_serialises_to_plain_json_with_iso_times() -> None:
    result = ToolResult(ok=True, tool="open_supply_for_item", data=_supply())
    dumped = result.model_dump()["data"]
    assert dumped["po_lines"][0]["promised_at"] == "2026-03-03T11:00:00+00:00"
    assert dumped["po_lines"][0]["asns"][0]["asn_number"] == "ASN-1"


def test_a_tool_message_parses_back_into_the_tools_own_model() -> None:
    sent = ToolResult(ok=True, tool="open_supply_for_item", data=_supply(), summary="s")
    back = parse_tool_result(sent.as_text())
    assert isinstance(back.data, OpenSupply)
    line = back.typed(OpenSupply).po_lines[0]
    assert (line.ref, line.unconfirmed_qty, line.promised_at) == ("PO-7781/1", 600, AT)


def test_untyped_tools_keep_their_plain_data() -> None:
    back = parse_tool_result(ToolResult(ok=True, tool="no_such_tool", data=[1, 2]).as_text())
    assert back.data == [1, 2]


def test_a_failure_is_data_with_a_kind_and_keeps_its_message() -> None:
    problem = ToolProblem(kind="out_of_scope", message="Plant LKS is not in your scope (SAL)",
                          plant="LKS", scope=["SAL"])  # fmt: skip
    back = parse_tool_result(ToolResult.failure_of("expedite_po", problem).as_text())
    assert not back.ok and back.problem is not None
    assert (back.problem.kind, back.problem.plant, back.problem.scope) == (
        "out_of_scope", "LKS", ["SAL"],
    )  # fmt: skip
    assert back.error == back.summary == problem.message
    assert ToolResult.failure("x", "bad").problem == ToolProblem(kind="invalid_input",
                                                                 message="bad")  # fmt: skip


def test_a_listing_result_carries_its_head_and_points_beside_the_summary() -> None:
    listed = ToolResult(ok=True, tool="x", **listing("2 shortage(s) in LKS", ["a: 1", "b | c"]))
    assert listed.summary == "2 shortage(s) in LKS: a: 1 | b | c"
    assert (listed.headline, listed.points) == ("2 shortage(s) in LKS", ["a: 1", "b | c"])
    assert parse_tool_result(listed.as_text()).points == ["a: 1", "b | c"]
    assert listing("0 proposal(s) pending", [])["summary"] == "0 proposal(s) pending."
    assert listing("", ["LKS: x", "SAL: y"], sep="; ")["summary"] == "LKS: x; SAL: y"
