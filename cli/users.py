"""`lineside users tokens [--json]` (demo sign-in) and `users api-key create` (service accounts)."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import text

from cli.errors import user_error
from domain.db.engine import get_engine
from domain.settings import get_settings

users_app = typer.Typer(help="Lineside users: demo tokens and API keys.", no_args_is_help=True)
api_key_app = typer.Typer(help="API keys for service accounts.", no_args_is_help=True)
users_app.add_typer(api_key_app, name="api-key")
console = Console()


@users_app.command("tokens")
def tokens_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    user: Annotated[
        str | None, typer.Option("--user", help="Only this user's token, printed alone.")
    ] = None,
) -> None:
    """Print a signed demo token per demo user (demo mode only)."""
    from api.auth import issue_demo_token

    if not get_settings().demo.mode:
        raise user_error("demo tokens exist only in demo mode (LINESIDE_DEMO_MODE=true)")
    with get_engine().connect() as conn:
        rows = conn.execute(
            text("SELECT username, role, plant_scope FROM app_user ORDER BY username")
        ).all()
    if user is not None:
        rows = [r for r in rows if r.username == user]
        if not rows:
            raise user_error(f"no Lineside user {user!r}; `lineside users tokens` lists them")
    if not rows:
        raise user_error("no users yet: run `lineside demo load` first")
    settings = get_settings().api
    issued = [
        {
            "username": r.username,
            "role": r.role,
            "plants": list(r.plant_scope or []),
            "token": issue_demo_token(settings, r.username),
        }
        for r in rows
    ]
    if as_json:
        typer.echo(json.dumps(issued, indent=2))
        return
    if user is not None:  # just the token, for TOKEN=$(lineside users tokens --user U)
        typer.echo(issued[0]["token"])
        return
    for t in issued:
        typer.echo(f"# {t['username']} ({t['role']}, {', '.join(t['plants'])})")
        typer.echo(t["token"])
    typer.echo(f"\nValid {settings.demo_token_hours:.0f} h. Use: Authorization: Bearer <token>")


@api_key_app.command("create")
def api_key_create(
    user: Annotated[str, typer.Option("--user", help="The service account's Lineside user.")],
    name: Annotated[str, typer.Option("--name", help="What the key is for.")] = "service",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Create an API key; it is printed once and only its hash is kept."""
    from governance.api_keys import create_api_key
    from governance.errors import UnknownIdentity

    try:
        key = create_api_key(get_engine(), user, name)
    except UnknownIdentity as err:
        raise user_error(err) from None
    if as_json:
        typer.echo(
            json.dumps({"id": key.id, "user": key.username, "name": key.name, "key": key.secret})
        )
        return
    console.print(f"API key {key.id} for {key.username} ({key.name}); shown only now:")
    typer.echo(key.secret)


@api_key_app.command("revoke")
def api_key_revoke(key_id: str) -> None:
    """Revoke an API key by its id (the part after lsk_ and before the next _)."""
    from governance.api_keys import revoke_api_key

    if not revoke_api_key(get_engine(), key_id):
        raise user_error(f"no active API key {key_id!r}")
    console.print(f"API key {key_id} revoked")


@api_key_app.command("list")
def api_key_list() -> None:
    """Keys by id, user and name (never the secret)."""
    with get_engine().connect() as conn:
        rows = conn.execute(
            text(
                "SELECT id, username, name, created_at, revoked_at FROM governance.api_key"
                " ORDER BY created_at"
            )
        ).all()
    table = Table(title="API keys")
    for column in ("Id", "User", "Name", "Created", "Revoked"):
        table.add_column(column)
    for r in rows:
        table.add_row(r.id, r.username, r.name, str(r.created_at), str(r.revoked_at or ""))
    console.print(table)
