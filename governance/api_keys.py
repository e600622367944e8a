"""API keys for service accounts: shown once at creation, stored only as a hash, revocable."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, text

from governance.errors import UnknownIdentity
from governance.identity import Actor, get_actor

PREFIX = "lsk_"  # every Lineside key starts so: a leaked one is easy to find in logs and repos


@dataclass(frozen=True)
class NewApiKey:
    """A key just created: `secret` is shown once and never stored."""

    id: str
    username: str
    name: str
    secret: str


def _hash(secret: str) -> str:
    # The secret is 256 random bits, so a plain SHA-256 cannot be brute-forced.
    return hashlib.sha256(secret.encode()).hexdigest()


def is_api_key(token: str) -> bool:
    return token.startswith(PREFIX)


def create_api_key(engine: Engine, username: str, name: str) -> NewApiKey:
    """A new key for `username` (who must exist); returns the secret, which is not kept."""
    get_actor(engine, username)
    key_id = secrets.token_hex(6)
    secret = f"{PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO governance.api_key (id, username, name, secret_hash, created_at)"
                " VALUES (:id, :u, :n, :h, :now)"
            ),
            {"id": key_id, "u": username, "n": name, "h": _hash(secret), "now": datetime.now(UTC)},
        )
    return NewApiKey(key_id, username, name, secret)


def revoke_api_key(engine: Engine, key_id: str) -> bool:
    with engine.begin() as conn:
        done = conn.execute(
            text(
                "UPDATE governance.api_key SET revoked_at = :now"
                " WHERE id = :id AND revoked_at IS NULL"
            ),
            {"id": key_id, "now": datetime.now(UTC)},
        )
    return bool(done.rowcount)


def actor_for_api_key(engine: Engine, secret: str) -> Actor:
    """The service account a key belongs to; an unknown, malformed or revoked key is refused."""
    key_id = secret[len(PREFIX) :].split("_", 1)[0]
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT username, secret_hash, revoked_at FROM governance.api_key WHERE id = :id"),
            {"id": key_id},
        ).first()
    if row is None or not hmac.compare_digest(row.secret_hash, _hash(secret)):
        raise UnknownIdentity(
            "This API key is not known; create one with `lineside users api-key create`"
        )
    if row.revoked_at is not None:
        raise UnknownIdentity(f"API key {key_id} was revoked; create a new one")
    return get_actor(engine, row.username)
