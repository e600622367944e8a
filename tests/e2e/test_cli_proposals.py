"""`lineside proposals|tools|audit` as approvers and bots run them, on a copy of the demo."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import Engine, text

from tests.support.cli import lineside, lineside_json, url_of

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

EXPEDITE = '{"po_number": "PO-7781", "line_no": 1, "qty": 600, "mode": "air"}'


@pytest.fixture
def url(demo_db: Engine) -> str:
    return url_of(demo_db)


def _propose(url: str, tool: str, as_user: str, args: str) -> dict[str, Any]:
    done = lineside(url, "tools", "call", tool, "--as", as_user, "--args", args)
    assert done.returncode == 0, done.stdout + done.stderr
    proposal: dict[str, Any] = json.loads(done.stdout)["data"]["proposal"]
    return proposal


def _count(engine: Engine, sql: str) -> int:
    with engine.connect() as c:
        return int(c.execute(text(sql)).scalar_one())


def test_tools_list_introspects_the_whole_catalogue(url: str) -> None:
    rows = lineside_json(url, "tools", "list")
    by_name = {r["name"]: r for r in rows}
    assert {"shortages", "explain_po_risk", "kpi_query", "expedite_po"} <= set(by_name)
    assert {r["kind"] for r in rows} == {"read", "propose"}
    expedite = by_name["expedite_po"]["input_schema"]
    assert expedite["type"] == "object" and "po_number" in expedite["required"]
    assert all(len(r["description"]) > 80 for r in rows)
    table = lineside(url, "tools", "list")
    assert table.returncode == 0 and "draft_supplier_escalation" in table.stdout


def test_expedite_is_listed_shown_refused_to_the_wrong_people_and_approved_once(
    url: str, demo_db: Engine
) -> None:
    proposal = _propose(url, "expedite_po", "dana.kim", EXPEDITE)
    pid = proposal["id"]
    assert (proposal["cost"], proposal["required_role"]) == (6800.0, "plant_manager")

    pending = lineside_json(url, "proposals", "list", "--as", "priya.nair", "--status", "pending")
    assert [p["id"] for p in pending] == [pid]
    assert lineside_json(url, "proposals", "list", "--as", "sam.okafor") == []  # SAL only
    shown = lineside_json(url, "proposals", "show", pid, "--as", "priya.nair")
    assert shown["payload"]["po_number"] == "PO-7781" and shown["cited_facts"]
    table = lineside(url, "proposals", "list", "--as", "priya.nair")
    assert table.returncode == 0 and pid in table.stdout

    out_of_scope = lineside(url, "proposals", "show", pid, "--as", "sam.okafor")
    assert out_of_scope.returncode == 1 and "not in your scope" in out_of_scope.stdout
    own = lineside(url, "proposals", "approve", pid, "--as", "dana.kim")
    assert own.returncode == 1 and "the plant manager" in own.stdout
    sal = lineside(url, "proposals", "approve", pid, "--as", "carlos.mendez")
    assert sal.returncode == 1 and "not in your scope" in sal.stdout
    unknown = lineside(url, "proposals", "list", "--as", "mallory")
    assert unknown.returncode == 2 and "No Lineside user named 'mallory'" in unknown.stderr
    missing = lineside(url, "proposals", "show", "P-NOPE", "--as", "priya.nair")
    assert missing.returncode == 2 and "No proposal 'P-NOPE'" in missing.stderr
    assert _count(demo_db, "SELECT count(*) FROM premium_freight WHERE cost = 6800") == 0

    approved = lineside_json(url, "proposals", "approve", pid, "--as", "priya.nair")
    assert (approved["status"], approved["decided_by"]) == ("executed", "priya.nair")
    assert approved["messages_sent"] == 1
    again = lineside(url, "proposals", "approve", pid, "--as", "priya.nair")
    assert again.returncode == 1 and "executed" in again.stdout
    assert _count(demo_db, "SELECT count(*) FROM premium_freight WHERE cost = 6800") == 1
    sent = "SELECT count(*) FROM governance.outbound_message WHERE subject LIKE '%PO-7781%'"
    assert _count(demo_db, sent) == 1


def test_edit_then_approve_executes_the_edited_payload(url: str, demo_db: Engine) -> None:
    pid = _propose(url, "expedite_po", "dana.kim", EXPEDITE)["id"]
    edit = json.dumps(
        {"po_number": "PO-7781", "line_no": 1, "qty": 600, "mode": "truck", "cost": 2400}
    )
    done = lineside_json(url, "proposals", "approve", pid, "--as", "priya.nair", "--edit", edit)
    assert (done["status"], done["cost"], done["payload"]["mode"]) == ("executed", 2400, "truck")
    with demo_db.connect() as c:
        freight = c.execute(text("SELECT mode, cost FROM premium_freight WHERE cost = 2400")).one()
    assert tuple(freight) == ("truck", 2400)
    bad = lineside(url, "proposals", "approve", pid, "--as", "priya.nair", "--edit", "{not json")
    assert bad.returncode == 2 and "--edit is not valid JSON" in bad.stdout


def test_reject_sends_nothing(url: str, demo_db: Engine) -> None:
    pid = _propose(url, "draft_supplier_escalation", "dana.kim",
                   '{"supplier": "voltaic", "po_number": "PO-7781"}')["id"]  # fmt: skip
    queued = _count(demo_db, "SELECT count(*) FROM governance.outbox")
    done = lineside_json(
        url, "proposals", "reject", pid, "--as", "dana.kim", "--comment", "call them instead"
    )
    assert (done["status"], done["messages_sent"]) == ("rejected", 0)
    assert done["decision_comment"] == "call them instead"
    assert _count(demo_db, "SELECT count(*) FROM governance.outbox") == queued


def test_audit_verify_passes_then_names_a_record_altered_in_the_database(
    url: str, demo_db: Engine
) -> None:
    _propose(url, "expedite_po", "dana.kim", EXPEDITE)
    clean = lineside(url, "audit", "verify")
    assert clean.returncode == 0 and "audit chain OK" in clean.stdout
    tail = lineside_json(url, "audit", "tail", "-n", "5")
    # The proposal is recorded inside the tool call, whose own record follows it.
    assert [(r["kind"], r["actor"]) for r in tail[-2:]] == [
        ("proposal", "dana.kim"),
        ("tool_call", "dana.kim"),
    ]
    with demo_db.begin() as c:
        first = c.execute(text("SELECT min(id) FROM governance.audit_log")).scalar_one()
        # The append-only trigger refuses this; replica mode (a superuser's way round) does not.
        c.execute(text("SET LOCAL session_replication_role = replica"))
        c.execute(
            text("UPDATE governance.audit_log SET actor = 'mallory' WHERE id = :id"), {"id": first}
        )
    broken = lineside(url, "audit", "verify")
    assert broken.returncode == 1
    assert f"BROKEN at record {first}" in broken.stdout


def test_a_proposals_times_read_on_its_plants_clock(url: str) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    pid = _propose(url, "expedite_po", "dana.kim", EXPEDITE)["id"]
    expires = datetime.fromisoformat(
        lineside_json(url, "proposals", "show", pid, "--as", "priya.nair")["expires_at"]
    )
    # Lakeside's clock, with its zone: what a planner at the plant reads, not UTC.
    at_lakeside = expires.astimezone(ZoneInfo("America/Detroit")).strftime("%a %Y-%m-%d %H:%M %Z")
    shown = lineside(url, "proposals", "show", pid, "--as", "priya.nair")
    assert shown.returncode == 0 and f"expires {at_lakeside}" in shown.stdout
    listed = lineside(url, "proposals", "list", "--as", "priya.nair", "--status", "pending")
    assert listed.returncode == 0 and "EST" in listed.stdout and "UTC" not in listed.stdout
