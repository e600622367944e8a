"""Signing in to the console: the demo user picker, an OIDC provider (PKCE), signing out."""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Annotated, Any
from urllib.parse import urlencode

import httpx
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.console import identity
from api.console.pages import PREFIX, console_settings, page
from api.console.session import COOKIE, STATE_COOKIE, Csrf
from domain.settings import ConsoleSettings
from governance.errors import UnknownIdentity

router = APIRouter(prefix=PREFIX, include_in_schema=False)


def demo_signin(settings: ConsoleSettings) -> bool:
    """The user picker: only in demo mode, and only where it is not turned off."""
    return settings.demo_signin and identity.demo_mode()


@router.get("/signin", response_class=HTMLResponse)
def signin_page(request: Request) -> Any:
    settings = console_settings(request)
    if settings.oidc and not demo_signin(settings):
        return RedirectResponse(f"{PREFIX}/signin/oidc", status_code=303)
    people = identity.DEMO_PEOPLE if demo_signin(settings) else ()
    return page(request, "signin.html", None, people=people, oidc=settings.oidc)


@router.post("/signin/demo")
def signin_demo(request: Request, username: Annotated[str, Form()]) -> Response:
    """Demo mode: the picked user's token goes into the session cookie."""
    settings = console_settings(request)
    if not demo_signin(settings):
        return HTMLResponse("Demo sign-in is turned off here.", status_code=403)
    try:
        token = identity.demo_token(request.app, username)
    except UnknownIdentity as err:
        return page(request, "signin.html", None, 400, people=identity.DEMO_PEOPLE,
                    oidc=settings.oidc, error=str(err))  # fmt: skip
    return _session(RedirectResponse(f"{PREFIX}/inbox", status_code=303), token, settings)


def _session(response: Response, token: str, settings: ConsoleSettings) -> Response:
    response.set_cookie(COOKIE, token, httponly=True, samesite="lax", path=PREFIX,
                        secure=settings.secure_cookies)  # fmt: skip
    return response


@router.get("/signin/oidc")
def signin_oidc(request: Request) -> Response:
    """Send the browser to the OIDC provider (authorisation code with PKCE)."""
    settings = console_settings(request)
    if not settings.oidc:
        return HTMLResponse("No OIDC provider is configured.", status_code=404)
    state, verifier = secrets.token_urlsafe(24), secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    query = {
        "response_type": "code",
        "client_id": settings.oidc_client_id,
        "redirect_uri": str(request.url_for("oidc_callback")),
        "scope": settings.oidc_scope,
        "state": state,
        "code_challenge": challenge.decode().rstrip("="),
        "code_challenge_method": "S256",
    }
    response = RedirectResponse(f"{settings.oidc_authorize_url}?{urlencode(query)}", 303)
    response.set_cookie(STATE_COOKIE, f"{state}.{verifier}", httponly=True, samesite="lax",
                        path=PREFIX, max_age=600, secure=settings.secure_cookies)  # fmt: skip
    return response


@router.get("/signin/callback", name="oidc_callback")
def oidc_callback(request: Request, code: str = "", state: str = "", error: str = "") -> Response:
    """The provider's answer: trade the code for a token the API would accept, keep it."""
    settings = console_settings(request)
    expected, _, verifier = (request.cookies.get(STATE_COOKIE) or "").partition(".")
    if error or not code or not expected or not secrets.compare_digest(state, expected):
        reason = error or "the sign-in answer did not match this browser's request"
        return page(request, "signin.html", None, 400, people=(), oidc=settings.oidc,
                    error=f"Sign-in failed: {reason}. Try again.")  # fmt: skip
    form = {"grant_type": "authorization_code", "code": code, "code_verifier": verifier,
            "redirect_uri": str(request.url_for("oidc_callback")),
            "client_id": settings.oidc_client_id}  # fmt: skip
    if settings.oidc_client_secret:
        form["client_secret"] = settings.oidc_client_secret
    answer = httpx.post(settings.oidc_token_url, data=form, timeout=10.0)
    tokens = answer.json() if answer.is_success else {}
    token = tokens.get("access_token") or tokens.get("id_token")
    try:
        if not token:
            raise UnknownIdentity(f"the provider answered {answer.status_code} with no token")
        identity.actor_for_token(request.app, token)
    except UnknownIdentity as err:
        return page(request, "signin.html", None, 403, people=(), oidc=settings.oidc,
                    error=f"Sign-in failed: {err}")  # fmt: skip
    response = _session(RedirectResponse(f"{PREFIX}/inbox", status_code=303), token, settings)
    response.delete_cookie(STATE_COOKIE, path=PREFIX)
    return response


@router.post("/signout", dependencies=[Csrf])
def signout() -> Response:
    response = RedirectResponse(f"{PREFIX}/signin", status_code=303)
    response.delete_cookie(COOKIE, path=PREFIX)
    return response
