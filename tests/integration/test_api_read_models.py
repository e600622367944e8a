"""Read models over the API: each one a governed call (audited, in scope, role-checked)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from domain.settings import Settings
from tests.support.agent import count
from tests.support.api import api_client, api_settings_for, bearer

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return api_settings_for(Path(tmp_path_factory.mktemp("keys")))


@pytest.fixture(scope="module")
def client(demo_db_shared: Engine, settings: Settings) -> Iterator[TestClient]:
    with api_client(demo_db_shared, settings) as c:
        yield c


def _get(client: TestClient, settings: Settings, user: str, path: str, **params: object):
    return client.get(path, params=params, headers=bearer(settings, user))


def test_shortages_are_the_projection_and_each_read_is_audited(
    client: TestClient, settings: Settings, demo_db_shared: Engine
) -> None:
    before = count(
        demo_db_shared,
        "SELECT count(*) FROM governance.audit_log"
        " WHERE tool = 'shortages' AND actor = 'dana.kim' AND channel = 'api'",
    )
    answer = _get(client, settings, "dana.kim", "/v1/material/shortages", plant="LKS")
    assert answer.status_code == 200
    assert {s["item"] for s in answer.json()["data"]} == {"E-4410", "F-2200", "T-3105"}
    after = count(
        demo_db_shared,
        "SELECT count(*) FROM governance.audit_log"
        " WHERE tool = 'shortages' AND actor = 'dana.kim' AND channel = 'api'",
    )
    assert after == before + 1


def test_a_plant_outside_the_scope_is_refused_and_names_the_field(
    client: TestClient, settings: Settings
) -> None:
    other = _get(client, settings, "sam.okafor", "/v1/material/shortages", plant="LKS")
    assert other.status_code == 403 and other.json()["type"].endswith("/out-of-scope")
    bad = _get(client, settings, "dana.kim", "/v1/material/shortages", horizon="soon")
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in bad.json()["errors"]] == ["query.horizon"]
    # A read the gate serves directly validates the same way (an empty horizon was a 500).
    empty = _get(client, settings, "dana.kim", "/v1/risk/top", horizon="")
    assert empty.status_code == 422
    assert [e["field"] for e in empty.json()["errors"]] == ["query.horizon"]


def test_purchase_order_risk_and_top_risks(client: TestClient, settings: Settings) -> None:
    po = _get(client, settings, "dana.kim", "/v1/purchase-orders/PO-7781").json()
    assert "PO-7781" in po["summary"] and po["data"]
    top = _get(client, settings, "dana.kim", "/v1/risk/top", plant="LKS", limit=3)
    assert top.status_code == 200
    lines = top.json()["data"]["lines"]
    assert len(lines) <= 3 and lines[0]["po_number"] == "PO-7781"
    assert [ln["score"] for ln in lines] == sorted((ln["score"] for ln in lines), reverse=True)
    assert _get(client, settings, "sam.okafor", "/v1/purchase-orders/PO-7781").status_code == 403


def test_clear_to_build_for_one_work_order(client: TestClient, settings: Settings) -> None:
    answer = _get(
        client, settings, "luis.ortega", "/v1/work-orders/WO-SEAT1-0304-0600/clear-to-build"
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["data"]["work_order"] == "WO-SEAT1-0304-0600" and body["data"]["clear"] is False
    missing = _get(client, settings, "luis.ortega", "/v1/work-orders/WO-NOPE/clear-to-build")
    assert missing.status_code == 404


def test_kpis_catalogue_value_and_charts(client: TestClient, settings: Settings) -> None:
    catalogue = _get(client, settings, "morgan.lee", "/v1/kpis").json()
    assert "supplier_otif" in {k["name"] for k in catalogue}
    otif = _get(client, settings, "morgan.lee", "/v1/kpis/supplier_otif", group_by="supplier")
    assert otif.status_code == 200 and otif.json()["tool"] == "kpi_query"
    png = _get(client, settings, "morgan.lee", "/v1/kpis/supplier_otif/chart.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    svg = _get(client, settings, "morgan.lee", "/v1/kpis/supplier_otif/chart.svg")
    assert svg.headers["content-type"] == "image/svg+xml" and b"<svg" in svg.content
    unknown = _get(client, settings, "morgan.lee", "/v1/kpis/happiness")
    assert unknown.status_code == 422


def test_supplier_performance(client: TestClient, settings: Settings) -> None:
    voltaic = _get(client, settings, "dana.kim", "/v1/suppliers/VOLTAIC/performance")
    assert voltaic.status_code == 200 and "Voltaic" in voltaic.json()["summary"]


def test_a_resequence_plan_is_only_a_plan(
    client: TestClient, settings: Settings, demo_db_shared: Engine
) -> None:
    proposals = count(demo_db_shared, "SELECT count(*) FROM governance.action_proposal")
    plan = _get(
        client,
        settings,
        "luis.ortega",
        "/v1/schedule/resequence",
        line="LKS-SEAT1",
        horizon="5d",
        time_limit_s=3,
    )
    assert plan.status_code == 200, plan.text
    assert plan.json()["data"]["status"] in ("OPTIMAL", "FEASIBLE")
    assert count(demo_db_shared, "SELECT count(*) FROM governance.action_proposal") == proposals
    buyer = _get(client, settings, "dana.kim", "/v1/schedule/resequence", line="LKS-SEAT1")
    assert buyer.status_code == 403


def test_audit_lookup_and_chain_check_by_role(client: TestClient, settings: Settings) -> None:
    assert _get(client, settings, "dana.kim", "/v1/audit").status_code == 403
    records = _get(client, settings, "priya.nair", "/v1/audit", limit=5)
    assert records.status_code == 200 and records.json()["tool"] == "audit_lookup"
    chain = _get(client, settings, "eve.tester", "/v1/audit/verify").json()
    assert chain["ok"] is True and chain["checked"] > 0
    assert _get(client, settings, "dana.kim", "/v1/audit/verify").status_code == 403
