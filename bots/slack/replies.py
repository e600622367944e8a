"""The Slack work done after the ack: run the turn, answer in the thread, cards, decisions."""

from __future__ import annotations

import logging
from typing import Any, Final

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine

from agent.runner import TurnResult
from bots import core
from bots.core import BotAnswer, CardCopy
from bots.jobs import BotJob
from bots.slack import blocks
from domain.alerts.notify import AlertNotice
from domain.settings import SlackSettings, get_settings
from governance.errors import GovernanceError
from governance.proposals import ProposalView

log = logging.getLogger(__name__)
PLATFORM: Final = "slack"


def slack_thread(thread_id: str | None) -> tuple[str, str] | None:
    """(channel, thread_ts) of an agent thread that started in Slack."""
    if not thread_id or not thread_id.startswith(PLATFORM + ":"):
        return None
    _, channel, ts = thread_id.split(":", 2)
    return channel, ts


class SlackReplies:
    """Slack's worker side: everything here may take longer than Slack's 3 s."""

    def __init__(self, engine: Engine, settings: SlackSettings) -> None:
        self.engine = engine
        self.settings = settings
        self.client = WebClient(token=settings.bot_token, base_url=settings.web_api_url)

    @classmethod
    def from_environment(cls, engine: Engine) -> SlackReplies:
        return cls(engine, get_settings().slack)

    def handle(self, job: BotJob) -> None:
        p = job.payload
        self.decide(p["user"], p["channel"], p["proposal_id"], p["decision"],
                    p.get("comment", ""), p.get("edited"))  # fmt: skip

    # --- a finished turn ----------------------------------------------------------------------

    def deliver(self, result: TurnResult, reply_to: dict[str, Any]) -> None:
        """Answer in the Slack thread the question came from, with its charts and cards."""
        channel, thread_ts = reply_to["channel"], reply_to["thread_ts"]
        self.status(channel, thread_ts, "")
        answer = core.answer_from(self.engine, result)
        self._post_answer(answer, channel, thread_ts, reply_to["user"], reply_to.get("team"))
        for chart in answer.charts:
            self.client.files_upload_v2(
                channel=channel, thread_ts=thread_ts, content=chart.png,
                filename="lineside-kpi.png", title=chart.title,
            )  # fmt: skip
        for view in answer.proposals:
            self.post_card(view, channel, thread_ts)

    def status(self, channel: str, thread_ts: str, status: str) -> None:
        """The "is thinking" line of the agent view; other conversations have none."""
        try:
            self.client.assistant_threads_setStatus(
                channel_id=channel, thread_ts=thread_ts, status=status
            )
        except SlackApiError as err:
            log.debug("no thread status in %s: %s", channel, err.response.get("error"))

    def _post_answer(
        self, answer: BotAnswer, channel: str, thread_ts: str, user: str, team: str | None
    ) -> None:
        """Stream a long answer where Slack allows it (DMs and the agent view), else post once."""
        answer_blocks = blocks.answer_blocks(answer)
        if len(answer.text) > self.settings.stream_over_chars and channel.startswith("D"):
            try:
                self._stream(answer, channel, thread_ts, user, team)
                return
            except SlackApiError as err:
                log.info("streaming refused (%s); posting once", err.response.get("error"))
        self.client.chat_postMessage(
            channel=channel, thread_ts=thread_ts, text=answer.text[:3000], blocks=answer_blocks
        )

    def _stream(
        self, answer: BotAnswer, channel: str, thread_ts: str, user: str, team: str | None
    ) -> None:
        streamer = self.client.chat_stream(
            channel=channel, thread_ts=thread_ts, recipient_user_id=user, recipient_team_id=team
        )
        for paragraph in answer.text.split("\n\n"):
            streamer.append(markdown_text=paragraph + "\n\n")
        source = blocks.sources_block(answer.sources)
        streamer.stop(blocks=[source] if source else None)

    # --- proposal cards -----------------------------------------------------------------------

    def post_card(self, view: ProposalView, channel: str, thread_ts: str) -> None:
        """The card in the requester's thread, and to the approvers (plant channel, else DMs)."""
        self._post_copy(view, channel, thread_ts)
        plant_channel = self.settings.approver_channels.get(view.plant_code)
        if plant_channel:
            self._post_copy(view, plant_channel, None)
            return
        for approver in core.approvers_for(self.engine, view):
            slack_user = core.external_id_of(self.engine, PLATFORM, approver.username)
            if slack_user:
                self._post_copy(view, slack_user, None)

    def _post_copy(self, view: ProposalView, channel: str, thread_ts: str | None) -> None:
        kwargs: dict[str, Any] = {"thread_ts": thread_ts} if thread_ts else {}
        tz = core.plant_timezone(self.engine, view.plant_code)
        posted = self.client.chat_postMessage(
            channel=channel, text=blocks.card_fallback(view, tz),
            blocks=blocks.proposal_card(view, tz), **kwargs,
        )  # fmt: skip
        copy = CardCopy(conversation=str(posted["channel"]), message_id=str(posted["ts"]))
        core.record_card(self.engine, view.id, PLATFORM, copy)

    def refresh_cards(self, view: ProposalView) -> None:
        """Every copy of the card now shows who decided and when, without buttons."""
        tz = core.plant_timezone(self.engine, view.plant_code)
        for copy in core.card_copies(self.engine, view.id, PLATFORM):
            self.client.chat_update(
                channel=copy.conversation, ts=copy.message_id,
                text=blocks.card_fallback(view, tz), blocks=blocks.proposal_card(view, tz),
            )  # fmt: skip

    # --- a click on a card ----------------------------------------------------------------

    def decide(
        self,
        user: str,
        channel: str,
        proposal_id: str,
        decision: str,
        comment: str,
        edited: str | None,
    ) -> None:
        """Decide through governance as the clicker; a refusal is told to them alone."""
        try:
            actor = core.who_is(self.engine, PLATFORM, user)
            payload = core.edited_payload_from(edited) if edited is not None else None
            outcome = core.decide_from_chat(
                self.engine, actor, proposal_id, core.as_decision(decision), PLATFORM,
                comment=comment, edited_payload=payload,
            )  # fmt: skip
        except GovernanceError as err:
            self.client.chat_postEphemeral(channel=channel, user=user, text=f"Not done: {err}")
            return
        self.refresh_cards(outcome.proposal)
        report = outcome.thread_message
        origin = slack_thread(outcome.thread_id)
        if origin and report:
            self.client.chat_postMessage(
                channel=origin[0], thread_ts=origin[1], text=report,
                blocks=blocks.answer_blocks(BotAnswer(thread_id="", text=report)),
            )  # fmt: skip

    # --- alerts -------------------------------------------------------------------------------

    def notify(self, notice: AlertNotice) -> None:
        """A DM to the alert's recipient with its suggested actions, once per delivery.

        Raises when Slack refuses, so the delivery is retried (and then posted)."""
        owner = core.external_id_of(self.engine, PLATFORM, notice.recipient)
        seen = f"alert-delivery:{notice.delivery_id}"
        if owner is None or not core.first_time(self.engine, PLATFORM, seen):
            return
        try:
            self.client.chat_postMessage(
                channel=owner, text=f"{notice.subject}: {core.alert_text(notice)}"[:3000],
                blocks=blocks.alert_blocks(notice),
            )  # fmt: skip
        except Exception:
            core.forget(self.engine, PLATFORM, seen)
            raise
