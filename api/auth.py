"""Who is calling: bearer JWTs (any OIDC provider, or demo tokens) and API keys, as Actors.

Routes state what they need with the `CurrentUser` dependency. A token's subject (OIDC, or a
demo token's username) maps to a Lineside user through `external_identity` (channel `api`).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import threading
import time
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from api.problems import ProblemError
from domain.settings import ApiSettings, get_settings
from governance.api_keys import actor_for_api_key, is_api_key
from governance.identity import Actor, resolve_identity

DEMO_ISSUER = "lineside-demo"
DEMO_AUDIENCE = "lineside"
DEMO_KID = "lineside-demo-1"
IDENTITY_CHANNEL = "api"  # external_identity rows for token subjects (demo and OIDC)
ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "PS256"]
ACTOR_CACHE_S = 5.0  # a verified credential is trusted this long before it is checked again

bearer = HTTPBearer(auto_error=False, description="A JWT (OIDC or demo) or a Lineside API key")


def _unauthorized(detail: str) -> ProblemError:
    return ProblemError(
        401, "unauthorized", "Sign-in required", detail, headers={"WWW-Authenticate": "Bearer"}
    )


# ---------------------------------------------------------------- the demo signing key


def load_or_create_demo_key(path: Path) -> rsa.RSAPrivateKey:
    """The local RSA key that signs demo tokens, created once (0600) under a file lock."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with (path.parent / f".{path.name}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            pem = key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(pem)
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, rsa.RSAPrivateKey):
        raise RuntimeError(f"{path} does not hold an RSA private key; delete it to make a new one")
    return loaded


def issue_demo_token(settings: ApiSettings, username: str, now: datetime | None = None) -> str:
    """A signed demo token for `username` (demo mode only)."""
    now = now or datetime.now(UTC)
    claims = {
        "iss": DEMO_ISSUER,
        "aud": DEMO_AUDIENCE,
        "sub": username,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(hours=settings.demo_token_hours)).timestamp()),
    }
    key = load_or_create_demo_key(settings.demo_key_file)
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": DEMO_KID})


# ---------------------------------------------------------------- verification


@lru_cache(maxsize=4)
def _jwks_client(url: str) -> jwt.PyJWKClient:
    return jwt.PyJWKClient(url, cache_keys=True, lifespan=300)


class Authenticator:
    """Turns a bearer credential into an Actor; one per app (holds the caches)."""

    def __init__(self, engine: Engine, settings: ApiSettings) -> None:
        self.engine, self.settings = engine, settings
        self._demo_public: Any = None
        self._cache: dict[str, tuple[float, Actor]] = {}
        self._lock = threading.Lock()

    def _demo_key(self) -> Any:
        if self._demo_public is None:
            self._demo_public = load_or_create_demo_key(self.settings.demo_key_file).public_key()
        return self._demo_public

    def _decode(self, token: str, key: Any, issuer: str, audience: str) -> dict[str, Any]:
        try:
            return jwt.decode(
                token,
                key,
                algorithms=ALGORITHMS,
                issuer=issuer,
                audience=audience or None,
                leeway=self.settings.jwt_leeway_s,
                options={"require": ["exp", "iss", "sub"], "verify_aud": bool(audience)},
            )
        except jwt.InvalidTokenError as err:
            raise _unauthorized(f"The token was refused: {err}") from err

    def _from_jwt(self, token: str) -> Actor:
        try:
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.InvalidTokenError as err:
            raise _unauthorized(f"The bearer token is not a JWT or API key: {err}") from err
        issuer = str(unverified.get("iss", ""))
        if issuer == DEMO_ISSUER:
            if not get_settings().demo.mode:
                raise _unauthorized("Demo tokens are accepted only in demo mode")
            claims = self._decode(token, self._demo_key(), DEMO_ISSUER, DEMO_AUDIENCE)
            return resolve_identity(self.engine, IDENTITY_CHANNEL, str(claims["sub"]))
        s = self.settings
        if not (s.jwks_url and s.jwt_issuer):
            raise _unauthorized(
                "No identity provider is configured"
                " (LINESIDE_API_JWT_ISSUER, LINESIDE_API_JWKS_URL)"
            )
        if issuer != s.jwt_issuer:
            raise _unauthorized(f"Tokens from issuer {issuer!r} are not accepted")
        try:
            key = _jwks_client(s.jwks_url).get_signing_key_from_jwt(token).key
        except jwt.PyJWKClientError as err:
            raise _unauthorized(f"The token's signing key could not be found: {err}") from err
        claims = self._decode(token, key, s.jwt_issuer, s.jwt_audience)
        subject = claims.get(s.jwt_subject_claim)
        if not subject:
            raise _unauthorized(f"The token has no {s.jwt_subject_claim!r} claim")
        return resolve_identity(self.engine, IDENTITY_CHANNEL, str(subject))

    def actor(self, token: str) -> Actor:
        """The Actor for `token`, cached briefly; raises ProblemError(401) or UnknownIdentity."""
        digest = hashlib.sha256(token.encode()).hexdigest()
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(digest)
            if hit and now - hit[0] < ACTOR_CACHE_S:
                return hit[1]
        actor = (
            actor_for_api_key(self.engine, token) if is_api_key(token) else self._from_jwt(token)
        )
        with self._lock:
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[digest] = (now, actor)
        return actor


def current_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Actor:
    """The authenticated Lineside user of this request; 401 without a valid credential."""
    if credentials is None or not credentials.credentials:
        raise _unauthorized(
            "Send Authorization: Bearer <token>; `lineside users tokens` prints demo tokens"
        )
    authenticator: Authenticator = request.app.state.authenticator
    actor = authenticator.actor(credentials.credentials)
    request.state.actor = actor
    return actor


CurrentUser = Annotated[Actor, Depends(current_user)]
