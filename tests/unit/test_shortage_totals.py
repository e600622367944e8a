"""The line hours at risk over several shortages count each WO once, in the tool and the answer."""

from __future__ import annotations

from typing import Any

from agent.offline.compose import Observation, describe
from domain.planning.shortages import worst_per_work_order
from tools.result_data import Shortages

POLICY = {
    "include_unconfirmed": False,
    "include_held": False,
    "consumption": "at start",
    "statement": "confirmed supply only",
}


def _pegged(wo: str, hours: float) -> dict[str, Any]:
    return {
        "work_order": wo, "line": "LKS-SEAT1", "item": "SEAT-ASSY", "customer_order": None,
        "start": "2026-03-04T06:00:00+00:00", "qty_required": 10.0, "qty_short": 5.0,
        "covered_at": None, "line_hours_at_risk": hours,
    }  # fmt: skip


def _shortage(item: str, *pegged: tuple[str, float]) -> dict[str, Any]:
    return {
        "item": item, "plant": "LKS", "first_short_at": "2026-03-04T06:00:00+00:00",
        "qty_short": 5.0, "work_orders": [wo for wo, _ in pegged], "customer_orders": [],
        "line_hours_at_risk": sum(h for _, h in pegged), "recovered_at": None,
        "recovered_by": [], "opening_available": 0.0, "held": 0.0,
        "pegged": [_pegged(wo, h) for wo, h in pegged], "policy": POLICY,
    }  # fmt: skip


def test_a_work_order_short_of_two_items_counts_once_at_its_worst() -> None:
    assert worst_per_work_order([("WO-1", 8.0), ("WO-1", 3.0), ("WO-2", 2.0)]) == {
        "WO-1": 8.0,
        "WO-2": 2.0,
    }
    rows = [_shortage("E-4410", ("WO-1", 8.0), ("WO-2", 2.0)), _shortage("F-2200", ("WO-1", 3.0))]
    assert Shortages.model_validate(rows).line_hours_at_risk_total == 10.0  # not 13


def test_the_offline_answer_states_the_tools_total_not_the_sum_per_item() -> None:
    rows = [_shortage("E-4410", ("WO-1", 8.0), ("WO-2", 2.0)), _shortage("F-2200", ("WO-1", 3.0))]
    result = {"ok": True, "tool": "shortages", "data": rows, "summary": "2 shortage(s)"}
    answer = describe(Observation("shortages", {}, result))
    assert (
        "Line time at risk in total: 10 line-hours (E-4410 10 line-hours, F-2200 3 line-hours)."
        in answer
    )


def test_one_shortage_or_data_of_another_shape_states_no_total() -> None:
    one = {"ok": True, "tool": "shortages", "data": [_shortage("E-4410", ("WO-1", 8.0))]}
    assert "in total" not in describe(Observation("shortages", {}, one))
    odd = {"ok": True, "tool": "shortages", "data": {"rows": []}, "summary": "none"}
    assert "in total" not in describe(Observation("shortages", {}, odd))


def test_a_listing_result_is_answered_one_bullet_per_point_never_by_splitting_its_summary() -> None:
    # The summary's own ': ' and ' | ' are text: only `headline` and `points` make the list.
    listed = {"ok": True, "tool": "po_lines_by_impact", "summary": "ignored: a | b",
              "headline": "2 open PO line(s) at LKS",
              "points": ["PO-1/1: late", "PO-2/1 | odd"]}  # fmt: skip
    assert describe(Observation("po_lines_by_impact", {}, listed)) == (
        "2 open PO line(s) at LKS:\n- PO-1/1: late\n- PO-2/1 | odd"
    )
    per_plant = {"ok": True, "tool": "clear_to_build", "summary": "LKS Mon: 2 of 2 WOs clear",
                 "points": ["LKS Mon: 2 of 2 WOs clear", "SAL Mon: 1 of 3 WOs clear"]}  # fmt: skip
    assert describe(Observation("clear_to_build", {}, per_plant)).startswith(
        "- LKS Mon: 2 of 2 WOs clear\n- SAL Mon: 1 of 3 WOs clear"
    )
    plain = {"ok": True, "tool": "explain_po_risk", "summary": "Risk 80: late | unconfirmed"}
    assert describe(Observation("explain_po_risk", {}, plain)) == "Risk 80: late | unconfirmed"
