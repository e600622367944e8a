"""The Slack endpoints of the HTTP service: events and interactivity, both through bolt."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from slack_bolt.adapter.fastapi.async_handler import AsyncSlackRequestHandler

from bots.slack.app import SlackBot


def slack_router(bot: SlackBot) -> APIRouter:
    """POST /slack/events and /slack/interactivity (bolt checks each request's signature)."""
    handler = AsyncSlackRequestHandler(bot.app)
    router = APIRouter(tags=["slack"], include_in_schema=False)

    @router.post("/slack/events")
    async def slack_events(request: Request) -> Response:
        return await handler.handle(request)

    @router.post("/slack/interactivity")
    async def slack_interactivity(request: Request) -> Response:
        return await handler.handle(request)

    return router
