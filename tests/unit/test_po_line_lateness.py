"""A PO line is late when it was promised before now and is still open; it arrives late when its
best-known arrival (ASN ETA, else confirmed date) is after its promised date."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.procurement.lateness import lateness

NOW = datetime(2026, 3, 2, 11, 0, tzinfo=UTC)


def test_promised_before_now_and_open_is_late_by_days() -> None:
    promised = NOW - timedelta(days=2, hours=12)
    found = lateness(promised, promised, NOW, open_qty=300)
    assert found.late and found.days_late == 2.5 and found.status == "late"


def test_received_in_full_is_never_late() -> None:
    found = lateness(NOW - timedelta(days=3), NOW, NOW, open_qty=0)
    assert not found.late and found.days_late == 0 and found.arrives_late_hours == 0
    assert found.status == "on_time"


def test_due_later_but_expected_after_its_date_arrives_late() -> None:
    promised = NOW + timedelta(hours=8)  # Mon 14:00, the held shipment's ETA Wed 11:00
    found = lateness(promised, promised + timedelta(hours=45), NOW, open_qty=2400)
    assert not found.late and found.arrives_late_hours == 45.0
    assert found.status == "arriving_late"


def test_due_later_and_expected_on_time_is_on_time() -> None:
    promised = NOW + timedelta(days=3)
    found = lateness(promised, promised - timedelta(hours=2), NOW, open_qty=10)
    assert (found.late, found.arrives_late_hours, found.status) == (False, 0.0, "on_time")
