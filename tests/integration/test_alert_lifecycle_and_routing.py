"""Alerts raised and cleared by events: the exception-aging KPI, routing, no storms, reorder."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from domain.alerts.store import acknowledge_alert, get_alert, resolve_alert
from domain.clock import as_of
from domain.events.envelope import parse_event
from domain.events.ingest import ingest
from domain.kpis.compute import compute_kpi
from governance.event_audit import audit_event
from tests.support.events import RELEASE_LOT, asn_eta, event

pytestmark = pytest.mark.integration


def _run(engine: Engine, *raw):  # type: ignore[no-untyped-def]
    return ingest(engine, [parse_event(r) for r in raw], audit_event)


def _open_exceptions(engine: Engine) -> int:
    return compute_kpi(engine, "exception_aging", plant="LKS").overall.count


def test_exception_aging_counts_an_event_alert_until_it_clears(demo_db: Engine) -> None:
    before = _open_exceptions(demo_db)
    [later] = _run(demo_db, asn_eta("2026-03-05T16:00:00Z", "asn-1"))
    assert len(later.result["alerts_raised"]) == 1
    assert _open_exceptions(demo_db) == before + 1
    [released] = _run(demo_db, event("quality_hold.released", RELEASE_LOT, "rel-1", minutes=2))
    assert released.result["alerts_resolved"]
    assert _open_exceptions(demo_db) == before + 1 - len(released.result["alerts_resolved"])


def _alert(engine: Engine, key: str, rule: str):  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT id, recipients FROM alert WHERE object_key = :k AND rule_kind = :r"
                 " AND closed_at IS NULL"), {"k": key, "r": rule},
        ).one()  # fmt: skip
        told = conn.execute(
            text("SELECT recipient, reason FROM events.alert_delivery WHERE alert_id = :a"),
            {"a": row[0]},
        ).all()
    return row[0], list(row[1]), dict(told)  # type: ignore[arg-type]


def test_a_worse_shortage_refreshes_its_alert_and_tells_the_plant_manager_past_the_hours(
    demo_db: Engine,
) -> None:
    # Wed 12:00 Detroit: F-2200 short for 2 line hours, under the 4-hour threshold.
    [small] = _run(demo_db, asn_eta("2026-03-04T17:00:00Z", "asn-small", minutes=1))
    [raised] = small.result["alerts_raised"]
    alert_id, recipients, told = _alert(demo_db, "shortage:LKS/F-2200", "shortage_worse")
    assert raised["id"] == alert_id and recipients[0] == "dana.kim"
    assert "priya.nair" not in recipients and "priya.nair" not in told
    # Thu 11:00 Detroit: the same open alert (no second one), now past the threshold.
    [big] = _run(demo_db, asn_eta("2026-03-05T16:00:00Z", "asn-big", minutes=2))
    assert big.result["alerts_raised"] == [] and big.result["alerts_refreshed"] == [alert_id]
    same_id, recipients, told = _alert(demo_db, "shortage:LKS/F-2200", "shortage_worse")
    assert same_id == alert_id and "priya.nair" in recipients
    assert told["priya.nair"].endswith("line hours at risk")
    assert list(told).count("dana.kim") == 1  # told once, when it was raised


def test_acknowledged_alerts_stay_one_and_resolve_by_hand_or_when_cleared(demo_db: Engine) -> None:
    [first] = _run(demo_db, asn_eta("2026-03-04T18:00:00Z", "asn-1", minutes=1))  # Wed 13:00
    [raised] = first.result["alerts_raised"]
    now = as_of(demo_db)
    assert acknowledge_alert(demo_db, raised["id"], "dana.kim", now).status == "acknowledged"
    [again] = _run(demo_db, asn_eta("2026-03-05T01:00:00Z", "asn-2", minutes=2))  # Wed 20:00
    # Worse again, and still the one alert (no storm), acknowledged.
    assert again.result["alerts_raised"] == [] and raised["id"] in again.result["alerts_refreshed"]
    assert get_alert(demo_db, raised["id"]).status == "acknowledged"
    # Resolving by hand closes it, with who and why.
    closed = resolve_alert(demo_db, raised["id"], "dana.kim", now, "expedite booked")
    assert closed.status == "resolved" and get_alert(demo_db, raised["id"]).status == "resolved"


def test_an_older_po_line_change_never_overwrites_a_newer_one(demo_db: Engine) -> None:
    newer = {"po_number": "PO-7795", "line_no": 1, "promised_at": "2026-03-06T11:00:00Z"}
    older = {"po_number": "PO-7795", "line_no": 1, "promised_at": "2026-03-03T11:00:00Z"}
    [applied] = _run(demo_db, event("po_line.changed", newer, "po-new", minutes=10))
    [stale] = _run(demo_db, event("po_line.changed", older, "po-old", minutes=5))
    assert (applied.outcome, stale.outcome) == ("applied", "stale")
    with demo_db.connect() as conn:
        promised = conn.execute(
            text("SELECT promised_at FROM po_line WHERE po_number = 'PO-7795' AND line_no = 1")
        ).scalar_one()
    assert promised.isoformat() == "2026-03-06T11:00:00+00:00"


def test_a_repeated_id_with_another_payload_answers_the_first_outcome_and_applies_nothing(
    demo_db: Engine,
) -> None:
    [first] = _run(demo_db, asn_eta("2026-03-05T16:00:00Z", "asn-1", minutes=1))
    # Same source and id, different ETA, sent in one batch with a duplicate of itself.
    replay = asn_eta("2026-03-09T16:00:00Z", "asn-1", minutes=3)
    both = _run(demo_db, replay, replay)
    assert [o.duplicate for o in both] == [True, True]
    assert all(o.result == first.result and o.outcome == "applied" for o in both)
    with demo_db.connect() as conn:
        eta = conn.execute(text("SELECT eta FROM shipment WHERE asn_number = 'ASN-55102'"))
        assert eta.scalar_one().isoformat() == "2026-03-05T16:00:00+00:00"
        logged = conn.execute(
            text("SELECT count(*) FROM events.event_log WHERE source = 'test/erp' AND id = 'asn-1'")
        ).scalar_one()
    assert logged == 1
