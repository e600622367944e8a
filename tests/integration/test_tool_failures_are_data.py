"""Refusals and user errors come back from the tools as data: a kind, and what explains it."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.integration.tools_support import call

pytestmark = pytest.mark.integration


def _kind(engine: Engine, user: str, tool: str, args: dict[str, object]) -> str:
    result = call(engine, user, tool, args)
    assert not result.ok and result.problem is not None, result
    return result.problem.kind


def test_each_kind_of_failure_is_named(demo_db_shared: Engine) -> None:
    e = demo_db_shared
    assert _kind(e, "dana.kim", "no_such_tool", {}) == "unknown_tool"
    assert _kind(e, "dana.kim", "open_supply_for_item", {}) == "invalid_arguments"
    assert _kind(e, "eve.tester", "expedite_po", {"po_number": "PO-7781", "line_no": 1}) == (
        "forbidden"
    )
    assert _kind(e, "sam.okafor", "open_supply_for_item", {"item": "E-4410", "plant": "LKS"}) == (
        "out_of_scope"
    )
    assert _kind(e, "dana.kim", "open_supply_for_item", {"item": "zzqx-nothing"}) == "not_found"
    assert _kind(e, "dana.kim", "open_supply_for_item", {"item": "foam"}) == "ambiguous"


def test_an_ambiguous_name_lists_its_candidates(demo_db_shared: Engine) -> None:
    result = call(demo_db_shared, "dana.kim", "open_supply_for_item", {"item": "foam"})
    assert result.problem is not None and len(result.problem.candidates) >= 2
    assert all(c.kind == "item" for c in result.problem.candidates)


def test_out_of_scope_names_the_plant_and_the_scope(demo_db_shared: Engine) -> None:
    args = {"item": "E-4410", "plant": "LKS"}
    result = call(demo_db_shared, "sam.okafor", "open_supply_for_item", args)
    assert result.problem is not None
    assert (result.problem.plant, result.problem.scope) == ("LKS", ["SAL"])
