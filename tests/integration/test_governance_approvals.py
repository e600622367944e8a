"""Approvals on a real PostgreSQL: four-eyes, thresholds, scope, expiry, exactly-once, outbox."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, create_engine, text

from governance.approvals import decide
from governance.audit import audit_lookup, verify_chain
from governance.context import CallContext
from governance.errors import (
    AccessDenied,
    GovernanceError,
    NoApprovalRule,
    OutOfScope,
    ProposalExpired,
    ProposalNotPending,
)
from governance.identity import Actor, get_actor
from governance.outbox import OutboundMessage, RecordingSender, dispatch_outbox
from governance.proposals import create_proposal, expire_due, get_proposal, list_proposals
from sample_data.meridian.people import RULES as DEMO_RULES

pytestmark = pytest.mark.integration

NOW = datetime(2026, 3, 2, 6, 0, tzinfo=ZoneInfo("America/Detroit"))

USERS = [  # username, role, scope, limit
    ("dana.kim", "buyer", ["LKS"], 5000),
    ("luis.ortega", "planner", ["LKS"], 0),
    ("priya.nair", "plant_manager", ["LKS"], 25000),
    ("morgan.lee", "executive", ["LKS", "SAL", "GYR"], 0),
    ("sam.okafor", "buyer", ["SAL"], 5000),
    ("sal.manager", "plant_manager", ["SAL"], 25000),
    ("eve.tester", "evaluator", ["LKS", "SAL", "GYR"], 0),
]
# The demo company's rules, less quality_review so that one kind has no rule to resolve.
RULES = [rule for rule in DEMO_RULES if rule[0] != "quality_review"]


def seed(engine: Engine) -> None:
    """The slice of Meridian Interiors these tests need: two plants, PO-7781, users, rules."""
    with engine.begin() as c:
        for code, tz in (
            ("LKS", "America/Detroit"),
            ("SAL", "America/Monterrey"),
            ("GYR", "Europe/Budapest"),
        ):
            c.execute(text("INSERT INTO plant VALUES (:c, :c, :tz)"), {"c": code, "tz": tz})
        for u, role, scope, limit in USERS:
            c.execute(
                text(
                    "INSERT INTO app_user (username, display_name, email, role, plant_scope,"
                    " item_families, approval_limit) VALUES (:u, :u, '', :r, :s, '{}', :l)"
                ),
                {"u": u, "r": role, "s": scope, "l": limit},
            )
        for kind, max_cost, role, four_eyes in RULES:
            c.execute(
                text(
                    "INSERT INTO approval_rule (kind, plant_code, max_cost, approver_role,"
                    " four_eyes, ttl_hours) VALUES (:k, NULL, :m, :r, :f, 24)"
                ),
                {"k": kind, "m": max_cost, "r": role, "f": four_eyes},
            )
        c.execute(
            text(
                "INSERT INTO supplier (code, name, email, country, interplant) VALUES"
                " ('VOLT', 'Voltaic Components', 'orders@voltaic.example', 'US', false)"
            )
        )
        c.execute(
            text(
                "INSERT INTO item (code, description, family, item_type, uom, criticality,"
                " unit_cost) VALUES ('E-4410', 'Seat heater control module', 'electronics',"
                " 'component', 'EA', 1, 12)"
            )
        )
        c.execute(
            text(
                "INSERT INTO purchase_order VALUES ('PO-7781', 'VOLT', 'LKS', :t, 'dana.kim',"
                " 'open')"
            ),
            {"t": NOW - timedelta(days=20)},
        )
        c.execute(
            text(
                "INSERT INTO po_line (po_number, line_no, item_code, qty_ordered, promised_at,"
                " unit_price, status) VALUES ('PO-7781', 1, 'E-4410', 1000, :t, 12, 'open')"
            ),
            {"t": NOW + timedelta(days=1)},
        )
        c.execute(
            text(
                "INSERT INTO inventory_balance (plant_code, item_code, location, lot, qty, status)"
                " VALUES ('SAL', 'E-4410', 'MAIN', 'L1', 500, 'available')"
            )
        )


@pytest.fixture
def db(empty_db: Engine) -> Engine:
    seed(empty_db)
    return empty_db


def ctx(engine: Engine, username: str, thread: str = "th-1") -> CallContext:
    return CallContext(get_actor(engine, username), "cli", thread)


def expedite(engine: Engine, cost: float, by: str = "dana.kim", qty: float = 600) -> str:
    view = create_proposal(
        engine,
        ctx(engine, by),
        "expedite_po",
        {"po_number": "PO-7781", "line_no": 1, "qty": qty, "mode": "air"},
        "600 of PO-7781 unconfirmed; E-4410 short Wed 06:00",
        [{"fact": "E-4410 first short Wed 06:00, 30 short", "source": "shortage:E-4410@LKS"}],
        "600 E-4410 arrive by air before Wed 06:00",
        cost,
        "LKS",
        NOW,
    )
    return view.id


def actor(engine: Engine, username: str) -> Actor:
    return get_actor(engine, username)


def count(engine: Engine, sql: str) -> int:
    with engine.connect() as c:
        return int(c.execute(text(sql)).scalar_one())


# ---------------------------------------------------------------- four-eyes and thresholds


def test_requester_cannot_approve_an_above_limit_expedite(db: Engine) -> None:
    pid = expedite(db, 6800)
    assert get_proposal(db, pid).required_role == "plant_manager"
    assert get_proposal(db, pid).four_eyes
    with pytest.raises(AccessDenied, match="Four-eyes"):
        decide(db, pid, actor(db, "dana.kim"), "approve", NOW)
    assert get_proposal(db, pid).status == "pending"
    assert count(db, "SELECT count(*) FROM premium_freight") == 0
    denied = audit_lookup(db, proposal_id=pid)
    assert denied[0].kind == "decision" and denied[0].outcome == "denied"


def test_the_lks_plant_manager_can_approve_and_it_executes(db: Engine) -> None:
    pid = expedite(db, 6800)
    view = decide(db, pid, actor(db, "priya.nair"), "approve", NOW, comment="go")
    assert view.status == "executed" and view.decided_by == "priya.nair"
    assert view.executed_at is not None
    with db.connect() as c:
        cost = c.execute(text("SELECT cost FROM premium_freight")).scalar_one()
        mail = c.execute(text("SELECT recipient, subject FROM governance.outbox")).one()
    assert cost == 6800
    assert mail.recipient == "orders@voltaic.example" and "PO-7781" in mail.subject
    kinds = [r.kind for r in reversed(audit_lookup(db, proposal_id=pid))]
    assert kinds == ["proposal", "decision", "execution"]
    assert verify_chain(db).ok


def test_a_created_proposals_audit_text_names_its_approver_in_words(db: Engine) -> None:
    pid = expedite(db, 6800)
    [created] = audit_lookup(db, proposal_id=pid)
    assert created.detail == "needs approval by the plant manager (not the requester)"
    assert created.tool == "expedite_po"  # the record's fields stay machine-readable


def test_a_sal_plant_manager_cannot_approve_for_lks(db: Engine) -> None:
    pid = expedite(db, 6800)
    with pytest.raises(OutOfScope, match="not in your scope"):
        decide(db, pid, actor(db, "sal.manager"), "approve", NOW)
    assert get_proposal(db, pid).status == "pending"


def test_a_buyer_cannot_approve_another_buyers_expedite(db: Engine) -> None:
    pid = expedite(db, 6800)
    with pytest.raises(AccessDenied, match="needs approval by the plant manager; you are a "):
        decide(db, pid, actor(db, "luis.ortega"), "approve", NOW)


@pytest.mark.parametrize(
    ("cost", "role", "four_eyes"),
    [
        (4999.99, "requester", False),
        (5000.00, "requester", False),
        (5000.01, "plant_manager", True),
        (24999.99, "plant_manager", True),
        (25000.00, "plant_manager", True),
        (25000.01, "executive", True),
    ],
)
def test_thresholds_pick_the_approver(db: Engine, cost: float, role: str, four_eyes: bool) -> None:
    view = get_proposal(db, expedite(db, cost))
    assert (view.required_role, view.four_eyes) == (role, four_eyes)


def test_buyer_confirms_own_expedite_at_5000_but_not_just_above(db: Engine) -> None:
    at_limit = expedite(db, 5000.00, qty=100)
    assert decide(db, at_limit, actor(db, "dana.kim"), "approve", NOW).status == "executed"
    above = expedite(db, 5000.01, qty=200)
    with pytest.raises(AccessDenied):
        decide(db, above, actor(db, "dana.kim"), "approve", NOW)


def test_plant_manager_approves_25000_but_not_just_above(db: Engine) -> None:
    at_limit = expedite(db, 25000.00, qty=100)
    assert decide(db, at_limit, actor(db, "priya.nair"), "approve", NOW).status == "executed"
    above = expedite(db, 25000.01, qty=200)
    with pytest.raises(AccessDenied, match="needs approval by an executive"):
        decide(db, above, actor(db, "priya.nair"), "approve", NOW)
    assert decide(db, above, actor(db, "morgan.lee"), "approve", NOW).status == "executed"


def test_the_database_refuses_a_four_eyes_self_approval(db: Engine) -> None:
    pid = expedite(db, 6800)
    with pytest.raises(Exception, match="proposal_decision_four_eyes"), db.begin() as c:
        c.execute(
            text(
                "INSERT INTO governance.proposal_decision (proposal_id, requested_by, four_eyes,"
                " decision, decided_by, decided_at, comment) VALUES (:p, 'dana.kim', true,"
                " 'approve', 'dana.kim', now(), '')"
            ),
            {"p": pid},
        )
    with pytest.raises(Exception, match="proposal_decision_matches_proposal"), db.begin() as c:
        c.execute(  # lying about four_eyes does not help: it must match the proposal
            text(
                "INSERT INTO governance.proposal_decision (proposal_id, requested_by, four_eyes,"
                " decision, decided_by, decided_at, comment) VALUES (:p, 'dana.kim', false,"
                " 'approve', 'dana.kim', now(), '')"
            ),
            {"p": pid},
        )


def test_no_rule_means_no_proposal(db: Engine) -> None:
    with pytest.raises(NoApprovalRule, match="covers a quality review at"):
        create_proposal(
            db,
            ctx(db, "dana.kim"),
            "quality_review",
            {"item_code": "E-4410", "lot": "L1", "question": "stitching?"},
            "r",
            [],
            "e",
            0,
            "LKS",
            NOW,
        )


def test_a_proposal_outside_the_requesters_scope_is_refused(db: Engine) -> None:
    with pytest.raises(OutOfScope, match="SAL"):
        create_proposal(
            db,
            ctx(db, "dana.kim"),
            "po_date_change",
            {"po_number": "PO-7781", "new_promised_at": NOW.isoformat()},
            "r",
            [],
            "e",
            0,
            "SAL",
            NOW,
        )


def test_the_same_request_twice_is_one_proposal(db: Engine) -> None:
    assert expedite(db, 6800) == expedite(db, 6800)
    assert count(db, "SELECT count(*) FROM governance.action_proposal") == 1


def test_listing_is_scoped_to_the_actors_plants(db: Engine) -> None:
    pid = expedite(db, 6800)
    assert [p.id for p in list_proposals(db, actor(db, "priya.nair"), "pending")] == [pid]
    assert list_proposals(db, actor(db, "sam.okafor")) == []
    assert [p.id for p in list_proposals(db, actor(db, "morgan.lee"))] == [pid]


# ---------------------------------------------------------------- reject, edit, expiry


def test_reject_changes_nothing_outside_the_proposal(db: Engine) -> None:
    pid = expedite(db, 6800)
    view = decide(db, pid, actor(db, "priya.nair"), "reject", NOW, comment="use truck")
    assert view.status == "rejected" and view.decision_comment == "use truck"
    assert count(db, "SELECT count(*) FROM premium_freight") == 0
    assert count(db, "SELECT count(*) FROM governance.outbox") == 0
    with pytest.raises(ProposalNotPending, match="already rejected"):
        decide(db, pid, actor(db, "morgan.lee"), "approve", NOW)


def test_edit_that_raises_the_cost_needs_the_higher_approver(db: Engine) -> None:
    pid = expedite(db, 4000)
    edited = {"po_number": "PO-7781", "line_no": 1, "qty": 600, "mode": "air", "cost": 9000}
    with pytest.raises(AccessDenied):
        decide(db, pid, actor(db, "dana.kim"), "edit", NOW, edited_payload=edited)
    view = decide(db, pid, actor(db, "priya.nair"), "edit", NOW, edited_payload=edited)
    assert (view.status, view.cost, view.required_role) == ("executed", 9000, "plant_manager")


def test_approval_after_expiry_is_refused_and_marks_it_expired(db: Engine) -> None:
    pid = expedite(db, 6800)
    late = NOW + timedelta(hours=24)
    with pytest.raises(ProposalExpired, match="expired"):
        decide(db, pid, actor(db, "priya.nair"), "approve", late)
    assert get_proposal(db, pid).status == "expired"
    assert count(db, "SELECT count(*) FROM premium_freight") == 0


def test_expire_due_denies_unanswered_proposals(db: Engine) -> None:
    pid = expedite(db, 6800)
    assert expire_due(db, NOW + timedelta(hours=23, minutes=59)) == 0
    assert expire_due(db, NOW + timedelta(hours=24)) == 1
    assert get_proposal(db, pid).status == "expired"
    assert audit_lookup(db, proposal_id=pid)[0].kind == "expiry"


# ---------------------------------------------------------------- exactly once


def test_concurrent_double_approval_executes_once(db: Engine) -> None:
    pid = expedite(db, 6800)
    approvers = [actor(db, "priya.nair"), actor(db, "morgan.lee")] * 4
    engines = [create_engine(db.url, pool_size=1) for _ in approvers]

    def approve(i: int) -> str:
        try:
            return decide(engines[i], pid, approvers[i], "approve", NOW).status
        except ProposalNotPending:
            return "lost"

    try:
        with ThreadPoolExecutor(len(approvers)) as pool:
            outcomes = list(pool.map(approve, range(len(approvers))))
    finally:
        for e in engines:
            e.dispose()
    assert sorted(outcomes) == ["executed"] + ["lost"] * 7
    assert count(db, "SELECT count(*) FROM premium_freight") == 1
    assert count(db, "SELECT count(*) FROM governance.outbox") == 1
    assert count(db, "SELECT count(*) FROM governance.proposal_decision") == 1
    assert verify_chain(db).ok


def test_a_failing_executor_leaves_failed_and_nothing_half_written(db: Engine) -> None:
    view = create_proposal(
        db,
        ctx(db, "dana.kim"),
        "transfer_inventory",
        {"item_code": "E-4410", "from_plant": "SAL", "to_plant": "LKS", "qty": 900},
        "r",
        [],
        "e",
        0,
        "LKS",
        NOW,
    )
    # SAL's stock would leave: only someone whose scope holds SAL and LKS may say yes.
    out = decide(db, view.id, actor(db, "morgan.lee"), "approve", NOW)
    assert out.status == "failed" and "no available lot" in (out.failure_reason or "")
    with db.connect() as c:
        assert c.execute(text("SELECT sum(qty) FROM inventory_balance")).scalar_one() == 500
    assert count(db, "SELECT count(*) FROM governance.outbox") == 0
    assert audit_lookup(db, proposal_id=view.id)[0].outcome == "failed"


def test_a_transfer_moves_stock_between_plants(db: Engine) -> None:
    view = create_proposal(
        db,
        ctx(db, "dana.kim"),
        "transfer_inventory",
        {"item_code": "E-4410", "from_plant": "SAL", "to_plant": "LKS", "qty": 200},
        "r",
        [],
        "e",
        0,
        "LKS",
        NOW,
    )
    # Neither plant's manager alone may move stock between the two plants.
    for manager in ("priya.nair", "sal.manager"):
        with pytest.raises(OutOfScope):
            decide(db, view.id, actor(db, manager), "approve", NOW)
    assert decide(db, view.id, actor(db, "morgan.lee"), "approve", NOW).status == "executed"
    with db.connect() as c:
        result = c.execute(text("SELECT plant_code, qty FROM inventory_balance"))
        rows = {plant: qty for plant, qty in result}
    assert rows == {"SAL": 300, "LKS": 200}


# ---------------------------------------------------------------- outbox: crash and restart


class FlakySender:
    """Delivers through a RecordingSender, then fails as told (a crash at a chosen moment)."""

    def __init__(self, engine: Engine, fail_before: bool, fail_after: bool) -> None:
        self.inner = RecordingSender(engine)
        self.fail_before, self.fail_after = fail_before, fail_after

    def send(self, message: OutboundMessage) -> None:
        if self.fail_before:
            raise ConnectionError("mail relay down")
        self.inner.send(message)
        if self.fail_after:
            raise KeyboardInterrupt  # the process dies after sending, before marking it sent


def _approved_escalation(db: Engine) -> str:
    view = create_proposal(
        db,
        ctx(db, "dana.kim"),
        "supplier_escalation",
        {"supplier_code": "VOLT", "subject": "PO-7781", "body": "Please confirm the 600."},
        "r",
        [],
        "e",
        0,
        "LKS",
        NOW,
    )
    assert decide(db, view.id, actor(db, "dana.kim"), "approve", NOW).status == "executed"
    return view.id


def test_sender_down_after_commit_sends_exactly_once_later(db: Engine) -> None:
    _approved_escalation(db)
    assert dispatch_outbox(db, FlakySender(db, fail_before=True, fail_after=False)) == 0
    with db.connect() as c:
        row = c.execute(text("SELECT attempts, last_error, sent_at FROM governance.outbox")).one()
    assert row.attempts == 1 and "relay down" in row.last_error and row.sent_at is None
    assert dispatch_outbox(db, RecordingSender(db)) == 1
    assert dispatch_outbox(db, RecordingSender(db)) == 0
    assert count(db, "SELECT count(*) FROM governance.outbound_message") == 1


def test_crash_after_send_before_mark_sends_exactly_once_after_restart(db: Engine) -> None:
    _approved_escalation(db)
    with pytest.raises(KeyboardInterrupt):
        dispatch_outbox(db, FlakySender(db, fail_before=False, fail_after=True))
    assert count(db, "SELECT count(*) FROM governance.outbox WHERE sent_at IS NULL") == 1
    assert dispatch_outbox(db, RecordingSender(db)) == 1  # the restart re-sends the same key
    assert count(db, "SELECT count(*) FROM governance.outbound_message") == 1
    assert count(db, "SELECT count(*) FROM governance.outbox WHERE sent_at IS NULL") == 0


def test_process_killed_between_commit_and_dispatch_loses_nothing(db: Engine) -> None:
    pid = expedite(db, 6800)
    script = (
        "import os, sys\n"
        "from datetime import datetime\n"
        "from sqlalchemy import create_engine\n"
        "from governance.approvals import decide\n"
        "from governance.identity import get_actor\n"
        "e = create_engine(sys.argv[1])\n"
        "decide(e, sys.argv[2], get_actor(e, 'priya.nair'), 'approve',"
        " datetime.fromisoformat(sys.argv[3]))\n"
        "os._exit(9)  # killed before any dispatcher ran\n"
    )
    url = db.url.render_as_string(hide_password=False)
    done = subprocess.run(
        [sys.executable, "-c", script, url, pid, NOW.isoformat()],
        env={**os.environ},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 9, done.stderr
    assert get_proposal(db, pid).status == "executed"
    assert dispatch_outbox(db, RecordingSender(db)) == 1
    assert dispatch_outbox(db, RecordingSender(db)) == 0
    with db.connect() as c:
        key = c.execute(text("SELECT idempotency_key FROM governance.outbound_message")).all()
    assert key == [(f"{pid}/1",)]


def test_decisions_need_a_valid_verb(db: Engine) -> None:
    pid = expedite(db, 6800)
    bad: Any = "rubber-stamp"
    with pytest.raises(GovernanceError, match="approve, edit or reject"):
        decide(db, pid, actor(db, "priya.nair"), bad, NOW)
