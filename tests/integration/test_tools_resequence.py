"""propose_resequence via the tool runner: a pending proposal, executed once on approval."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, text

from domain.clock import as_of
from governance.approvals import decide
from governance.errors import ExecutionFailed, ProposalNotPending
from governance.executors import DatabaseErp
from governance.identity import get_actor
from governance.payloads import ResequenceMove
from tests.integration.tools_support import call, data, domain_fingerprint

pytestmark = pytest.mark.integration

ARGS = {"line": "LKS-SEAT1", "horizon": "14d", "time_limit_s": 20}


def _work_orders(engine: Engine) -> dict[str, dict[str, Any]]:
    with engine.connect() as conn:
        return {
            r["id"]: dict(r)
            for r in conn.execute(
                text(
                    "SELECT id, sequence, planned_start, planned_end FROM work_order"
                    " WHERE line_code = 'LKS-SEAT1'"
                )
            ).mappings()
        }


def _executions(engine: Engine, proposal_id: str) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(
                text("SELECT count(*) FROM governance.outbox WHERE proposal_id = :p"),
                {"p": proposal_id},
            ).scalar_one()
        )


def test_planner_proposes_and_plant_manager_approval_executes_once(demo_db: Engine) -> None:
    before_tables = domain_fingerprint(demo_db)
    before = _work_orders(demo_db)
    result = call(demo_db, "luis.ortega", "propose_resequence", ARGS)
    assert result.ok, result.error
    assert result.proposal and result.proposal["required_role"] == "plant_manager"
    proposal, payload = data(result)["proposal"], data(result)["payload"]
    assert proposal["status"] == "pending"
    # The approver reads the plan, the diff with reasons and the KPI deltas.
    assert payload["status"] in ("OPTIMAL", "FEASIBLE") and payload["plan"]
    assert all(m["why"] for m in payload["moved"])
    assert payload["kpis"]["delta"]["made_clear_to_build"] == 7
    assert payload["kpis"]["delta"]["line_hours_at_risk"] == -22.0
    assert payload["material_check"]["starts_short"] == []
    effect = proposal["expected_effect"]
    assert "line hours at risk from shortages: 22 → 0" in effect and "late WOs 0 →" in effect
    assert domain_fingerprint(demo_db) == before_tables  # nothing written to work_order

    now = as_of(demo_db)
    view = decide(demo_db, proposal["id"], get_actor(demo_db, "priya.nair"), "approve", now)
    assert view.status == "executed"
    after = _work_orders(demo_db)
    moves = {m["work_order_id"]: m for m in payload["moves"]}
    for wo, m in moves.items():
        assert after[wo]["planned_start"] == datetime.fromisoformat(m["planned_start"])
        assert after[wo]["sequence"] == m["sequence"]
    frozen_until = now + timedelta(hours=8)
    for wo, row in before.items():
        if row["planned_start"] < frozen_until:
            assert after[wo] == row, f"{wo} is inside the frozen horizon and must not move"
        if wo not in moves:
            assert after[wo] == row
    changed = [wo for wo in before if after[wo] != before[wo]]
    assert set(changed) == set(moves)
    with pytest.raises(ProposalNotPending):
        decide(demo_db, proposal["id"], get_actor(demo_db, "priya.nair"), "approve", now)
    assert _executions(demo_db, proposal["id"]) == 1
    assert _work_orders(demo_db) == after


def test_a_buyer_cannot_propose_a_resequence(demo_db: Engine) -> None:
    result = call(demo_db, "dana.kim", "propose_resequence", ARGS)
    assert not result.ok and result.error
    assert "propose_resequence" in result.error or "buyer" in result.error


def test_time_limit_is_capped_at_60_seconds(demo_db: Engine) -> None:
    result = call(demo_db, "luis.ortega", "propose_resequence", ARGS | {"time_limit_s": 600})
    assert not result.ok and result.problem is not None
    # The field to fix is data; the message names it in words.
    assert result.problem.fields == ["time_limit_s"] and "time limit" in (result.error or "")


def test_approval_fails_cleanly_if_the_line_changed_into_a_double_booking(
    demo_db: Engine,
) -> None:
    # A plain swap of Tuesday's first two WOs: fine when proposed.
    swap = {"line": "LKS-SEAT1", "sequence": ["WO-SEAT1-0303-1000", "WO-SEAT1-0303-0600"]}
    result = call(demo_db, "luis.ortega", "propose_resequence", swap)
    assert result.ok, result.error
    proposal = data(result)["proposal"]
    # Meanwhile the ERP moves the Orion WO of Tue 14:00 to 12:00, where the swap puts Orion 10:00.
    with demo_db.begin() as conn:
        conn.execute(
            text(
                "UPDATE work_order SET planned_start = planned_start - interval '2 hours',"
                " planned_end = planned_end - interval '2 hours' WHERE id = 'WO-SEAT1-0303-1400'"
            )
        )
    before = _work_orders(demo_db)
    view = decide(demo_db, proposal["id"], get_actor(demo_db, "priya.nair"), "approve",
                  as_of(demo_db))  # fmt: skip
    assert view.status == "failed"
    assert view.failure_reason and "double-book LKS-SEAT1" in view.failure_reason
    assert "WO-SEAT1-0303-0600" in view.failure_reason
    assert "WO-SEAT1-0303-1400" in view.failure_reason
    # Neither move of the swap was written, though the first alone overlapped nothing.
    assert _work_orders(demo_db) == before
    assert _executions(demo_db, proposal["id"]) == 0


def test_the_erp_refuses_a_hand_made_overlapping_move(demo_db: Engine) -> None:
    now = as_of(demo_db)
    start = datetime.fromisoformat("2026-03-03T06:30:00-05:00")
    move = ResequenceMove(
        work_order_id="WO-SEAT1-0303-1000",
        sequence=99,
        planned_start=start,
        planned_end=start + timedelta(hours=3, minutes=30),
    )
    before = _work_orders(demo_db)
    # The approval runs the executor in a savepoint; the failure rolls the write back.
    with (
        pytest.raises(ExecutionFailed, match="double-book"),
        demo_db.connect() as conn,
        conn.begin(),
    ):
        DatabaseErp(conn).resequence("LKS-SEAT1", [move], now)
    assert _work_orders(demo_db) == before
