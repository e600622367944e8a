"""The gate on real PostgreSQL: identities, role policy, scope, rate limit, audit of each call."""

from __future__ import annotations

import pytest
from pydantic import BaseModel
from sqlalchemy import Engine, text

from governance import policy
from governance.audit import audit_lookup, verify_chain
from governance.canonical import digest
from governance.context import CallContext
from governance.errors import AccessDenied, OutOfScope, RateLimited, UnknownIdentity
from governance.gate import governed_call
from governance.identity import get_actor, resolve_identity
from governance.policy import check_tool_access
from governance.rate_limit import PostgresRateLimiter

pytestmark = pytest.mark.integration


class Args(BaseModel):
    plant: str
    horizon_days: int = 7


@pytest.fixture
def db(empty_db: Engine) -> Engine:
    with empty_db.begin() as c:
        c.execute(
            text(
                "INSERT INTO app_user (username, display_name, email, role, plant_scope,"
                " item_families, approval_limit) VALUES"
                " ('dana.kim', 'Dana Kim', '', 'buyer', '{LKS}', '{electronics,foam}', 5000),"
                " ('sam.okafor', 'Sam Okafor', '', 'buyer', '{SAL}', '{}', 5000),"
                " ('eve.tester', 'Eve Tester', '', 'evaluator', '{LKS,SAL,GYR}', '{}', 0),"
                " ('root', 'Root', '', 'admin', '{*}', '{}', 0)"
            )
        )
        c.execute(
            text(
                "INSERT INTO external_identity (channel, external_id, username)"
                " VALUES ('slack', 'U024BE7LH', 'dana.kim')"
            )
        )
    return empty_db


def limiter(db: Engine) -> PostgresRateLimiter:
    return PostgresRateLimiter(db, burst=1000, per_minute=60000)


def test_identities_resolve_and_unknown_ones_are_refused(db: Engine) -> None:
    dana = resolve_identity(db, "slack", "U024BE7LH")
    assert (dana.username, dana.role, dana.plant_scope) == ("dana.kim", "buyer", ("LKS",))
    assert dana.item_families == ("electronics", "foam") and dana.approval_limit == 5000
    with pytest.raises(UnknownIdentity, match="not mapped"):
        resolve_identity(db, "slack", "U-STRANGER")
    with pytest.raises(UnknownIdentity, match="No Lineside user"):
        get_actor(db, "nobody")


def test_role_policy_is_data_seeded_by_the_migration(db: Engine) -> None:
    dana, eve = get_actor(db, "dana.kim"), get_actor(db, "eve.tester")
    check_tool_access(db, dana, "expedite_po", ["LKS"])
    check_tool_access(db, eve, "kpi_query", ["SAL"])
    with pytest.raises(AccessDenied, match=r"Your role \(evaluator\) may not ask for an expedite$"):
        check_tool_access(db, eve, "expedite_po", ["LKS"])
    with pytest.raises(AccessDenied, match="may not ask for a resequence"):
        check_tool_access(db, dana, "propose_resequence", ["LKS"])
    with pytest.raises(AccessDenied, match="may not use the no such tool tool"):
        check_tool_access(db, dana, "no_such_tool", [])  # deny by default
    with pytest.raises(OutOfScope, match=r"PO-7781 is at LKS, not in your scope \(SAL\)"):
        check_tool_access(
            db, get_actor(db, "sam.okafor"), "explain_po_risk", ["LKS"], subject="PO-7781"
        )
    check_tool_access(db, get_actor(db, "root"), "audit_lookup", ["GYR"])  # '*' = every plant


def test_a_policy_change_takes_effect_once_the_cache_expires(
    db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(policy, "POLICY_CACHE_TTL_S", 0.0)  # every check reads the table
    dana = get_actor(db, "dana.kim")
    check_tool_access(db, dana, "expedite_po", ["LKS"])
    with db.begin() as c:
        c.execute(
            text(
                "UPDATE governance.tool_policy SET allowed = false"
                " WHERE role = 'buyer' AND tool_name = 'expedite_po'"
            )
        )
    with pytest.raises(AccessDenied):
        check_tool_access(db, dana, "expedite_po", ["LKS"])


def test_every_call_is_audited_ok_denied_and_error(db: Engine) -> None:
    ctx = CallContext(
        get_actor(db, "dana.kim"), "slack", "th-9", on_behalf_of=None, model="offline"
    )
    result = governed_call(
        db,
        ctx,
        "shortages",
        Args(plant="LKS"),
        ["LKS"],
        lambda: {"short": ["E-4410"]},
        limiter=limiter(db),
    )
    assert result == {"short": ["E-4410"]}
    with pytest.raises(OutOfScope):
        governed_call(
            db, ctx, "shortages", Args(plant="SAL"), ["SAL"], lambda: 1, limiter=limiter(db)
        )

    def broken() -> None:
        raise ValueError("projection exploded")

    with pytest.raises(ValueError):
        governed_call(db, ctx, "shortages", Args(plant="LKS"), ["LKS"], broken, limiter=limiter(db))
    records = list(reversed(audit_lookup(db, thread_id="th-9")))
    assert [r.outcome for r in records] == ["ok", "denied", "error"]
    ok, denied, error = records
    assert ok.result_digest == digest({"short": ["E-4410"]})
    assert ok.arguments == {"plant": "LKS", "horizon_days": 7}
    assert (ok.actor, ok.channel, ok.model, ok.tool) == (
        "dana.kim",
        "slack",
        "offline",
        "shortages",
    )
    assert ok.latency_ms is not None and ok.latency_ms >= 0
    assert "not in your scope" in denied.detail and denied.result_digest is None
    assert "projection exploded" in error.detail
    assert verify_chain(db).ok


def test_the_rate_limit_refuses_a_burst_and_audits_it(db: Engine) -> None:
    ctx = CallContext(get_actor(db, "dana.kim"), "api", "th-r")
    tight = PostgresRateLimiter(db, burst=3, per_minute=1)
    for _ in range(3):
        governed_call(db, ctx, "kpi_query", Args(plant="LKS"), ["LKS"], lambda: 1, limiter=tight)
    with pytest.raises(RateLimited, match="try again"):
        governed_call(db, ctx, "kpi_query", Args(plant="LKS"), ["LKS"], lambda: 1, limiter=tight)
    # Another tool has its own bucket.
    governed_call(db, ctx, "shortages", Args(plant="LKS"), ["LKS"], lambda: 1, limiter=tight)
    assert audit_lookup(db, thread_id="th-r", tool="kpi_query")[0].outcome == "rate_limited"
