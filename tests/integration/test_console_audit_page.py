"""The console's audit page lists the typed audit records the audit_lookup tool returns."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.app import create_app
from tests.integration.tools_support import call

pytestmark = pytest.mark.integration


def test_the_audit_page_shows_a_proposals_records_with_their_time(demo_db: Engine) -> None:
    made = call(demo_db, "dana.kim", "expedite_po", {"po_number": "PO-7781"})
    pid = str((made.proposal or {})["id"])
    with TestClient(create_app(engine=demo_db)) as client:
        signed_in = client.post("/console/signin/demo", data={"username": "priya.nair"},
                                follow_redirects=False)  # fmt: skip
        assert signed_in.status_code == 303
        page = client.get("/console/audit", params={"proposal": pid})
    assert page.status_code == 200
    rows = re.findall(r"<tr><th scope=\"row\">\d+</th><td>([^<]+)</td><td>(\w+)</td>", page.text)
    assert rows and all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", at) for at, _ in rows)
    assert "proposal" in {kind for _, kind in rows}
    assert f"{len(rows)} audit record(s), newest first" in page.text
