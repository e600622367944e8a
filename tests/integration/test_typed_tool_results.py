"""Tools hand back typed data on the demo: a reader takes fields, never the summary's wording."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Engine

from tests.integration.tools_support import call, seat1_swap
from tools.read_supply import OpenSupply
from tools.result_data import ItemMatches, KpiValues, ProposalResult, SupplierRecords
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
