"""`lineside slack --socket`: run the Slack app over Socket Mode (no public URL needed)."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from cli.errors import user_error
from domain.db.engine import get_engine
from domain.settings import SlackSettings, get_settings

Socket = Annotated[bool, typer.Option("--socket", help="Connect to Slack over Socket Mode.")]


def slack_command(socket: Socket = False) -> None:
    """Serve Slack events over Socket Mode (HTTP mode is the service's /slack/events)."""
    if not socket:
        raise user_error(
            "HTTP mode runs inside the service (POST /slack/events and /slack/interactivity);"
            " use --socket to connect without a public URL"
        )
    settings = get_settings().slack
    missing = [
        name
        for name, value in (("SLACK_BOT_TOKEN", settings.bot_token),
                            ("SLACK_APP_TOKEN", settings.app_token))
        if not value
    ]  # fmt: skip
    if missing:
        raise user_error(f"set {' and '.join(missing)} (see README: Slack) to use Socket Mode")
    if not settings.app_token.startswith("xapp-"):
        raise user_error(
            "SLACK_APP_TOKEN must be an app-level token (xapp-...) with connections:write"
        )
    typer.echo("Lineside Slack app connecting over Socket Mode; Ctrl-C stops it.")
    try:
        asyncio.run(run_socket(settings))
    except KeyboardInterrupt:
        typer.echo("stopped")


async def run_socket(settings: SlackSettings) -> None:
    from bots.slack.socket import run_socket_mode

    await run_socket_mode(get_engine(), settings)
