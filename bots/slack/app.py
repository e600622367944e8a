"""Lineside's Slack app (slack-bolt AsyncApp): listeners acknowledge at once and queue the work.

Bolt verifies every request's signature before any listener runs; a retried event (the same
event_id) is skipped here; turns and decisions run on the Postgres queue and answer from there
(bots/slack/replies).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import Engine

from bots import core
from bots.jobs import BotJob, register_worker, submit_bot_turn, submit_job
from bots.slack import blocks
from bots.slack.replies import PLATFORM, SlackReplies
from domain.settings import SlackSettings
from governance.errors import GovernanceError, UnknownIdentity

MENTION = re.compile(r"<@[A-Z0-9]+>\s*")
DECISIONS = {blocks.APPROVE: "approve", blocks.REJECT: "reject"}

# Suggested prompts when a user opens the app, by role (Slack shows at most four).
PROMPTS: dict[str, list[tuple[str, str]]] = {
    "buyer": [
        ("Line stoppers", "what will stop my lines this week?"),
        ("PO risk", "why is PO-7781 risky?"),
        ("Supplier", "how is Voltaic doing?"),
        ("Escalate", "draft an escalation to Voltaic"),
    ],
    "planner": [
        ("Clear to build", "what is clear to build tomorrow?"),
        ("Resequence", "can we resequence SEAT1 to avoid the heater-module gap?"),
        ("Shortages", "what will stop SEAT1 this week?"),
    ],
    "plant_manager": [
        ("My approvals", "what needs my approval?"),
        ("Line stoppers", "what will stop my lines this week?"),
        ("Premium freight", "premium freight this month vs last"),
    ],
    "executive": [
        ("Supplier OTIF", "supplier OTIF by plant last quarter"),
        ("Premium freight", "premium freight this month vs last"),
        ("My approvals", "what needs my approval?"),
    ],
}
WORKING_STATUS = "is checking the plant's data…"
DEFAULT_PROMPTS = [("Supplier OTIF", "supplier OTIF by supplier last quarter")]


class SlackBot:
    """The bolt app and its listeners; its worker side (replies) is registered for the queue."""

    def __init__(
        self, engine: Engine, settings: SlackSettings, *, socket_mode: bool = False
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.replies = SlackReplies(engine, settings)
        register_worker(PLATFORM, self.replies)
        self.app = AsyncApp(
            # Socket Mode needs no signing secret: the app token authenticates the socket.
            signing_secret=None if socket_mode else settings.signing_secret,
            request_verification_enabled=not socket_mode,
            client=AsyncWebClient(token=settings.bot_token, base_url=settings.web_api_url),
            process_before_response=True,  # listeners only enqueue, so acks stay fast
        )
        self._register()

    async def _decision(self, **payload: Any) -> None:
        await submit_job(BotJob(platform=PLATFORM, kind="decision", payload=payload))

    def _register(self) -> None:
        app = self.app
        app.middleware(self._once)
        app.event("message")(self._on_message)
        app.event("app_mention")(self._on_mention)
        app.event("app_home_opened")(self._on_home_opened)
        app.event("assistant_thread_started")(self._on_assistant_thread)
        app.command("/lineside")(self._on_command)
        app.action(blocks.APPROVE)(self._on_decision)
        app.action(blocks.REJECT)(self._on_decision)
        app.action(blocks.EDIT)(self._on_edit)
        app.view(blocks.EDIT_CALLBACK)(self._on_edit_submitted)
        app.action(re.compile(f"^{blocks.ALERT_ACTION}_\\d+$"))(self._on_alert_action)

    async def _once(self, body: dict[str, Any], next: Any) -> BoltResponse | None:
        """Skip an event Slack delivers again (same event_id): it was handled the first time."""
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not await asyncio.to_thread(
            core.first_time, self.engine, PLATFORM, str(event_id)
        ):
            return BoltResponse(status=200, body="")
        await next()
        return None

    async def _on_message(
        self, event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        # Only direct messages from people: channel messages reach us as app_mention.
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        await self._event_turn(client, event, body, event.get("text", ""))

    async def _on_mention(
        self, event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await self._event_turn(client, event, body, MENTION.sub("", event.get("text", "")))

    async def _event_turn(
        self, client: AsyncWebClient, event: dict[str, Any], body: dict[str, Any], text: str
    ) -> None:
        thread_ts = event.get("thread_ts") or event["ts"]
        await self._turn(client, event["user"], event["channel"], thread_ts, text,
                         body.get("team_id"))  # fmt: skip

    async def _turn(
        self, client: AsyncWebClient, user: str, channel: str, thread_ts: str, text: str,
        team: str | None,
    ) -> None:  # fmt: skip
        """Queue a turn for the Slack user in their thread; an unlinked user is told why not."""
        text = text.strip()
        if not text:
            return
        try:
            actor = await asyncio.to_thread(core.who_is, self.engine, PLATFORM, user)
        except UnknownIdentity as err:
            await client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=str(err))
            return
        with contextlib.suppress(SlackApiError):  # a status exists only in the agent view
            await client.assistant_threads_setStatus(
                channel_id=channel, thread_ts=thread_ts, status=WORKING_STATUS
            )
        reply_to = {"channel": channel, "thread_ts": thread_ts, "user": user, "team": team}
        thread_id = core.thread_id_for(PLATFORM, channel, thread_ts)
        await submit_bot_turn(PLATFORM, actor, thread_id, text, reply_to)

    async def _on_home_opened(self, event: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab") == "messages":
            await self._suggest(client, event["user"], event["channel"], None)

    async def _on_assistant_thread(self, event: dict[str, Any], client: AsyncWebClient) -> None:
        thread = event["assistant_thread"]
        await self._suggest(client, thread["user_id"], thread["channel_id"], thread["thread_ts"])

    async def _suggest(
        self, client: AsyncWebClient, user: str, channel: str, thread_ts: str | None
    ) -> None:
        """Suggested prompts for the user's role; an unlinked user gets the generic ones."""
        try:
            actor = await asyncio.to_thread(core.who_is, self.engine, PLATFORM, user)
            prompts = PROMPTS.get(actor.role, DEFAULT_PROMPTS)
        except UnknownIdentity:
            prompts = DEFAULT_PROMPTS
        # Outside the agent view there is nothing to suggest into: Slack says so, we move on.
        with contextlib.suppress(SlackApiError):
            await client.assistant_threads_setSuggestedPrompts(
                channel_id=channel, thread_ts=thread_ts, title="Ask Lineside",
                prompts=[{"title": t, "message": m} for t, m in prompts[:4]],
            )  # fmt: skip

    async def _on_command(
        self, ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient
    ) -> None:
        text = (command.get("text") or "").strip()
        if not text:
            await ack("Ask me about your plant, e.g. `/lineside what will stop SEAT1 this week?`")
            return
        await ack()
        user, channel = command["user_id"], command["channel_id"]
        # The question, posted, is the root of the thread the answer goes to.
        posted = await client.chat_postMessage(channel=channel, text=f"<@{user}> asked: {text}")
        await self._turn(client, user, channel, str(posted["ts"]), text, command.get("team_id"))

    async def _on_decision(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]
    ) -> None:
        await ack()
        await self._decision(
            user=body["user"]["id"], channel=_channel_of(body),
            proposal_id=action["value"], decision=DECISIONS[action["action_id"]],
        )  # fmt: skip

    async def _on_edit(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        user, channel = body["user"]["id"], _channel_of(body)
        try:
            view = await asyncio.to_thread(core.proposal, self.engine, action["value"])
        except GovernanceError as err:
            await client.chat_postEphemeral(channel=channel, user=user, text=f"Not done: {err}")
            return
        modal = blocks.edit_modal(view, {"channel": channel})
        await client.views_open(trigger_id=body["trigger_id"], view=modal)

    async def _on_edit_submitted(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        view = body["view"]
        meta = json.loads(view["private_metadata"])
        values = view["state"]["values"]
        edited = values["payload"]["value"]["value"] or ""
        try:
            core.edited_payload_from(edited)
        except GovernanceError as err:
            await ack(response_action="errors", errors={"payload": str(err)})
            return
        await ack()
        await self._decision(
            user=body["user"]["id"], channel=meta["channel"],
            proposal_id=meta["proposal_id"], decision="edit", edited=edited,
            comment=(values.get("comment", {}).get("value", {}).get("value") or ""),
        )  # fmt: skip

    async def _on_alert_action(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """A suggested action of an alert asks Lineside, in the alert message's thread."""
        await ack()
        message = body.get("message") or {}
        thread_ts = str(message.get("thread_ts") or message.get("ts"))
        await self._turn(client, body["user"]["id"], _channel_of(body), thread_ts,
                         action["value"], (body.get("team") or {}).get("id"))  # fmt: skip


def _channel_of(body: dict[str, Any]) -> str:
    channel = body.get("channel") or {}
    container = body.get("container") or {}
    return str(channel.get("id") or container.get("channel_id") or body["user"]["id"])
