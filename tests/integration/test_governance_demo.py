"""Governance on the demo company: Meridian's people, policy and PO-7781, end to end."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from domain.clock import as_of
from governance.approvals import decide
from governance.audit import verify_chain
from governance.context import CallContext
from governance.errors import AccessDenied, OutOfScope
from governance.identity import get_actor, resolve_identity
from governance.outbox import RecordingSender, dispatch_outbox
from governance.proposals import create_proposal, list_proposals

pytestmark = pytest.mark.integration


def _expedite(db: Engine, cost: float) -> str:
    dana = resolve_identity(db, "slack", "U0DANAKIM")
    view = create_proposal(
        db,
        CallContext(dana, "slack", "C1/1700000000.1"),
        "expedite_po",
        {"po_number": "PO-7781", "line_no": 1, "qty": 600, "mode": "air"},
        "Voltaic confirmed only 400 of 1,000; E-4410 short Wed 06:00",
        [{"fact": "E-4410 first short Wed 06:00, 30 short", "source": "shortage:E-4410@LKS"}],
        "600 E-4410 by air before Wed 06:00",
        cost,
        "LKS",
        as_of(db),
    )
    return view.id


def test_the_heater_module_expedite_needs_priya_not_dana(demo_db: Engine) -> None:
    pid = _expedite(demo_db, 6800)
    with pytest.raises(AccessDenied, match="Four-eyes"):
        decide(demo_db, pid, get_actor(demo_db, "dana.kim"), "approve", as_of(demo_db))
    with pytest.raises(OutOfScope, match=r"not in your scope \(SAL\)"):
        decide(demo_db, pid, get_actor(demo_db, "carlos.mendez"), "approve", as_of(demo_db))
    assert list_proposals(demo_db, get_actor(demo_db, "sam.okafor")) == []
    view = decide(demo_db, pid, get_actor(demo_db, "priya.nair"), "approve", as_of(demo_db))
    assert view.status == "executed"
    with demo_db.connect() as c:
        freight = c.execute(
            text("SELECT count(*) FROM premium_freight WHERE cost = 6800 AND plant_code = 'LKS'")
        ).scalar_one()
    assert freight == 1
    assert dispatch_outbox(demo_db, RecordingSender(demo_db)) == 1
    assert verify_chain(demo_db).ok


def test_dana_confirms_her_own_small_expedite(demo_db: Engine) -> None:
    pid = _expedite(demo_db, 4800)
    view = decide(demo_db, pid, get_actor(demo_db, "dana.kim"), "approve", as_of(demo_db))
    assert (view.status, view.decided_by, view.four_eyes) == ("executed", "dana.kim", False)


def test_above_25000_only_morgan_may_approve(demo_db: Engine) -> None:
    pid = _expedite(demo_db, 26000)
    with pytest.raises(AccessDenied, match="executive"):
        decide(demo_db, pid, get_actor(demo_db, "priya.nair"), "approve", as_of(demo_db))
    view = decide(demo_db, pid, get_actor(demo_db, "morgan.lee"), "approve", as_of(demo_db))
    assert view.status == "executed"


def test_a_resequence_touching_the_frozen_horizon_fails_whole(demo_db: Engine) -> None:
    now = as_of(demo_db)
    with demo_db.connect() as c:
        rows = c.execute(
            text(
                "SELECT id, sequence, planned_start, planned_end FROM work_order"
                " WHERE line_code = 'LKS-SEAT1' AND status = 'released'"
                " ORDER BY planned_start LIMIT 8"
            )
        ).all()
    late, early = rows[-1], rows[0]  # one outside the 8 h frozen horizon, one inside
    # The late WO moves first (to a new sequence slot); the early one then breaks the rule.
    moves = [
        {
            "work_order_id": r.id,
            "sequence": r.sequence + shift,
            "planned_start": r.planned_start,
            "planned_end": r.planned_end,
        }
        for r, shift in ((late, 100), (early, 0))
    ]
    luis = get_actor(demo_db, "luis.ortega")
    view = create_proposal(
        demo_db,
        CallContext(luis, "cli", None),
        "resequence",
        {"line_code": "LKS-SEAT1", "moves": moves},
        "r",
        [],
        "e",
        0,
        "LKS",
        now,
    )
    with pytest.raises(AccessDenied):
        decide(demo_db, view.id, luis, "approve", now)
    out = decide(demo_db, view.id, get_actor(demo_db, "priya.nair"), "approve", now)
    assert out.status == "failed" and "frozen horizon" in (out.failure_reason or "")
    with demo_db.connect() as c:
        after = c.execute(
            text("SELECT sequence FROM work_order WHERE id = :id"), {"id": late.id}
        ).scalar_one()
    assert after == late.sequence  # the late move was rolled back with the failure
