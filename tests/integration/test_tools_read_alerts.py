"""The read_alerts tool: what is new since this morning, mine or my plant's, within scope."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from domain.events.envelope import parse_event
from domain.events.ingest import ingest
from governance.event_audit import audit_event
from tests.integration.tools_support import call
from tests.support.events import asn_eta

pytestmark = pytest.mark.integration


def test_whats_new_since_this_morning_lists_the_alert_the_event_raised(demo_db: Engine) -> None:
    [out] = ingest(demo_db, [parse_event(asn_eta("2026-03-05T16:00:00Z", "a1"))], audit_event)
    [raised] = out.result["alerts_raised"]
    result = call(demo_db, "dana.kim", "read_alerts", {"since_start_of_day": True, "mine": True})
    assert result.ok, result.error
    assert [a["id"] for a in result.data] == [raised["id"]]  # type: ignore[index]
    assert "F-2200" in result.summary and f"alert:{raised['id']}" in result.sources


def test_another_plants_alerts_are_refused(demo_db: Engine) -> None:
    result = call(demo_db, "sam.okafor", "read_alerts", {"plant": "LKS"})
    assert not result.ok and "LKS" in (result.error or "")
