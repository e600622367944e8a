"""Lineside's Teams bot (Teams SDK for Python), mounted at /api/messages in the FastAPI app.

The SDK validates each activity's Bot Framework JWT (issuer, audience = our app id, the
service URL claim, signature against the published keys) before any handler runs. Messages
are acknowledged at once and answered from the queue; Action.Execute decisions are checked on the
server and answered with the refreshed card (or a refusal only the clicker sees).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from microsoft_teams.api import TypingActivityInput
from microsoft_teams.api.activities.invoke.adaptive_card.action import AdaptiveCardInvokeActivity
from microsoft_teams.api.activities.message.message import MessageActivity
from microsoft_teams.api.models.adaptive_card.adaptive_card_action_response import (
    AdaptiveCardActionCardResponse,
    AdaptiveCardActionMessageResponse,
)
from microsoft_teams.apps import ActivityContext, App
from microsoft_teams.apps.http import FastAPIAdapter
from sqlalchemy import Engine

from bots import core
from bots.jobs import BotJob, register_worker, submit_bot_turn, submit_job
from bots.teams import cards
from bots.teams.connection import AppToken, app_options, cloud_for
from bots.teams.replies import PLATFORM, TeamsReplies, invoke_data
from domain.settings import TeamsSettings
from governance.errors import GovernanceError, UnknownIdentity

log = logging.getLogger(__name__)
MENTION = "<at>"


class TeamsBot:
    """The Teams App and its handlers; its worker side (replies) is registered for the queue."""

    def __init__(
        self,
        engine: Engine,
        settings: TeamsSettings,
        fastapi_app: FastAPI,
        *,
        token: AppToken | None = None,
    ) -> None:
        self.engine = engine
        self.settings = settings
        adapter = FastAPIAdapter(app=fastapi_app)
        self.app = App(
            **app_options(settings, token),
            http_server_adapter=adapter,
            messaging_endpoint="/api/messages",
        )
        self.replies = TeamsReplies(engine, settings, self.app.token_provider, cloud_for(settings))
        register_worker(PLATFORM, self.replies)
        adapter.lifespans.append(self._lifespan)
        self.app.on_message(self._on_message)
        self.app.on_card_action_execute(cards.APPROVE)(self._on_decision)
        self.app.on_card_action_execute(cards.REJECT)(self._on_decision)
        self.app.on_card_action_execute(cards.EDIT)(self._on_decision)
        self.app.on_card_action_execute(cards.REFRESH)(self._on_refresh)
        self.app.on_card_action_execute(cards.ALERT_ACTION)(self._on_alert_action)

    @asynccontextmanager
    async def _lifespan(self, _app: Any) -> AsyncIterator[None]:
        # Registers POST /api/messages with token validation on (no credentials: all refused).
        await self.app.initialize()
        yield

    async def _turn(self, ctx: Any, text: str) -> None:
        """Queue a turn for the Teams user in this conversation; an unlinked user is told why."""
        activity = ctx.activity
        user = activity.from_.aad_object_id or activity.from_.id
        try:
            actor = await asyncio.to_thread(core.who_is, self.engine, PLATFORM, user)
        except UnknownIdentity as err:
            await ctx.send(str(err))
            return
        await ctx.send(TypingActivityInput())  # Teams' "is typing" while the turn runs
        conversation = activity.conversation.id
        reply_to = {"conversation": conversation, "service_url": activity.service_url}
        thread_id = core.thread_id_for(PLATFORM, conversation, "main")
        await submit_bot_turn(PLATFORM, actor, thread_id, text, reply_to)

    def _from_our_tenant(self, activity: Any) -> bool:
        """A single-tenant install answers only its own tenant's users."""
        if not self.settings.tenant_id:
            return True
        tenant = activity.conversation.tenant_id or (
            (activity.channel_data.tenant.id if activity.channel_data.tenant else None)
            if activity.channel_data
            else None
        )
        return tenant == self.settings.tenant_id

    async def _on_message(self, ctx: ActivityContext[MessageActivity]) -> None:
        activity = ctx.activity
        if not self._from_our_tenant(activity):
            log.warning("Teams message from another tenant ignored")
            return
        text = _without_mentions(activity.text or "")
        seen = f"{activity.conversation.id}:{activity.id}"
        if not text or not await asyncio.to_thread(core.first_time, self.engine, PLATFORM, seen):
            return
        await self._turn(ctx, text)

    async def _on_decision(
        self, ctx: ActivityContext[AdaptiveCardInvokeActivity]
    ) -> AdaptiveCardActionCardResponse | AdaptiveCardActionMessageResponse:
        """Decide as the clicker, checked by governance; the card comes back refreshed."""
        activity = ctx.activity
        data = invoke_data(activity.value)
        user = activity.from_.aad_object_id or activity.from_.id
        try:
            if not self._from_our_tenant(activity):
                raise GovernanceError("this Lineside serves another Microsoft 365 tenant")
            actor = await asyncio.to_thread(core.who_is, self.engine, PLATFORM, user)
            edited = data.get("payload") if data["action"] == cards.EDIT else None
            outcome = await asyncio.to_thread(
                core.decide_from_chat, self.engine, actor, str(data["proposal_id"]),
                core.as_decision(data["action"]), PLATFORM,
                comment=str(data.get("comment") or ""),
                edited_payload=core.edited_payload_from(edited) if edited is not None else None,
            )  # fmt: skip
        except GovernanceError as err:
            return AdaptiveCardActionMessageResponse(value=f"Not done: {err}")
        view = outcome.proposal
        payload = {"proposal_id": view.id, "report": outcome.thread_message}
        await submit_job(BotJob(platform=PLATFORM, kind="decision", payload=payload))
        card = await asyncio.to_thread(self.replies.current_card, view.id)
        return AdaptiveCardActionCardResponse(value=card)

    async def _on_refresh(
        self, ctx: ActivityContext[AdaptiveCardInvokeActivity]
    ) -> AdaptiveCardActionCardResponse | AdaptiveCardActionMessageResponse:
        data = invoke_data(ctx.activity.value)
        try:
            card = await asyncio.to_thread(self.replies.current_card, str(data["proposal_id"]))
        except GovernanceError as err:
            return AdaptiveCardActionMessageResponse(value=str(err))
        return AdaptiveCardActionCardResponse(value=card)

    async def _on_alert_action(
        self, ctx: ActivityContext[AdaptiveCardInvokeActivity]
    ) -> AdaptiveCardActionMessageResponse:
        await self._turn(ctx, str(invoke_data(ctx.activity.value)["prompt"]))
        return AdaptiveCardActionMessageResponse(value="Looking into it…")


def _without_mentions(text: str) -> str:
    """The message without '<at>Lineside</at>' mentions (Teams' channel messages carry them)."""
    while MENTION in text and "</at>" in text:
        start = text.index(MENTION)
        end = text.index("</at>", start) + len("</at>")
        text = text[:start] + text[end:]
    return text.strip()
