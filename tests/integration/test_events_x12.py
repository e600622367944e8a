"""X12 855 and 856 files in the real format become the same events as JSON would."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from domain.events.files import BatchValidationError, read_events
from domain.events.ingest import ingest
from domain.events.x12 import X12Error, parse_interchange
from governance.event_audit import audit_event

DATA = Path(__file__).parent.parent / "data" / "x12"


def _text(name: str) -> str:
    return (DATA / name).read_text()


def test_an_856_updates_the_asn_eta_and_carrier() -> None:
    [event] = read_events(_text("856_polyform_asn55102.edi"), "America/Detroit")
    assert event.type == "asn.updated" and event.source == "x12/POLYFORM"
    assert event.object_key == "asn:ASN-55102"
    assert event.data.eta.isoformat() == "2026-03-05T11:00:00-05:00"  # type: ignore[attr-defined]
    assert event.data.qty == 2400  # type: ignore[attr-defined]


def test_an_855_with_two_sets_confirms_each_po_and_a_rejected_part_confirms_nothing() -> None:
    first, second = read_events(_text("855_polyform_two_sets.edi"))
    assert first.object_key == "confirmation:PO-7795/1"
    assert [c.qty for c in second.data.schedule] == [1800, 0]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("break_it", "says"),
    [
        (lambda t: t.replace("SE*12*0001", "SE*11*0001"), "SE01 says 11"),
        (lambda t: t.replace("IEA*1*000000202", "IEA*1*000000999"), "IEA02"),
        (lambda t: t.replace("GE*1*202", "GE*2*202"), "GE01 says 2"),
        (lambda t: t[5:], "ISA"),
    ],
)
def test_a_broken_envelope_is_refused_with_what_is_wrong(break_it, says) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(X12Error, match=says):
        parse_interchange(break_it(_text("856_polyform_asn55102.edi")))


def test_a_broken_file_applies_nothing() -> None:
    with pytest.raises(BatchValidationError, match="x12"):
        read_events(_text("856_polyform_asn55102.edi").replace("SE*12", "SE*13"))


@pytest.mark.integration
def test_the_855_for_po7781_confirms_the_600_and_moves_the_e4410_shortage(demo_db: Engine) -> None:
    [out] = ingest(demo_db, read_events(_text("855_voltaic_po7781.edi")), audit_event)
    assert out.outcome == "applied", out.detail
    e4410 = out.result["shortages"]["E-4410"]
    assert e4410["before"]["first_short_at"] == "2026-03-04T11:00:00+00:00"  # Wed 06:00
    assert e4410["after"]["first_short_at"] > e4410["before"]["first_short_at"]
    with demo_db.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT qty FROM supplier_confirmation c JOIN po_line l ON l.id = c.po_line_id"
                " WHERE l.po_number = 'PO-7781' AND c.received_at = (SELECT max(received_at)"
                " FROM supplier_confirmation WHERE po_line_id = l.id) ORDER BY confirmed_for"
            )
        ).all()
    assert [r[0] for r in rows] == [400, 600]
