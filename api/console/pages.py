"""Rendering the console's pages: the templates and what every page is given."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates

from api.console.session import COOKIE, CSRF_FIELD, csrf_token
from domain.formatting import action_name, approver_words, money, role_name
from domain.settings import ConsoleSettings
from governance.identity import Actor

HERE = Path(__file__).parent
PREFIX = "/console"
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.filters["money"] = money
# Roles and action kinds in people's words, as every other front end names them.
templates.env.filters["action_name"] = action_name
templates.env.filters["approver_words"] = approver_words
templates.env.filters["role_name"] = role_name


def console_settings(request: Request) -> ConsoleSettings:
    settings: ConsoleSettings = request.app.state.console.settings
    return settings


def page(request: Request, name: str, actor: Actor | None, status: int = 200, **ctx: Any) -> Any:
    """Render a template with what every page needs (who is signed in, the CSRF value)."""
    token = request.cookies.get(COOKIE)
    base = {"actor": actor, "csrf": csrf_token(token) if token else "", "csrf_field": CSRF_FIELD,
            "prefix": PREFIX, "path": request.url.path}  # fmt: skip
    return templates.TemplateResponse(request, name, base | ctx, status_code=status)
