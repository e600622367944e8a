"""Who is signed in: the console takes exactly the bearer tokens the API takes (api.auth).

The session cookie carries such a token; each request is checked by the app's Authenticator,
as an API call with that token would be. In demo mode the picker issues the demo user's token.
"""

from __future__ import annotations

from fastapi import FastAPI

from api.auth import issue_demo_token
from api.problems import ProblemError
from domain.settings import get_settings
from governance.errors import UnknownIdentity
from governance.identity import Actor, get_actor

# Who the demo sign-in offers, in the order the README introduces them.
DEMO_PEOPLE = (
    ("dana.kim", "Dana Kim", "buyer, LKS"),
    ("luis.ortega", "Luis Ortega", "planner, LKS"),
    ("priya.nair", "Priya Nair", "plant manager, LKS"),
    ("morgan.lee", "Morgan Lee", "VP operations, all plants"),
    ("sam.okafor", "Sam Okafor", "buyer, SAL"),
    ("eve.tester", "Eve Tester", "evaluator"),
)


def demo_mode() -> bool:
    return get_settings().demo.mode


def demo_token(app: FastAPI, username: str) -> str:
    """The demo user's bearer token (`lineside users tokens` prints the same kind)."""
    if not demo_mode():
        raise UnknownIdentity("demo sign-in exists only in demo mode (LINESIDE_DEMO_MODE=true)")
    get_actor(app.state.engine, username)  # an unknown name is refused, with its reason
    return issue_demo_token(app.state.settings.api, username)


def actor_for_token(app: FastAPI, token: str) -> Actor:
    """The Lineside user a bearer token names; UnknownIdentity when the API would refuse it."""
    try:
        actor: Actor = app.state.authenticator.actor(token)
    except ProblemError as err:
        raise UnknownIdentity(err.detail or err.title) from err
    return actor
