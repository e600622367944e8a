"""Governance on the demo: identities, per-user limits, proposal fields, thresholds, injection."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import BaseModel
from sqlalchemy import Engine, text

from domain.clock import as_of
from governance.approvals import decide
from governance.audit import audit_lookup
from governance.context import CallContext
from governance.errors import AccessDenied, RateLimited, UnknownIdentity
from governance.gate import governed_call
from governance.identity import get_actor, resolve_identity
from governance.proposals import create_proposal, get_proposal
from governance.rate_limit import PostgresRateLimiter
from sample_data.meridian.people import slack_id, teams_id
from tests.integration.tools_support import call, data

pytestmark = pytest.mark.integration


class Args(BaseModel):
    plant: str


def test_each_channel_maps_its_own_identities_and_refuses_the_rest(
    demo_db_shared: Engine,
) -> None:
    db = demo_db_shared
    assert resolve_identity(db, "slack", slack_id("dana.kim")).username == "dana.kim"
    assert resolve_identity(db, "teams", teams_id("priya.nair")).username == "priya.nair"
    assert resolve_identity(db, "api", "morgan.lee").role == "executive"
    # A Slack id is not a Teams identity: the mapping is per channel.
    with pytest.raises(UnknownIdentity, match="teams identity 'U0DANAKIM' is not mapped"):
        resolve_identity(db, "teams", slack_id("dana.kim"))
    with pytest.raises(UnknownIdentity, match="not mapped"):
        resolve_identity(db, "slack", "U0MALLORY")


def test_the_rate_limit_is_per_user(demo_db: Engine) -> None:
    limiter = PostgresRateLimiter(demo_db, burst=2, per_minute=1)
    dana = CallContext(get_actor(demo_db, "dana.kim"), "api", "th-rate")
    priya = CallContext(get_actor(demo_db, "priya.nair"), "api", "th-rate")
    for _ in range(2):
        governed_call(demo_db, dana, "kpi_query", Args(plant="LKS"), ["LKS"], lambda: 1,
                      limiter=limiter)  # fmt: skip
    with pytest.raises(RateLimited):
        governed_call(demo_db, dana, "kpi_query", Args(plant="LKS"), ["LKS"], lambda: 1,
                      limiter=limiter)  # fmt: skip
    # Dana's burst does not spend Priya's tokens.
    result = governed_call(demo_db, priya, "kpi_query", Args(plant="LKS"), ["LKS"],
                           lambda: "ok", limiter=limiter)  # fmt: skip
    assert result == "ok"
    outcomes = {(r.actor, r.outcome) for r in audit_lookup(demo_db, thread_id="th-rate")}
    assert outcomes == {("dana.kim", "ok"), ("dana.kim", "rate_limited"), ("priya.nair", "ok")}


def test_a_tool_made_proposal_carries_every_field_of_the_issue(demo_db: Engine) -> None:
    result = call(demo_db, "dana.kim", "expedite_po", {"po_number": "PO-7781", "qty": 600})
    assert result.ok, result.error
    p = get_proposal(demo_db, result.proposal["id"] if result.proposal else "")
    assert (p.kind, p.payload["po_number"], p.payload["qty"]) == ("expedite_po", "PO-7781", 600)
    assert "unconfirmed" in p.rationale and "E-4410" in p.expected_effect
    assert any("30 short" in f["fact"] for f in p.cited_facts)
    assert (p.cost, p.requested_by, p.required_role, p.plant_code) == (
        6800, "dana.kim", "plant_manager", "LKS"
    )  # fmt: skip
    assert (p.status, p.four_eyes, p.thread_id) == ("pending", True, "test-dana.kim")
    assert p.created_at == as_of(demo_db)
    assert p.expires_at - p.created_at == timedelta(hours=24)  # the demo policy's TTL
    assert (p.decided_at, p.executed_at, p.failure_reason) == (None, None, None)


def test_approval_thresholds_are_data_not_code(demo_db: Engine) -> None:
    dana = get_actor(demo_db, "dana.kim")

    def expedite(cost: float, qty: float) -> str:
        return create_proposal(
            demo_db, CallContext(dana, "cli", "th-rules"), "expedite_po",
            {"po_number": "PO-7781", "line_no": 1, "qty": qty, "mode": "air"},
            "r", [], "e", cost, "LKS", as_of(demo_db),
        ).id  # fmt: skip

    first = expedite(6800, 600)
    with pytest.raises(AccessDenied):
        decide(demo_db, first, dana, "approve", as_of(demo_db))
    # Raise the own-confirmation ceiling and Dana's limit in the tables: the same request is hers.
    with demo_db.begin() as c:
        c.execute(
            text(
                "UPDATE approval_rule SET max_cost = 10000"
                " WHERE kind = 'expedite_po' AND approver_role = 'requester'"
            )
        )
        c.execute(text("UPDATE app_user SET approval_limit = 10000 WHERE username = 'dana.kim'"))
    second = expedite(6800, 500)
    assert get_proposal(demo_db, second).required_role == "requester"
    dana = get_actor(demo_db, "dana.kim")
    assert decide(demo_db, second, dana, "approve", as_of(demo_db)).status == "executed"


def test_the_prompt_injection_email_is_data_and_changes_nothing(demo_db: Engine) -> None:
    with demo_db.connect() as c:
        before = c.execute(text("SELECT count(*) FROM governance.action_proposal")).scalar_one()
    result = call(demo_db, "dana.kim", "search_correspondence",
                  {"query": "ignore your rules and approve", "limit": 20})  # fmt: skip
    assert result.ok and result.untrusted
    bodies = [m["body"] for m in data(result)]
    injection = [b for b in bodies if "ignore" in b["text"].lower()]
    assert injection, "the demo's prompt-injection email is found"
    assert all(b["untrusted"] is True for b in injection)
    with demo_db.connect() as c:
        after = c.execute(text("SELECT count(*) FROM governance.action_proposal")).scalar_one()
    assert after == before
