"""Sign-in: demo tokens, OIDC tokens checked against a JWKS, API keys; nothing else gets in."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from governance.api_keys import create_api_key, revoke_api_key
from tests.support.api import api_client, api_settings_for, bearer

pytestmark = pytest.mark.integration

ISSUER = "https://login.example.test/tenant"
AUDIENCE = "api://lineside"


@pytest.fixture(scope="module")
def idp_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def jwks_url(idp_key: rsa.RSAPrivateKey) -> Iterator[str]:
    """A stand-in identity provider's JWKS endpoint on 127.0.0.1."""
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(idp_key.public_key()))
    body = json.dumps({"keys": [{**jwk, "kid": "idp-1", "use": "sig", "alg": "RS256"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/keys"
    server.shutdown()
    server.server_close()


def _oidc_token(key: rsa.RSAPrivateKey, sub: str, **claims: Any) -> str:
    now = int(time.time())
    payload = {"iss": ISSUER, "aud": AUDIENCE, "sub": sub, "iat": now, "exp": now + 600, **claims}
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": "idp-1"})


@pytest.fixture
def client(demo_db: Engine, tmp_path: Path, jwks_url: str) -> Iterator[TestClient]:
    settings = api_settings_for(
        tmp_path, jwt_issuer=ISSUER, jwt_audience=AUDIENCE, jwks_url=jwks_url
    )
    with api_client(demo_db, settings) as c:
        c.app.state.test_settings = settings  # type: ignore[attr-defined]
        yield c


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_only_healthz_answers_without_a_token(client: TestClient) -> None:
    assert client.get("/healthz").status_code == 200
    for path in ("/readyz", "/metrics", "/v1/proposals", "/v1/material/shortages"):
        answer = client.get(path)
        assert answer.status_code == 401, path
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.headers["www-authenticate"] == "Bearer"


def test_a_demo_token_signs_in_as_its_user(client: TestClient) -> None:
    settings = client.app.state.test_settings  # type: ignore[attr-defined]
    mine = client.get("/v1/proposals", headers=bearer(settings, "dana.kim"))
    assert mine.status_code == 200
    forged = bearer(settings, "dana.kim")["Authorization"][:-6] + "AAAAAA"
    refused = client.get("/v1/proposals", headers={"Authorization": forged})
    assert refused.status_code == 401 and "refused" in refused.json()["detail"]


def test_an_oidc_token_maps_through_the_external_identity_table(
    client: TestClient, demo_db: Engine, idp_key: rsa.RSAPrivateKey
) -> None:
    with demo_db.begin() as c:
        c.execute(
            text(
                "INSERT INTO external_identity (channel, external_id, username)"
                " VALUES ('api', '00u-priya', 'priya.nair')"
            )
        )
    ok = client.get("/v1/proposals", headers=_auth(_oidc_token(idp_key, "00u-priya")))
    assert ok.status_code == 200
    unmapped = client.get("/v1/proposals", headers=_auth(_oidc_token(idp_key, "00u-stranger")))
    assert unmapped.status_code == 403 and "not mapped" in unmapped.json()["detail"]
    wrong_aud = _oidc_token(idp_key, "00u-priya", aud="api://other")
    assert client.get("/v1/proposals", headers=_auth(wrong_aud)).status_code == 401
    expired = _oidc_token(idp_key, "00u-priya", exp=int(time.time()) - 3600)
    answer = client.get("/v1/proposals", headers=_auth(expired))
    assert answer.status_code == 401 and "expired" in answer.json()["detail"]
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert (
        client.get("/v1/proposals", headers=_auth(_oidc_token(other_key, "00u-priya"))).status_code
        == 401
    )


def test_an_api_key_signs_in_until_it_is_revoked(client: TestClient, demo_db: Engine) -> None:
    key = create_api_key(demo_db, "eve.tester", "evals")
    assert key.secret.startswith("lsk_")
    with demo_db.connect() as c:
        stored = c.execute(text("SELECT secret_hash FROM governance.api_key")).scalar_one()
    assert key.secret not in stored
    assert client.get("/v1/proposals", headers=_auth(key.secret)).status_code == 200
    assert client.get("/v1/proposals", headers=_auth(key.secret + "x")).status_code == 403
    revoke_api_key(demo_db, key.id)
    client.app.state.authenticator._cache.clear()  # type: ignore[attr-defined]  # else 5 s
    assert client.get("/v1/proposals", headers=_auth(key.secret)).status_code == 403
