"""Over real HTTP on the demo: the issue's done-when for events in and alerts out."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.support.events import RELEASE_LOT, asn_eta, event
from tests.support.server import serve

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
DOCS = Path(__file__).parents[2] / "sample_data" / "documents"


def _shortage(client, item: str):  # type: ignore[no-untyped-def]
    body = client.get("/v1/material/shortages", params={"plant": "LKS", "item": item}).json()
    return next(iter(body["data"]), None)


def test_events_change_the_core_once_and_raise_the_right_alerts(
    demo_db: Engine, tmp_path: Path
) -> None:
    with serve(demo_db, tmp_path) as server, server.client("dana.kim") as dana:
        before = _shortage(dana, "F-2200")
        later = asn_eta("2026-03-05T16:00:00Z", "asn-later", minutes=10)  # Thu 11:00 Detroit
        first = dana.post("/v1/events", json=later)
        assert first.status_code == 200, first.text
        after = _shortage(dana, "F-2200")
        assert after["recovered_at"] > before["recovered_at"]  # the shortage lasts longer
        [raised] = first.json()["result"]["alerts_raised"]
        assert raised["owner"] == "dana.kim"
        mine = dana.get("/v1/alerts", params={"mine": True}).json()
        assert [a["id"] for a in mine if a["rule"] == "shortage_worse"] == [raised["id"]]
        count = len(dana.get("/v1/alerts", params={"status": "all"}).json())

        again = dana.post("/v1/events", json=later)  # the same event again changes nothing
        assert again.status_code == 200 and again.json()["duplicate"] is True
        assert len(dana.get("/v1/alerts", params={"status": "all"}).json()) == count
        assert _shortage(dana, "F-2200") == after

        bad = {**later, "id": "asn-bad", "data": {"asn_number": "ASN-55102", "eta": "soon"}}
        refused = dana.post("/v1/events", json=bad)
        assert refused.status_code == 422
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert [e["field"] for e in refused.json()["errors"]] == ["body.data.eta"]
        assert _shortage(dana, "F-2200") == after

        older = asn_eta("2026-03-03T16:00:00Z", "asn-older", minutes=5)
        stale = dana.post("/v1/events", json=older)
        assert stale.json()["outcome"] == "stale" and _shortage(dana, "F-2200") == after

        assert _shortage(dana, "T-3105") is not None
        hold = dana.get("/v1/alerts", params={"plant": "LKS"}).json()
        [lot_alert] = [a for a in hold if a["object_key"] == "lot:LKS/L-3105-0311"]
        released = dana.post("/v1/events", json=event("quality_hold.released", RELEASE_LOT, "rel"))
        assert released.json()["outcome"] == "applied"
        assert _shortage(dana, "T-3105") is None
        assert dana.get(f"/v1/alerts/{lot_alert['id']}").json()["status"] == "resolved"

        asn = {"asn_number": "ASN-90001", "po_number": "PO-9901", "line_no": 1, "qty": 500,
               "eta": "2026-03-04T12:00:00Z"}  # fmt: skip
        dead = dana.post("/v1/events", json=event("asn.updated", asn, "asn-9901"))
        assert dead.json()["outcome"] == "dead_letter"
        [letter] = dana.get("/v1/events/dead-letters").json()
        po = {"po_number": "PO-9901", "line_no": 1, "item": "F-2200", "qty_ordered": 500,
              "promised_at": "2026-03-04T12:00:00Z", "supplier": "POLYFORM",
              "plant": "LKS"}  # fmt: skip
        assert dana.post("/v1/events", json=event("po_line.changed", po, "po")).status_code == 200
        replayed = dana.post("/v1/events/dead-letters/replay", json={"ids": [letter["id"]]})
        assert [o["outcome"] for o in replayed.json()] == ["applied"]
        assert dana.get("/v1/events/dead-letters").json() == []


def test_a_supplier_email_confirming_the_600_becomes_a_confirmed_event(
    demo_db: Engine, tmp_path: Path
) -> None:
    with serve(demo_db, tmp_path) as server, server.client("dana.kim") as dana:
        before = _shortage(dana, "E-4410")
        text = (DOCS / "voltaic_balance_600.eml").read_text()
        sent = "2026-03-02T07:10:00-05:00"
        proposed = dana.post("/v1/events/documents", json={"text": text, "sent_at": sent})
        assert proposed.status_code == 200, proposed.text
        pid = proposed.json()["id"]
        assert _shortage(dana, "E-4410") == before  # nothing applied from text
        confirmed = dana.post(f"/v1/events/proposed/{pid}/confirm")
        assert confirmed.json()["outcome"]["outcome"] == "applied", confirmed.text
        after = _shortage(dana, "E-4410")
        # The Wed 06:00 shortage is gone; 620 + 1,000 still cannot cover the week (see README).
        assert after["first_short_at"] > before["first_short_at"]
        assert "WO-SEAT1-0304-0600" not in after["work_orders"]
