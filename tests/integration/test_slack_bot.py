"""Slack through the FastAPI app: real signed requests in, a local Slack Web API mock out."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine

from agent.runner import close_agents
from api.app import create_app
from bots.notify import ChatNotifier
from bots.slack.app import SlackBot
from domain.alerts.notify import deliver_pending
from domain.events.envelope import parse_event
from domain.events.ingest import ingest
from governance.event_audit import audit_event
from sample_data.meridian.people import slack_id
from tests.support.agent import count, scalar
from tests.support.events import asn_eta
from tests.support.queue_worker import drain_queue
from tests.support.slack_api import TEAM, SlackApiMock, running_slack_api, signed_headers

pytestmark = pytest.mark.integration

SECRET = "test-signing-secret-0123456789abcdef"
DANA, PRIYA, MORGAN = slack_id("dana.kim"), slack_id("priya.nair"), slack_id("morgan.lee")
DANA_DM = "D0DANAKIM"


@dataclass
class Slack:
    api: SlackApiMock
    bot: SlackBot
    http: TestClient
    engine: Engine

    def event(self, event: dict[str, Any], event_id: str, **headers: str) -> Response:
        body = json.dumps({"type": "event_callback", "team_id": TEAM, "event_id": event_id,
                           "event_time": int(time.time()), "event": event})  # fmt: skip
        signed = signed_headers(SECRET, body, content_type="application/json")
        return self.http.post("/slack/events", content=body, headers={**signed, **headers})

    def dm(self, user: str, text: str, ts: str, event_id: str) -> Response:
        event = {"type": "message", "channel_type": "im", "channel": f"D{user[1:]}",
                 "user": user, "text": text, "ts": ts}  # fmt: skip
        return self.event(event, event_id)

    def interact(self, payload: dict[str, Any]) -> Response:
        body = urlencode({"payload": json.dumps(payload)})
        signed = signed_headers(SECRET, body, content_type="application/x-www-form-urlencoded")
        return self.http.post("/slack/interactivity", content=body, headers=signed)

    def click(self, user: str, action_id: str, value: str, channel: str, ts: str) -> Response:
        return self.interact(
            {
                "type": "block_actions",
                "team": {"id": TEAM},
                "user": {"id": user},
                "channel": {"id": channel},
                "container": {"type": "message", "channel_id": channel, "message_ts": ts},
                "message": {"ts": ts},
                "trigger_id": "1.2.3",
                "actions": [
                    {"action_id": action_id, "value": value, "type": "button", "block_id": "b"}
                ],  # fmt: skip
            }
        )

    def drain(self) -> None:
        drain_queue(self.http)

    def posts(self) -> list[dict[str, Any]]:
        return self.api.named("chat.postMessage")


@pytest.fixture
def slack(demo_db: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Slack]:
    """The service's app with Slack configured the way a deployment does: by environment."""
    with running_slack_api() as api:
        for name, value in (("SLACK_BOT_TOKEN", "xoxb-test"), ("SLACK_SIGNING_SECRET", SECRET),
                            ("LINESIDE_SLACK_API_URL", api.url)):  # fmt: skip
            monkeypatch.setenv(name, value)
        app = create_app(engine=demo_db)
        try:
            with TestClient(app) as http:
                yield Slack(api, app.state.bots.slack, http, demo_db)
        finally:
            close_agents()


def _texts(blocks: list[dict[str, Any]]) -> str:
    """Every text of a message's blocks, joined (what a reader of the message sees)."""
    return json.dumps(blocks, ensure_ascii=False)


def test_a_dm_question_is_answered_in_its_thread(slack: Slack) -> None:
    response = slack.dm(DANA, "why is PO-7781 risky?", "1772449100.000100", "Ev001")
    assert response.status_code == 200
    slack.drain()
    [answer] = slack.posts()
    assert answer["channel"] == DANA_DM and answer["thread_ts"] == "1772449100.000100"
    shown = _texts(answer["blocks"])
    assert "PO-7781" in shown and "Voltaic" in shown
    assert "Sources:" in shown and "`PO-7781/1`" in shown  # the sources, as their own block
    statuses = slack.api.named("assistant.threads.setStatus")
    assert statuses[0]["status"] and statuses[-1]["status"] == ""  # working, then cleared


def test_a_follow_up_in_the_same_slack_thread_keeps_the_agent_thread(slack: Slack) -> None:
    slack.dm(DANA, "why is PO-7781 risky?", "1772449100.000200", "Ev010")
    thread_reply = {"type": "message", "channel_type": "im", "channel": DANA_DM, "user": DANA,
                    "text": "air-expedite the 600", "ts": "1772449100.000300",
                    "thread_ts": "1772449100.000200"}  # fmt: skip
    slack.event(thread_reply, "Ev011")
    slack.drain()
    cards = [p for p in slack.posts() if "proposal_approve" in json.dumps(p.get("blocks"))]
    assert cards and cards[0]["thread_ts"] == "1772449100.000200"
    thread = scalar(slack.engine, "SELECT thread_id FROM governance.action_proposal")
    assert thread == f"slack:{DANA_DM}:1772449100.000200"


@pytest.mark.parametrize("case", ["bad signature", "stale timestamp", "unsigned"])
def test_a_bad_or_stale_signature_is_refused_and_nothing_runs(slack: Slack, case: str) -> None:
    body = json.dumps({"type": "event_callback", "team_id": TEAM, "event_id": "Ev002",
                       "event": {"type": "message", "channel_type": "im", "channel": DANA_DM,
                                 "user": DANA, "text": "why is PO-7781 risky?",
                                 "ts": "1772449100.000400"}})  # fmt: skip
    headers = {
        "bad signature": signed_headers("not-the-secret", body, content_type="application/json"),
        "stale timestamp": signed_headers(SECRET, body, content_type="application/json",
                                          at=time.time() - 600),
        "unsigned": {"Content-Type": "application/json"},
    }[case]  # fmt: skip
    response = slack.http.post("/slack/events", content=body, headers=headers)
    assert response.status_code == 401
    slack.drain()
    assert slack.posts() == []
    assert count(slack.engine, "SELECT count(*) FROM bots.platform_event") == 0


def test_a_retried_event_is_handled_once(slack: Slack) -> None:
    first = slack.dm(DANA, "why is PO-7781 risky?", "1772449100.000500", "Ev003")
    event = {"type": "message", "channel_type": "im", "channel": DANA_DM, "user": DANA,
             "text": "why is PO-7781 risky?", "ts": "1772449100.000500"}  # fmt: skip
    retry = slack.event(event, "Ev003", **{"X-Slack-Retry-Num": "1",
                                           "X-Slack-Retry-Reason": "http_timeout"})  # fmt: skip
    assert first.status_code == retry.status_code == 200
    slack.drain()
    assert len(slack.posts()) == 1
    assert count(slack.engine, "SELECT count(*) FROM bots.platform_event") == 1


def _propose_expedite(slack: Slack) -> tuple[str, list[dict[str, Any]]]:
    """Dana asks for the $6,800 air expedite; the proposal id and every card posted."""
    slack.dm(DANA, "air-expedite the 600 on PO-7781", "1772449100.000600", "Ev004")
    slack.drain()
    cards = [p for p in slack.posts() if "proposal_approve" in json.dumps(p.get("blocks"))]
    pid = scalar(slack.engine, "SELECT id FROM governance.action_proposal")
    return str(pid), cards


def test_a_proposal_card_reaches_the_requester_thread_and_each_approver(slack: Slack) -> None:
    pid, cards = _propose_expedite(slack)
    where = sorted((c["channel"], c.get("thread_ts")) for c in cards)
    # Dana's thread, and a DM to each person who may approve $6,800 at LKS (not Dana).
    assert where == sorted([(DANA_DM, "1772449100.000600"), (PRIYA, None), (MORGAN, None)])
    card = _texts(cards[0]["blocks"])
    assert pid in card and "$6,800" in card and "the plant manager, not the requester" in card
    assert count(slack.engine, "SELECT count(*) FROM bots.card_copy WHERE proposal_id = :p",
                 p=pid) == 3  # fmt: skip


def test_the_plant_managers_approval_executes_once_and_updates_every_card(slack: Slack) -> None:
    pid, _ = _propose_expedite(slack)
    slack.api.clear()
    for _ in range(2):  # a double click
        assert slack.click(PRIYA, "proposal_approve", pid, "D0PRIYANAIR", "1.1").status_code == 200
    slack.drain()
    assert scalar(slack.engine, "SELECT status FROM governance.action_proposal") == "executed"
    assert count(slack.engine, "SELECT count(*) FROM governance.proposal_decision") == 1
    updates = slack.api.named("chat.update")
    assert len(updates) == 3  # Dana's thread, Priya's DM, Morgan's DM
    for update in updates:
        shown = _texts(update["blocks"])
        assert "by priya.nair at Mon 2026-03-02 06:00 EST" in shown
        assert "proposal_approve" not in shown
    [told] = slack.api.named("chat.postEphemeral")  # the second click
    assert told["user"] == PRIYA and "already executed by priya.nair" in told["text"]
    reports = [p for p in slack.posts() if p.get("thread_ts") == "1772449100.000600"]
    assert reports and "approved by priya.nair and executed" in reports[0]["text"]


def test_a_click_by_the_requester_is_refused_and_changes_nothing(slack: Slack) -> None:
    pid, _ = _propose_expedite(slack)
    slack.api.clear()
    slack.click(DANA, "proposal_approve", pid, DANA_DM, "1772449100.000601")
    slack.drain()
    [told] = slack.api.named("chat.postEphemeral")
    assert told["user"] == DANA and told["channel"] == DANA_DM and "Four-eyes" in told["text"]
    assert scalar(slack.engine, "SELECT status FROM governance.action_proposal") == "pending"
    assert slack.api.named("chat.update") == [] and slack.posts() == []


def test_an_unlinked_slack_user_cannot_decide(slack: Slack) -> None:
    pid, _ = _propose_expedite(slack)
    slack.api.clear()
    slack.click("U0STRANGER", "proposal_reject", pid, "D0STRANGER", "1.1")
    slack.drain()
    [told] = slack.api.named("chat.postEphemeral")
    assert "not mapped to a Lineside user" in told["text"]
    assert scalar(slack.engine, "SELECT status FROM governance.action_proposal") == "pending"


def test_a_ranking_question_comes_with_a_chart(slack: Slack) -> None:
    slack.dm(DANA, "supplier OTIF by supplier last quarter", "1772449100.000700", "Ev005")
    slack.drain()
    [upload] = slack.api.named("upload")
    assert upload["head"].startswith(b"\x89PNG") and upload["bytes"] > 5000
    [done] = slack.api.named("files.completeUploadExternal")
    assert done["channel_id"] == DANA_DM and done["thread_ts"] == "1772449100.000700"


def test_an_alert_reaches_its_owner_and_its_button_asks_lineside(slack: Slack) -> None:
    # The Toledo hold gets longer: events raise a shortage alert owned by Dana, the buyer.
    ingest(slack.engine, [parse_event(asn_eta("2026-03-05T16:00:00Z", "asn-late"))], audit_event)
    notifier = ChatNotifier("slack")
    assert deliver_pending(slack.engine, [notifier]) >= 1
    assert deliver_pending(slack.engine, [notifier]) == 0  # delivered once
    [dm] = [p for p in slack.posts() if p["channel"] == DANA]
    shown = _texts(dm["blocks"])
    assert "F-2200" in shown and "alert_action_0" in shown
    ts = slack.api.answers("chat.postMessage")[0]["ts"]
    button = next(b for b in dm["blocks"] if b["type"] == "actions")["elements"][0]
    slack.click(DANA, button["action_id"], button["value"], DANA_DM, ts)
    slack.drain()
    # "Draft an escalation to Polyform ...": answered in the alert's thread, with its card.
    in_thread = [p for p in slack.posts() if p.get("thread_ts") == ts]
    assert in_thread and all(p["channel"] == DANA_DM for p in in_thread)
    assert "Polyform" in _texts(in_thread[0]["blocks"])


def test_opening_the_messages_tab_suggests_prompts_for_the_role(slack: Slack) -> None:
    opened = {"type": "app_home_opened", "user": PRIYA, "channel": "D0PRIYANAIR",
              "tab": "messages"}  # fmt: skip
    assert slack.event(opened, "Ev006").status_code == 200
    [suggested] = slack.api.named("assistant.threads.setSuggestedPrompts")
    assert suggested["channel_id"] == "D0PRIYANAIR"
    assert "what needs my approval?" in [p["message"] for p in suggested["prompts"]]


def test_the_slash_command_answers_in_a_thread_of_its_own(slack: Slack) -> None:
    body = urlencode({"command": "/lineside", "text": "why is PO-7781 risky?", "user_id": DANA,
                      "channel_id": "C0BUYERS", "team_id": TEAM, "trigger_id": "1.2"})  # fmt: skip
    signed = signed_headers(SECRET, body, content_type="application/x-www-form-urlencoded")
    assert slack.http.post("/slack/events", content=body, headers=signed).status_code == 200
    slack.drain()
    question, answer = slack.posts()
    assert question["channel"] == "C0BUYERS" and "why is PO-7781 risky?" in question["text"]
    assert answer["thread_ts"] == slack.api.answers("chat.postMessage")[0]["ts"]


def test_a_long_answer_streams_where_allowed_else_posts_once(slack: Slack) -> None:
    slack.bot.settings.stream_over_chars = 50
    slack.dm(DANA, "why is PO-7781 risky?", "1772449100.000800", "Ev007")
    slack.drain()
    assert slack.api.named("chat.startStream") and slack.api.named("chat.stopStream")
    assert slack.posts() == []
    slack.api.refuse["chat.startStream"] = "feature_not_enabled"
    slack.dm(DANA, "why is PO-7781 risky?", "1772449100.000900", "Ev008")
    slack.drain()
    [posted] = slack.posts()
    assert posted["thread_ts"] == "1772449100.000900"
