"""Invented figures are caught against the evidence of real demo tool results (issue: 99%)."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import Engine

from agent.grounding import evidence_numbers, unsupported_numbers
from governance.context import CallContext
from governance.identity import get_actor
from tools.runner import call_tool

pytestmark = pytest.mark.integration

CALLS = [
    ("dana.kim", "shortages", {"horizon": "14d"}),
    ("dana.kim", "explain_po_risk", {"po_number": "PO-7781"}),
    ("dana.kim", "open_supply_for_item", {"item": "F-2200"}),
    ("dana.kim", "expedite_quote", {"po_number": "PO-7781"}),
    ("dana.kim", "po_lines_by_impact", {"horizon": "48h"}),
    ("morgan.lee", "kpi_query", {"metric": "supplier_otif", "group_by": "supplier"}),
    ("morgan.lee", "kpi_compare", {"metric": "premium freight", "period": "this month"}),
    ("luis.ortega", "clear_to_build", {"date": "2026-03-03"}),
    ("dana.kim", "supplier_performance", {"supplier": "Voltaic"}),
    ("dana.kim", "open_supply_for_item", {"item": "T-3105"}),
    ("dana.kim", "open_supply_for_item", {"item": "E-4410"}),
    ("dana.kim", "explain_po_risk", {"po_number": "PO-7790"}),
    ("priya.nair", "pending_proposals", {"status": "all"}),
]
TRIALS = 1000


def test_invented_numbers_are_rejected_in_99_percent_of_trials(demo_db_shared: Engine) -> None:
    evidence = []
    for user, tool, args in CALLS:
        ctx = CallContext(get_actor(demo_db_shared, user), "eval", "t-adversarial", model="test")
        result = call_tool(demo_db_shared, ctx, tool, args)
        assert result.ok, result.error
        evidence.append(result.as_text())
    known = evidence_numbers(evidence)
    assert len(known) > 120  # a realistic, crowded evidence set
    rng = random.Random(20260302)
    invented = []
    while len(invented) < TRIALS:
        n = rng.randint(100, 5000)
        if float(n) not in known:  # a number no tool stated
            invented.append(n)
    caught = sum(1 for n in invented if unsupported_numbers(f"We are {n:,} short.", evidence))
    assert caught / TRIALS >= 0.99, f"{caught} of {TRIALS} invented numbers caught"
