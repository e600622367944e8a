"""Teams' worker side, after the activity is acknowledged: answers, cards, refreshes, alerts.

Jobs run on a worker thread, each on an event loop of its own, with a Bot Connector client
made on that loop (the SDK's HTTP client belongs to the loop that created it).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Final

from microsoft_teams.api import Account, ApiClient
from microsoft_teams.api.activities.message.message import MessageActivityInput
from microsoft_teams.api.auth.cloud_environment import CloudEnvironment
from microsoft_teams.api.clients.conversation.params import CreateConversationParams
from microsoft_teams.apps import App
from microsoft_teams.apps.token_provider import AppTokenProvider
from microsoft_teams.cards import AdaptiveCard
from microsoft_teams.common import ClientOptions
from sqlalchemy import Engine

from agent.runner import TurnResult
from bots import core
from bots.core import BotAnswer, CardCopy
from bots.jobs import BotJob
from bots.teams import cards
from bots.teams.connection import app_options, cloud_for
from domain.alerts.notify import AlertNotice
from domain.settings import TeamsSettings, get_settings
from governance.proposals import ProposalView

log = logging.getLogger(__name__)
PLATFORM: Final = "teams"


def teams_thread(thread_id: str | None) -> str | None:
    """The conversation id of an agent thread that started in Teams."""
    if not thread_id or not thread_id.startswith(PLATFORM + ":"):
        return None
    return thread_id.removeprefix(PLATFORM + ":").rsplit(":", 1)[0]


def answer_text(answer: BotAnswer) -> str:
    sources = ", ".join(f"`{s}`" for s in answer.sources)
    return answer.text + (f"\n\nSources: {sources}" if sources else "")


class TeamsReplies:
    """Teams' worker side: everything here may take longer than Teams waits for an answer."""

    def __init__(
        self,
        engine: Engine,
        settings: TeamsSettings,
        tokens: AppTokenProvider,
        cloud: CloudEnvironment,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.tokens = tokens
        self.cloud = cloud

    @classmethod
    def from_environment(cls, engine: Engine) -> TeamsReplies:
        """For a worker process: credentials and endpoints from LINESIDE_TEAMS_*."""
        settings = get_settings().teams
        tokens = App(**app_options(settings)).token_provider
        return cls(engine, settings, tokens, cloud_for(settings))

    def api(self, service_url: str) -> ApiClient:
        return ApiClient(service_url, ClientOptions(), cloud=self.cloud, token_provider=self.tokens)

    def handle(self, job: BotJob) -> None:
        asyncio.run(self.after_decision(job.payload["proposal_id"], job.payload.get("report")))

    def deliver(self, result: TurnResult, reply_to: dict[str, Any]) -> None:
        asyncio.run(self.answer(result, reply_to["conversation"], reply_to["service_url"]))

    async def answer(self, result: TurnResult, conversation: str, service_url: str) -> None:
        """The answer in the conversation the question came from, with charts and cards."""
        api = self.api(service_url)
        answer = await asyncio.to_thread(core.answer_from, self.engine, result)
        message = MessageActivityInput(text=answer_text(answer), text_format="markdown")
        for chart in answer.charts:
            message.add_card(cards.chart_card(chart))
        await api.conversations.create_activity(conversation, message)
        for view in answer.proposals:
            await self.post_card(view, conversation, service_url)

    # --- proposal cards -----------------------------------------------------------------------

    def _card(self, view: ProposalView) -> AdaptiveCard:
        approvers = core.approvers_for(self.engine, view)
        ids = [core.external_id_of(self.engine, PLATFORM, a.username) for a in approvers]
        requester = core.external_id_of(self.engine, PLATFORM, view.requested_by)
        viewers = [i for i in [requester, *ids] if i]
        return cards.proposal_card(view, core.plant_timezone(self.engine, view.plant_code), viewers)

    def current_card(self, proposal_id: str) -> AdaptiveCard:
        return self._card(core.proposal(self.engine, proposal_id))

    async def post_card(self, view: ProposalView, conversation: str, service_url: str) -> None:
        """The card in the requester's conversation, and to the approvers (channel, else 1:1)."""
        card = await asyncio.to_thread(self._card, view)
        await self._send_card(view.id, card, conversation, service_url)
        plant_channel = self.settings.approver_conversations.get(view.plant_code)
        if plant_channel:
            await self._send_card(view.id, card, plant_channel, self.settings.service_url)
            return
        for approver in await asyncio.to_thread(core.approvers_for, self.engine, view):
            aad = core.external_id_of(self.engine, PLATFORM, approver.username)
            if aad:
                chat = await self.personal_chat(aad)
                await self._send_card(view.id, card, chat, self.settings.service_url)

    async def personal_chat(self, aad_object_id: str) -> str:
        """The bot's 1:1 conversation with a user (Teams returns the existing one)."""
        params = CreateConversationParams(
            members=[Account(id=aad_object_id)], tenant_id=self.settings.tenant_id or None
        )
        created = await self.api(self.settings.service_url).conversations.create(params)
        return created.id

    async def _send_card(
        self, proposal_id: str, card: AdaptiveCard, conversation: str, service_url: str
    ) -> None:
        sent = await self.api(service_url).conversations.create_activity(
            conversation, MessageActivityInput().add_card(card)
        )
        copy = CardCopy(conversation=conversation, message_id=sent.id, service_url=service_url)
        await asyncio.to_thread(core.record_card, self.engine, proposal_id, PLATFORM, copy)

    async def after_decision(self, proposal_id: str, report: str | None) -> None:
        """Every copy of the card shows the decision; the requester's thread gets the report."""
        view = core.proposal(self.engine, proposal_id)
        card = await asyncio.to_thread(self._card, view)
        for copy in core.card_copies(self.engine, view.id, PLATFORM):
            api = self.api(copy.service_url or self.settings.service_url)
            await api.conversations.update_activity(
                copy.conversation, copy.message_id, MessageActivityInput().add_card(card)
            )
        origin = teams_thread(view.thread_id)
        copies = core.card_copies(self.engine, view.id, PLATFORM)
        service_url = next((c.service_url for c in copies if c.conversation == origin), None)
        if origin and report:
            api = self.api(service_url or self.settings.service_url)
            await api.conversations.create_activity(origin, MessageActivityInput(text=report))

    # --- alerts -------------------------------------------------------------------------------

    def notify(self, notice: AlertNotice) -> None:
        """A proactive 1:1 message to the alert's recipient, once per delivery; raises when
        Teams refuses, so the delivery is retried."""
        aad = core.external_id_of(self.engine, PLATFORM, notice.recipient)
        seen = f"alert-delivery:{notice.delivery_id}"
        if aad is None or not core.first_time(self.engine, PLATFORM, seen):
            return
        try:
            asyncio.run(self._send_alert(aad, notice))
        except Exception:
            core.forget(self.engine, PLATFORM, seen)
            raise

    async def _send_alert(self, aad_object_id: str, notice: AlertNotice) -> None:
        chat = await self.personal_chat(aad_object_id)
        await self.api(self.settings.service_url).conversations.create_activity(
            chat, MessageActivityInput().add_card(cards.alert_card(notice))
        )


def invoke_data(value: Any) -> dict[str, Any]:
    """The data of an Action.Execute (Teams merges the card's inputs into it)."""
    action = getattr(value, "action", None)
    data = getattr(action, "data", None) or {}
    return dict(data)
