"""The console's sign-in session: a cookie carrying the user's bearer token, and CSRF checks.

The cookie holds the same token the API takes (HttpOnly, SameSite=Lax, path /console); every
form and htmx request that changes something also carries a CSRF value derived from that token,
which a page on another site can neither read nor compute.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine

from api.console import identity
from governance.errors import UnknownIdentity
from governance.identity import Actor

COOKIE = "lineside_console"
CSRF_FIELD = "csrf"
CSRF_HEADER = "X-CSRF-Token"
STATE_COOKIE = "lineside_console_oidc"


class SignInRequired(Exception):
    """No valid session: the page sends the browser to the sign-in page."""


class CsrfRejected(Exception):
    """A state-changing request without the session's CSRF value."""


def csrf_token(bearer: str) -> str:
    return hmac.new(bearer.encode(), b"lineside-console-csrf", hashlib.sha256).hexdigest()


def new_state() -> str:
    return secrets.token_urlsafe(24)


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def bearer_of(request: Request) -> str:
    token = request.cookies.get(COOKIE)
    if not token:
        raise SignInRequired
    return token


def signed_in(request: Request) -> Actor:
    """The signed-in user, checked on every request exactly as the API checks a bearer token."""
    token = bearer_of(request)
    try:
        return identity.actor_for_token(request.app, token)
    except UnknownIdentity as err:
        raise SignInRequired from err


async def checked_csrf(request: Request) -> None:
    """Refuse a state-changing request whose CSRF value is not this session's."""
    token = bearer_of(request)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent, csrf_token(token)):
        raise CsrfRejected


User = Annotated[Actor, Depends(signed_in)]
Csrf = Depends(checked_csrf)
