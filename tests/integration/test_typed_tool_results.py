"""Tools hand back typed data on the demo: a reader takes fields, never the summary's wording."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Engine

from tests.integration.tools_support import call, seat1_swap
from tools.read_supply import OpenSupply
from tools.result_data import (
    AuditRecords,
    ClearToBuildRows,
    ItemMatches,
    KpiValues,
    PoLineRiskFact,
    ProposalList,
    ProposalResult,
    Shortages,
    SupplierMessages,
    SupplierRecords,
)
from tools.results import parse_tool_result

pytestmark = pytest.mark.integration


def test_open_supply_is_typed_and_survives_the_tool_message(demo_db_shared: Engine) -> None:
    result = call(demo_db_shared, "dana.kim", "open_supply_for_item", {"item": "E-4410"})
    supply = parse_tool_result(result.as_text()).typed(OpenSupply)
    po = next(x for x in supply.po_lines if x.po_number == "PO-7781")
    assert (po.qty_ordered, po.confirmed_qty, po.unconfirmed_qty) == (1000, 400, 600)
    assert isinstance(po.promised_at, datetime) and po.promised_at.tzinfo is not None


def test_lookups_kpis_and_supplier_records_are_typed(demo_db_shared: Engine) -> None:
    item = call(demo_db_shared, "dana.kim", "lookup_item", {"query": "E-4410"})
    [match] = item.typed(ItemMatches).root
    assert (match.code, match.match) == ("E-4410", "exact")
    kpi = call(demo_db_shared, "morgan.lee", "kpi_query", {"metric": "supplier OTIF"})
    [value] = kpi.typed(KpiValues).root
    assert value.kpi == "supplier_otif" and value.unit == "percent" and value.value is not None
    perf = call(demo_db_shared, "dana.kim", "supplier_performance", {"supplier": "voltaic"})
    record = perf.typed(SupplierRecords).root[0]
    assert record.supplier == "VOLTAIC" and record.measures


def test_a_resequence_states_its_moves_and_frozen_horizon_as_data(demo_db: Engine) -> None:
    args = {"line": "LKS-SEAT1", "sequence": seat1_swap(demo_db)}
    result = call(demo_db, "luis.ortega", "propose_resequence", args)
    assert result.ok, result.error
    facts = parse_tool_result(result.as_text()).typed(ProposalResult).resequence
    assert facts is not None and facts.frozen_hours == 8.0
    assert facts.frozen_until.isoformat() == "2026-03-02T14:00:00-05:00"
    assert {m.work_order for m in facts.moves} == set(args["sequence"])
    assert all(m.old_start != m.new_start and m.item for m in facts.moves)
    assert facts.moved == 2 and facts.timezone == "America/Detroit"


def test_shortages_and_clear_to_build_are_typed(demo_db_shared: Engine) -> None:
    result = call(demo_db_shared, "dana.kim", "shortages", {"plant": "LKS"})
    shortages = {s.item: s for s in parse_tool_result(result.as_text()).typed(Shortages).root}
    heater = shortages["E-4410"]
    assert heater.first_short_at.isoformat() == "2026-03-04T06:00:00-05:00"
    assert heater.qty_short == 30 and heater.lines == ["LKS-SEAT1"]
    assert heater.pegged[0].work_order == heater.work_orders[0]
    assert not heater.policy.include_unconfirmed
    ctb = call(demo_db_shared, "luis.ortega", "clear_to_build",
               {"line": "LKS-DOOR1", "date": "2026-03-02"})  # fmt: skip
    rows = parse_tool_result(ctb.as_text()).typed(ClearToBuildRows).root
    [vega] = [r for r in rows if r.start_at_plant and r.start_at_plant.hour == 10]
    assert vega.start_local.endswith("10:00") and vega.start_at_plant == vega.start
    assert not vega.clear and [s.item for s in vega.short] == ["T-3105"]
    assert vega.short[0].qty_short == 20


def test_po_risk_and_correspondence_are_typed(demo_db_shared: Engine) -> None:
    risk = call(demo_db_shared, "dana.kim", "explain_po_risk", {"po_number": "PO-7781"})
    line = parse_tool_result(risk.as_text()).typed(PoLineRiskFact)
    assert (line.po_number, line.line_no, line.level) == ("PO-7781", 1, "high")
    assert line.facts.qty_confirmed == 400 and line.factors[0].points >= line.factors[-1].points
    mail = call(demo_db_shared, "dana.kim", "search_correspondence", {"supplier": "Voltaic"})
    messages = parse_tool_result(mail.as_text()).typed(SupplierMessages).root
    assert messages and all(m.supplier == "VOLTAIC" for m in messages)
    assert all(m.body.untrusted and m.body.source.startswith("supplier_message:") for m in messages)


def test_pending_proposals_and_audit_records_are_typed(demo_db: Engine) -> None:
    made = call(demo_db, "dana.kim", "expedite_po", {"po_number": "PO-7781"})
    assert made.ok, made.error
    pending = call(demo_db, "priya.nair", "pending_proposals", {"awaiting_my_approval": True})
    [listed] = parse_tool_result(pending.as_text()).typed(ProposalList).root
    assert (listed.kind, listed.requested_by, listed.cost) == ("expedite_po", "dana.kim", 6800.0)
    assert listed.expires_at.tzinfo is not None and listed.required_role == "plant_manager"
    audit = call(demo_db, "priya.nair", "audit_lookup", {"proposal_id": listed.id})
    records = parse_tool_result(audit.as_text()).typed(AuditRecords).root
    assert records and all(r.proposal_id == listed.id for r in records)
    assert {r.kind for r in records} >= {"proposal"}
