"""The console decides nothing itself: sign-in, CSRF, four-eyes and scope are server checks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.app import create_app
from api.console import live
from api.console.backend import context
from api.console.session import COOKIE, csrf_token
from domain.alerts.store import get_alert, list_alerts
from domain.settings import ConsoleSettings
from governance.identity import get_actor
from governance.proposals import get_proposal
from tools.runner import call_tool

pytestmark = pytest.mark.integration


@pytest.fixture
def app(demo_db: Engine) -> Iterator[FastAPI]:
    """The service's app over this test's demo copy, started once (its queue open)."""
    service = create_app(engine=demo_db)
    with TestClient(service):
        yield service


@pytest.fixture
def expedite(demo_db: Engine) -> str:
    """dana.kim's air expedite of the 600 on PO-7781 ($6,800: a plant manager must approve)."""
    dana = get_actor(demo_db, "dana.kim")
    result = call_tool(demo_db, context(dana), "expedite_po", {"po_number": "PO-7781"})
    assert result.ok and result.proposal, result.summary
    return str(result.proposal["id"])


def _signed_in(app: FastAPI, username: str) -> Iterator[TestClient]:
    """A browser of one user (its own cookies) on the running app."""
    client = TestClient(app)
    answer = client.post(
        "/console/signin/demo", data={"username": username}, follow_redirects=False
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/console/inbox"
    yield client


@pytest.fixture
def priya(app: FastAPI) -> Iterator[TestClient]:
    yield from _signed_in(app, "priya.nair")


@pytest.fixture
def dana(app: FastAPI) -> Iterator[TestClient]:
    yield from _signed_in(app, "dana.kim")


def _csrf(client: TestClient) -> str:
    return csrf_token(client.cookies[COOKIE])


def _decide(client: TestClient, proposal_id: str, **form: str) -> Any:
    """A decision as the card's form sends it (htmx puts the CSRF value in a header)."""
    return client.post(
        f"/console/proposals/{proposal_id}/decide",
        headers={"X-CSRF-Token": _csrf(client)},
        data=form,
    )


def test_pages_need_a_valid_session(app: FastAPI) -> None:
    client = TestClient(app)  # nobody signed in
    page = client.get("/console/inbox", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/console/signin"
    partial = client.get("/console/inbox/list", headers={"HX-Request": "true"})
    assert partial.status_code == 401 and partial.headers["HX-Redirect"] == "/console/signin"
    client.cookies.set(COOKIE, "demo.cHJpeWEubmFpcg.forged", path="/console")
    assert client.get("/console/kpis", follow_redirects=False).status_code == 303
    unknown = client.post("/console/signin/demo", data={"username": "nobody"})
    assert unknown.status_code == 400 and "No Lineside user named" in unknown.text


def test_a_decision_without_the_sessions_csrf_value_is_refused(
    priya: TestClient, demo_db: Engine, expedite: str
) -> None:
    url = f"/console/proposals/{expedite}/decide"
    refused = priya.post(url, data={"decision": "approve"})
    assert refused.status_code == 403
    forged = priya.post(url, data={"decision": "approve", "csrf": "0" * 64})
    assert forged.status_code == 403
    assert get_proposal(demo_db, expedite).status == "pending"


def test_the_requester_cannot_approve_her_own_expedite(
    dana: TestClient, demo_db: Engine, expedite: str
) -> None:
    inbox = dana.get("/console/inbox").text
    assert f"card-{expedite}" in inbox and f"Approve {expedite}" not in inbox
    answer = dana.post(
        f"/console/proposals/{expedite}/decide", data={"decision": "approve", "csrf": _csrf(dana)}
    )
    assert answer.status_code == 403 and "Four-eyes" in answer.text
    assert get_proposal(demo_db, expedite).status == "pending"


def test_the_plant_manager_approves_and_the_requesters_inbox_changes(
    priya: TestClient, demo_db: Engine, expedite: str
) -> None:
    dana = get_actor(demo_db, "dana.kim")
    before = live.fingerprint(demo_db, dana)
    answer = _decide(priya, expedite, decision="approve", comment="ok")
    assert answer.status_code == 200 and 'data-status="executed"' in answer.text
    view = get_proposal(demo_db, expedite)
    assert view.status == "executed" and view.decided_by == "priya.nair"
    assert live.fingerprint(demo_db, dana) != before  # what dana's open inbox is told
    again = _decide(priya, expedite, decision="reject")
    assert again.status_code == 409 and "already executed" in again.text


def test_an_edit_with_bad_json_says_what_to_fix_and_changes_nothing(
    priya: TestClient, demo_db: Engine, expedite: str
) -> None:
    answer = _decide(priya, expedite, decision="edit", edited_payload="{not json")
    assert answer.status_code == 403 and "not valid JSON" in answer.text
    assert get_proposal(demo_db, expedite).status == "pending"


def test_another_plants_buyer_cannot_see_the_proposal(
    app: FastAPI, demo_db: Engine, expedite: str
) -> None:
    for client in _signed_in(app, "sam.okafor"):
        assert f"card-{expedite}" not in client.get("/console/inbox").text
        answer = _decide(client, expedite, decision="approve")
        assert answer.status_code == 403 and "LKS" in answer.text
    assert get_proposal(demo_db, expedite).status == "pending"


def test_with_oidc_configured_sign_in_redirects_to_the_provider_with_pkce(
    demo_db: Engine,
) -> None:
    app = create_app(engine=demo_db)
    settings = ConsoleSettings(
        oidc_authorize_url="https://login.example.com/authorize",
        oidc_token_url="https://login.example.com/token",
        oidc_client_id="lineside-console",
        demo_signin=False,
    )
    app.state.console.settings = settings
    with TestClient(app) as client:
        to_oidc = client.get("/console/signin", follow_redirects=False)
        assert to_oidc.headers["location"] == "/console/signin/oidc"
        redirect = client.get("/console/signin/oidc", follow_redirects=False)
        assert redirect.status_code == 303
        url = urlsplit(redirect.headers["location"])
        query = parse_qs(url.query)
        assert f"{url.scheme}://{url.netloc}{url.path}" == settings.oidc_authorize_url
        assert query["client_id"] == ["lineside-console"] and query["response_type"] == ["code"]
        assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
        assert query["redirect_uri"][0].endswith("/console/signin/callback")
        # An answer for another browser's request (wrong state) signs nobody in.
        forged = client.get("/console/signin/callback", params={"code": "x", "state": "other"})
        assert forged.status_code == 400 and "did not match" in forged.text
        assert COOKIE not in client.cookies
        picker = client.post("/console/signin/demo", data={"username": "priya.nair"})
        assert picker.status_code == 403


def test_only_someone_at_the_alerts_plant_may_acknowledge_it(
    app: FastAPI, demo_db: Engine, dana: TestClient
) -> None:
    alert = list_alerts(demo_db, ["LKS"], status="open")[0]
    for sam in _signed_in(app, "sam.okafor"):
        refused = sam.post(
            f"/console/alerts/{alert.id}/acknowledge", headers={"X-CSRF-Token": _csrf(sam)}
        )
        assert refused.status_code == 403 and "LKS" in refused.text
    assert get_alert(demo_db, alert.id).status == "open"
    done = dana.post(
        f"/console/alerts/{alert.id}/acknowledge", headers={"X-CSRF-Token": _csrf(dana)}
    )
    assert done.status_code == 200 and "acknowledged" in done.text
    assert get_alert(demo_db, alert.id).acknowledged_by == "dana.kim"


def test_an_edit_then_approve_keeps_the_edit_and_rechecks_authority_on_the_new_cost(
    priya: TestClient, demo_db: Engine, expedite: str
) -> None:
    payload = dict(get_proposal(demo_db, expedite).payload, qty=300)
    answer = _decide(
        priya, expedite, decision="edit", edited_payload=json.dumps(payload), edited_cost="$3,400"
    )
    assert answer.status_code == 200, answer.text
    view = get_proposal(demo_db, expedite)
    assert view.status == "executed" and view.cost == 3400.0 and view.payload["qty"] == 300
    assert view.decided_by == "priya.nair"
