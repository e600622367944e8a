"""Helpers for event tests: CloudEvents for the demo's objects, with increasing times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from domain.events.envelope import make_event

T0 = datetime(2026, 3, 2, 11, 0, tzinfo=UTC)  # Mon 06:00 Detroit, the demo's as-of time


def event(kind: str, data: dict[str, Any], id: str, minutes: int = 1, source: str = "test/erp"
          ) -> dict[str, Any]:  # fmt: skip
    """A structured CloudEvent `minutes` after the demo's as-of time."""
    return make_event(kind, data, source=source, id=id, time=T0 + timedelta(minutes=minutes))


def asn_eta(eta: str, id: str, minutes: int = 1) -> dict[str, Any]:
    return event("asn.updated", {"asn_number": "ASN-55102", "eta": eta}, id, minutes)


RELEASE_LOT = {"plant": "LKS", "lot": "L-3105-0311"}
