"""Put the chat front ends into the HTTP service: one call from the app factory."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastapi import FastAPI
from sqlalchemy import Engine

from domain.settings import SlackSettings, TeamsSettings, get_settings

if TYPE_CHECKING:
    from bots.slack.app import SlackBot
    from bots.teams.app import TeamsBot


@dataclass
class MountedBots:
    """The bots serving in this app (None where a platform is not configured)."""

    slack: SlackBot | None = None
    teams: TeamsBot | None = None


def mount_bots(
    app: FastAPI,
    engine: Engine,
    *,
    slack: SlackSettings | None = None,
    teams: TeamsSettings | None = None,
) -> MountedBots:
    """Slack at /slack/events and /slack/interactivity when its token and signing secret are set;
    Teams at /api/messages (token validation on) when its app id is set."""
    mounted = MountedBots()
    slack = slack or get_settings().slack
    teams = teams or get_settings().teams
    # Imported only when configured: the SDKs are heavy and most processes need neither.
    if slack.enabled:
        from bots.slack.app import SlackBot
        from bots.slack.routes import slack_router

        mounted.slack = SlackBot(engine, slack)
        app.include_router(slack_router(mounted.slack))
    if teams.enabled:
        from bots.teams.app import TeamsBot

        mounted.teams = TeamsBot(engine, teams, app)
    return mounted
