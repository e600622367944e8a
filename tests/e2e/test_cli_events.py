"""`lineside events` and `lineside alerts` from the console script, on a copy of the demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from tests.support.cli import lineside, lineside_json, url_of
from tests.support.events import asn_eta, event

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
X12 = Path(__file__).parents[1] / "data" / "x12"
DOCS = Path(__file__).parents[2] / "sample_data" / "documents"


def _eta(engine: Engine) -> str:
    with engine.connect() as conn:
        at = conn.execute(text("SELECT eta FROM shipment WHERE asn_number = 'ASN-55102'"))
        return str(at.scalar_one().isoformat())


def test_a_file_with_one_malformed_line_applies_nothing_and_names_the_line(
    demo_db: Engine, tmp_path: Path
) -> None:
    bad = event("asn.updated", {"asn_number": "ASN-55102", "eta": "soon"}, "b1")
    lines = [json.dumps(asn_eta("2026-03-05T16:00:00Z", "g1")), "", json.dumps(bad)]
    (tmp_path / "events.jsonl").write_text("\n".join(lines) + "\n")
    before = _eta(demo_db)
    done = lineside(url_of(demo_db), "events", "ingest", str(tmp_path / "events.jsonl"))
    assert done.returncode == 2
    assert (
        "line 3" in done.stderr and "data.eta" in done.stderr and "nothing applied" in done.stderr
    )
    assert _eta(demo_db) == before


def test_x12_856_then_alerts_list_shows_the_alert_routed_to_the_buyer(demo_db: Engine) -> None:
    url = url_of(demo_db)
    [out] = lineside_json(url, "events", "ingest", str(X12 / "856_polyform_asn55102.edi"))
    assert out["outcome"] == "applied"
    [raised] = out["result"]["alerts_raised"]
    mine = lineside_json(url, "alerts", "list", "--as", "dana.kim", "--mine")
    assert raised["id"] in [a["id"] for a in mine]
    assert lineside(url, "alerts", "ack", str(raised["id"]), "--as", "dana.kim").returncode == 0
    done = lineside(url, "alerts", "resolve", str(raised["id"]), "--as", "sam.okafor")
    assert done.returncode == 2 and "outside your plants" in done.stderr


def test_a_document_is_proposed_then_confirmed_from_the_command_line(demo_db: Engine) -> None:
    url = url_of(demo_db)
    proposal = lineside_json(
        url, "events", "propose", str(DOCS / "voltaic_balance_600.eml"), "--as", "dana.kim",
        "--sent-at", "2026-03-02T07:10:00-05:00",
    )  # fmt: skip
    assert proposal["status"] == "proposed"
    [out] = lineside_json(url, "events", "confirm", proposal["id"], "--as", "dana.kim")
    assert out["outcome"] == "applied"
    again = lineside(url, "events", "confirm", proposal["id"], "--as", "dana.kim")
    assert again.returncode == 2 and "already confirmed" in again.stderr
