"""A local stand-in for Bot Framework: signing keys for inbound tokens and a recording connector.

Inbound activities carry a JWT signed with a local RSA key; the bot's key lookup points at this
server's /keys (as the SDK's own tests patch the key client), so validation runs for real.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

ISSUER = "https://api.botframework.com"
KID = "lineside-test-key"


@dataclass
class ConnectorCall:
    verb: str  # POST | PUT
    path: str
    body: dict[str, Any]
    authorization: str


def new_key() -> RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class TeamsCloud:
    """Serves the OpenID metadata and keys, and records what the bot sends to the connector."""

    def __init__(self) -> None:
        self.key = new_key()
        self.calls: list[ConnectorCall] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.service_url = self.url + "/teams/"
        self.openid_metadata_url = self.url + "/v1/.well-known/openidconfiguration"

    def token(
        self, app_id: str, *, key: RSAPrivateKey | None = None, service_url: str | None = None,
        issuer: str = ISSUER, expires_in: int = 600,
    ) -> str:  # fmt: skip
        """A Bot Framework connector token for `app_id`, signed with our key (or `key`)."""
        now = int(time.time())
        claims = {"iss": issuer, "aud": app_id, "iat": now, "nbf": now, "exp": now + expires_in,
                  "serviceurl": service_url or self.service_url}  # fmt: skip
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": KID})

    def sent(self, verb: str = "POST") -> list[ConnectorCall]:
        with self._lock:
            return [c for c in self.calls if c.verb == verb and "/activities" in c.path]

    def clear(self) -> None:
        with self._lock:
            self.calls.clear()

    def _jwks(self) -> dict[str, Any]:
        public = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**public, "kid": KID, "use": "sig", "alg": "RS256"}]}

    def _answer(self, verb: str, path: str, body: dict[str, Any], auth: str) -> dict[str, Any]:
        if verb == "GET" and path.endswith("/openidconfiguration"):
            return {"issuer": ISSUER, "jwks_uri": self.url + "/v1/.well-known/keys"}
        if verb == "GET" and path.endswith("/keys"):
            return self._jwks()
        with self._lock:
            self.calls.append(ConnectorCall(verb, path, body, auth))
            n = next(self._ids)
        if verb == "POST" and path.rstrip("/").endswith("/v3/conversations"):
            member = (body.get("members") or [{}])[0].get("id", "x")
            return {"id": f"a:chat-{member}"}
        if verb == "PUT":
            return {"id": path.rsplit("/", 1)[-1]}
        return {"id": f"activity-{n}"}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        cloud = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self, verb: str) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                body = json.loads(raw) if raw else {}
                path = self.path.split("?")[0].replace("/teams/", "/", 1)
                answer = cloud._answer(verb, path, body, self.headers.get("Authorization", ""))
                payload = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self) -> None:  # noqa: N802 (http.server's names)
                self._serve("GET")

            def do_POST(self) -> None:  # noqa: N802
                self._serve("POST")

            def do_PUT(self) -> None:  # noqa: N802
                self._serve("PUT")

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler


@contextmanager
def running_teams_cloud() -> Iterator[TeamsCloud]:
    cloud = TeamsCloud()
    thread = threading.Thread(target=cloud.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield cloud
    finally:
        cloud.server.shutdown()
        cloud.server.server_close()
        thread.join(timeout=5)
