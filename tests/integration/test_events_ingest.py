"""Events update the core once, in order per object, dead-letter what cannot apply, audit all."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from domain.events.envelope import EventValidationError, parse_event
from domain.events.ingest import dead_letters, ingest, replay
from domain.planning.repository import shortages_for_plant
from governance.audit import verify_chain
from governance.event_audit import audit_event
from tests.support.events import RELEASE_LOT, asn_eta, event

pytestmark = pytest.mark.integration


def _short(engine: Engine, item: str):  # type: ignore[no-untyped-def]
    return next((s for s in shortages_for_plant(engine, "LKS") if s.item == item), None)


def _run(engine: Engine, *raw):  # type: ignore[no-untyped-def]
    return ingest(engine, [parse_event(r) for r in raw], audit_event)


def test_asn_later_makes_the_f2200_shortage_longer_and_raises_one_alert(demo_db: Engine) -> None:
    before = _short(demo_db, "F-2200")
    [out] = _run(demo_db, asn_eta("2026-03-05T16:00:00Z", "asn-1"))  # Thu 11:00 Detroit
    after = _short(demo_db, "F-2200")
    assert out.outcome == "applied", out.detail
    assert after.recovered_at > before.recovered_at
    assert after.line_hours_at_risk > before.line_hours_at_risk
    [alert] = out.result["alerts_raised"]
    assert alert["rule"] == "shortage_worse" and alert["owner"] == "dana.kim"
    assert "dana.kim" in alert["recipients"]


def test_the_same_event_again_changes_nothing(demo_db: Engine) -> None:
    raw = asn_eta("2026-03-05T16:00:00Z", "asn-1")
    [first] = _run(demo_db, raw)
    with demo_db.connect() as conn:
        alerts = conn.execute(text("SELECT count(*) FROM alert")).scalar_one()
    [again] = _run(demo_db, raw)
    assert again.duplicate and again.outcome == first.outcome == "applied"
    assert again.result == first.result
    with demo_db.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alert")).scalar_one() == alerts


def test_an_older_update_of_the_same_asn_is_ignored(demo_db: Engine) -> None:
    _run(demo_db, asn_eta("2026-03-05T16:00:00Z", "asn-new", minutes=10))
    [old] = _run(demo_db, asn_eta("2026-03-03T16:00:00Z", "asn-old", minutes=5))
    assert old.outcome == "stale"
    with demo_db.connect() as conn:
        eta = conn.execute(text("SELECT eta FROM shipment WHERE asn_number = 'ASN-55102'"))
        assert eta.scalar_one().isoformat() == "2026-03-05T16:00:00+00:00"


def test_a_malformed_event_names_the_field_and_changes_nothing() -> None:
    raw = asn_eta("2026-03-05T16:00:00Z", "bad")
    raw["data"]["qty"] = -5
    with pytest.raises(EventValidationError) as err:
        parse_event(raw)
    assert [e.field for e in err.value.errors] == ["data.qty"]


def test_releasing_the_lot_clears_t3105_and_resolves_its_alert(demo_db: Engine) -> None:
    assert _short(demo_db, "T-3105") is not None
    [out] = _run(demo_db, event("quality_hold.released", RELEASE_LOT, "rel-1"))
    assert out.outcome == "applied", out.detail
    assert _short(demo_db, "T-3105") is None
    assert out.result["alerts_resolved"], out.result
    with demo_db.connect() as conn:
        closed = conn.execute(
            text("SELECT closed_at FROM alert WHERE object_key = 'lot:LKS/L-3105-0311'")
        ).scalar_one()
    assert closed is not None


def test_an_unknown_po_dead_letters_and_replays_once_the_po_exists(demo_db: Engine) -> None:
    asn = {"asn_number": "ASN-90001", "po_number": "PO-9901", "line_no": 1, "qty": 500,
           "eta": "2026-03-04T12:00:00Z"}  # fmt: skip
    [out] = _run(demo_db, event("asn.updated", asn, "asn-9901"))
    assert out.outcome == "dead_letter" and "PO-9901" in out.detail
    [letter] = dead_letters(demo_db)
    assert replay(demo_db, audit=audit_event)[0].outcome == "dead_letter"  # still unknown
    po = {"po_number": "PO-9901", "line_no": 1, "item": "F-2200", "qty_ordered": 500,
          "promised_at": "2026-03-04T12:00:00Z", "supplier": "POLYFORM", "plant": "LKS",
          "buyer": "dana.kim"}  # fmt: skip
    assert _run(demo_db, event("po_line.changed", po, "po-9901"))[0].outcome == "applied"
    [again] = replay(demo_db, [letter.id], audit=audit_event)
    assert again.outcome == "applied", again.detail
    assert dead_letters(demo_db) == []
    with demo_db.connect() as conn:
        assert (
            conn.execute(
                text("SELECT qty FROM shipment WHERE asn_number = 'ASN-90001'")
            ).scalar_one()
            == 500
        )


def test_every_event_is_audited_and_the_chain_holds(demo_db: Engine) -> None:
    _run(demo_db, asn_eta("2026-03-05T16:00:00Z", "asn-1"),
         event("quality_hold.released", RELEASE_LOT, "rel-1"))  # fmt: skip
    with demo_db.connect() as conn:
        rows = conn.execute(
            text("SELECT tool, outcome FROM governance.audit_log WHERE kind = 'event' ORDER BY id")
        ).all()
    assert [tuple(r) for r in rows] == [
        ("asn.updated", "applied"),
        ("quality_hold.released", "applied"),
    ]
    assert verify_chain(demo_db).ok
