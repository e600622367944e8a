"""Slack in Socket Mode: the same app over a websocket Slack opens, for installs without a URL."""

from __future__ import annotations

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from sqlalchemy import Engine

from bots.slack.app import SlackBot
from domain.settings import SlackSettings
from governance.queue import bind_queue


async def run_socket_mode(engine: Engine, settings: SlackSettings) -> None:
    """Serve Slack over Socket Mode until cancelled (Ctrl-C); a `lineside worker` answers."""
    queue = bind_queue(engine)
    await queue.open_async()
    try:
        bot = SlackBot(engine, settings, socket_mode=True)
        await AsyncSocketModeHandler(bot.app, settings.app_token).start_async()
    finally:
        await queue.close_async()
