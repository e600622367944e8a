"""Who is signed in: the console takes the same bearer tokens as the API and issues demo ones.

Stand-in until the service's `api/auth.py` lands: a demo token is the username signed with a
key kept in the data directory. Switching means pointing these three functions at api.auth.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine

from domain.settings import PROJECT_ROOT
from governance.errors import UnknownIdentity
from governance.identity import Actor, get_actor

KEY_FILE = PROJECT_ROOT / ".lineside" / "console-demo.key"
# Who the demo sign-in offers, in the order the README introduces them.
DEMO_PEOPLE = (
    ("dana.kim", "Dana Kim", "buyer, LKS"),
    ("luis.ortega", "Luis Ortega", "planner, LKS"),
    ("priya.nair", "Priya Nair", "plant manager, LKS"),
    ("morgan.lee", "Morgan Lee", "VP operations, all plants"),
    ("sam.okafor", "Sam Okafor", "buyer, SAL"),
    ("eve.tester", "Eve Tester", "evaluator"),
)


@lru_cache
def _key(path: Path = KEY_FILE) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(secrets.token_bytes(32))
        path.chmod(0o600)
    return path.read_bytes()


def _sign(username: str) -> str:
    return hmac.new(_key(), username.encode(), hashlib.sha256).hexdigest()


def demo_token(engine: Engine, username: str) -> str:
    """A bearer token for a demo user (refused for a name that is not a Lineside user)."""
    get_actor(engine, username)
    encoded = base64.urlsafe_b64encode(username.encode()).decode().rstrip("=")
    return f"demo.{encoded}.{_sign(username)}"


def actor_for_token(engine: Engine, token: str) -> Actor:
    """The Lineside user a bearer token names; UnknownIdentity when it is not valid."""
    try:
        prefix, encoded, signature = token.split(".")
        username = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
    except ValueError as err:
        raise UnknownIdentity("the session token is malformed; sign in again") from err
    if prefix != "demo" or not hmac.compare_digest(signature, _sign(username)):
        raise UnknownIdentity("the session token is not valid; sign in again")
    return get_actor(engine, username)
