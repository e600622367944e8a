"""Teams through the FastAPI app with token validation on: locally signed activities in, a
recording Bot Connector out."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine

from agent.runner import close_agents
from api.app import create_app
from bots.notify import ChatNotifier
from bots.teams.app import TeamsBot
from domain.alerts.notify import deliver_pending
from domain.events.envelope import parse_event
from domain.events.ingest import ingest
from domain.settings import TeamsSettings
from governance.event_audit import audit_event
from sample_data.meridian.people import teams_id
from tests.support.agent import count, scalar
from tests.support.events import asn_eta
from tests.support.queue_worker import drain_queue
from tests.support.teams_cloud import TeamsCloud, new_key, running_teams_cloud

pytestmark = pytest.mark.integration

APP_ID = "00000000-0000-4000-8000-00000000b075"
TENANT = "11111111-2222-4333-8444-555555555555"
DANA, PRIYA, MORGAN = teams_id("dana.kim"), teams_id("priya.nair"), teams_id("morgan.lee")
DANA_CHAT = "a:dana-kim-1on1"
BOT_API = "https://api.botframework.com"  # the audience of the bot's own outgoing token


@dataclass
class Teams:
    cloud: TeamsCloud
    bot: TeamsBot
    http: TestClient
    engine: Engine

    def activity(self, body: dict[str, Any], token: str | None = None) -> Response:
        token = token if token is not None else self.cloud.token(APP_ID)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.http.post("/api/messages", json=body, headers=headers)

    def base(self, user: str, conversation: str, kind: str, activity_id: str) -> dict[str, Any]:
        return {
            "type": "message",
            "id": activity_id,
            "channelId": "msteams",
            "serviceUrl": self.cloud.service_url,
            "timestamp": "2026-03-02T11:00:00.000Z",
            "from": {"id": f"29:{user}", "aadObjectId": user},
            "recipient": {"id": f"28:{APP_ID}", "name": "Lineside"},
            "conversation": {"id": conversation, "conversationType": kind, "tenantId": TENANT},
            "channelData": {"tenant": {"id": TENANT}},
        }

    def say(self, user: str, text: str, activity_id: str, conversation: str = DANA_CHAT,
            kind: str = "personal", token: str | None = None) -> Response:  # fmt: skip
        return self.activity({**self.base(user, conversation, kind, activity_id), "text": text},
                             token)  # fmt: skip

    def execute(self, user: str, verb: str, data: dict[str, Any], conversation: str) -> Response:
        body = {
            **self.base(user, conversation, "personal", f"invoke-{time.monotonic_ns()}"),
            "type": "invoke",
            "name": "adaptiveCard/action",
            "value": {"action": {"type": "Action.Execute", "verb": verb,
                                 "data": {"action": verb, **data}}, "trigger": "manual"},
        }  # fmt: skip
        return self.activity(body)

    def drain(self) -> None:
        drain_queue(self.http)

    def messages(self, conversation: str | None = None) -> list[dict[str, Any]]:
        sent = [c for c in self.cloud.sent("POST") if c.body.get("type") == "message"]
        return [c.body for c in sent if conversation is None or f"/{conversation}/" in c.path]


@pytest.fixture
def teams(demo_db: Engine) -> Iterator[Teams]:
    with running_teams_cloud() as cloud:
        settings = TeamsSettings(
            app_id=APP_ID, tenant_id=TENANT, openid_metadata_url=cloud.openid_metadata_url,
            service_url=cloud.service_url,
        )  # fmt: skip
        app = create_app(engine=demo_db)
        # As mount_bots does, with the bot's own outgoing token from the local key (no secret).
        bot = TeamsBot(
            demo_db, settings, app, token=lambda scope, tenant=None: cloud.token(BOT_API)
        )
        try:
            with TestClient(app) as http:
                yield Teams(cloud, bot, http, demo_db)
        finally:
            close_agents()


def _card_of(message: dict[str, Any]) -> dict[str, Any]:
    [attachment] = [a for a in message.get("attachments", [])
                    if a["contentType"] == "application/vnd.microsoft.card.adaptive"]  # fmt: skip
    return dict(attachment["content"])


def _proposal_cards(teams: Teams) -> list[tuple[str, dict[str, Any]]]:
    return [
        (c.path, _card_of(c.body))
        for c in teams.cloud.sent("POST")
        if c.body.get("attachments") and "proposal_id" in json.dumps(c.body)
    ]


def test_a_one_to_one_question_is_answered_in_the_chat(teams: Teams) -> None:
    assert teams.say(DANA, "why is PO-7781 risky?", "m1").status_code == 200
    teams.drain()
    sent = [c for c in teams.cloud.sent("POST") if f"/{DANA_CHAT}/" in c.path]
    assert [c.body["type"] for c in sent] == ["typing", "message"]  # a status, then the answer
    answer = sent[-1].body["text"]
    assert "PO-7781" in answer and "Voltaic" in answer and "Sources: `PO-7781/1`" in answer
    assert sent[-1].authorization.startswith("Bearer ey")  # the bot's own token on the way out


@pytest.mark.parametrize("case", ["forged", "no token", "expired", "other audience", "wrong url"])
def test_an_activity_without_a_valid_token_is_refused(teams: Teams, case: str) -> None:
    token = {
        "forged": teams.cloud.token(APP_ID, key=new_key()),
        "no token": "",
        "expired": teams.cloud.token(APP_ID, expires_in=-3600),
        "other audience": teams.cloud.token("someone-elses-bot"),
        "wrong url": teams.cloud.token(APP_ID, service_url="https://evil.example/teams/"),
    }[case]
    response = teams.say(DANA, "why is PO-7781 risky?", f"m-{case}", token=token)
    assert response.status_code == 401
    teams.drain()
    assert teams.cloud.calls == []
    assert count(teams.engine, "SELECT count(*) FROM bots.platform_event") == 0


def test_a_channel_mention_is_answered_in_its_thread(teams: Teams) -> None:
    thread = "19:buyers@thread.tacv2;messageid=1772449100"
    teams.say(DANA, "<at>Lineside</at> why is PO-7781 risky?", "m2", thread, "channel")
    teams.drain()
    [answer] = teams.messages(thread)
    assert "Voltaic" in answer["text"] and "<at>" not in answer["text"]


def test_a_redelivered_activity_is_answered_once(teams: Teams) -> None:
    for _ in range(2):
        assert teams.say(DANA, "why is PO-7781 risky?", "m3").status_code == 200
    teams.drain()
    assert len(teams.messages(DANA_CHAT)) == 1


def test_a_message_from_another_tenant_is_ignored(teams: Teams) -> None:
    body = teams.base(DANA, DANA_CHAT, "personal", "m4")
    body["conversation"]["tenantId"] = "99999999-0000-4000-8000-000000000000"
    body["channelData"] = {"tenant": {"id": "99999999-0000-4000-8000-000000000000"}}
    assert teams.activity({**body, "text": "why is PO-7781 risky?"}).status_code == 200
    teams.drain()
    assert teams.cloud.calls == []


def _propose(teams: Teams) -> str:
    teams.say(DANA, "air-expedite the 600 on PO-7781", "m5")
    teams.drain()
    return str(scalar(teams.engine, "SELECT id FROM governance.action_proposal"))


def test_the_card_reaches_the_requester_and_each_approver(teams: Teams) -> None:
    pid = _propose(teams)
    cards = _proposal_cards(teams)
    chats = sorted(path.split("/")[3] for path, _ in cards)
    assert chats == sorted([DANA_CHAT, f"a:chat-{PRIYA}", f"a:chat-{MORGAN}"])
    card = json.dumps(cards[0][1])
    assert pid in card and "$6,800" in card and "the plant manager, not the requester" in card
    verbs = [a.get("verb") for a in cards[0][1]["actions"]]
    assert verbs == ["approve", None, "reject"]  # Edit is a ShowCard holding its own Execute
    assert cards[0][1]["refresh"]["action"]["verb"] == "refresh"


def test_the_plant_managers_approval_executes_once_and_refreshes_every_card(teams: Teams) -> None:
    pid = _propose(teams)
    teams.cloud.clear()
    first = teams.execute(PRIYA, "approve", {"proposal_id": pid}, f"a:chat-{PRIYA}")
    again = teams.execute(PRIYA, "approve", {"proposal_id": pid}, f"a:chat-{PRIYA}")
    teams.drain()
    assert first.status_code == 200
    decided = first.json()
    assert decided["type"] == "application/vnd.microsoft.card.adaptive"
    shown = json.dumps(decided["value"])
    assert "by priya.nair at Mon 2026-03-02 06:00 EST" in shown and '"approve"' not in shown
    assert "already executed by priya.nair" in again.json()["value"]
    assert scalar(teams.engine, "SELECT status FROM governance.action_proposal") == "executed"
    assert count(teams.engine, "SELECT count(*) FROM governance.proposal_decision") == 1
    updates = teams.cloud.sent("PUT")
    assert len(updates) == 3
    assert all("by priya.nair" in json.dumps(u.body) for u in updates)
    [report] = teams.messages(DANA_CHAT)
    assert "approved by priya.nair and executed" in report["text"]


def test_a_click_by_the_requester_is_refused_and_changes_nothing(teams: Teams) -> None:
    pid = _propose(teams)
    teams.cloud.clear()
    response = teams.execute(DANA, "approve", {"proposal_id": pid}, DANA_CHAT)
    teams.drain()
    refusal = response.json()
    assert refusal["type"] == "application/vnd.microsoft.activity.message"
    assert "Four-eyes" in refusal["value"]
    assert scalar(teams.engine, "SELECT status FROM governance.action_proposal") == "pending"
    assert teams.cloud.calls == []


def test_a_refresh_shows_the_card_as_it_is_now(teams: Teams) -> None:
    pid = _propose(teams)
    teams.execute(PRIYA, "reject", {"proposal_id": pid, "comment": "use the boat"},
                  f"a:chat-{PRIYA}")  # fmt: skip
    teams.drain()
    seen = teams.execute(MORGAN, "refresh", {"proposal_id": pid}, f"a:chat-{MORGAN}").json()
    assert "Rejected by priya.nair" in json.dumps(seen["value"])
    assert "use the boat" in json.dumps(seen["value"])


def test_a_ranking_question_comes_with_a_chart(teams: Teams) -> None:
    teams.say(DANA, "supplier OTIF by supplier last quarter", "m6")
    teams.drain()
    [answer] = teams.messages(DANA_CHAT)
    [image] = [b for b in _card_of(answer)["body"] if b["type"] == "Image"]
    assert image["url"].startswith("data:image/png;base64,iVBOR")


def test_an_alert_reaches_its_owner_proactively(teams: Teams) -> None:
    # The Toledo hold gets longer: events raise a shortage alert owned by Dana, the buyer.
    ingest(teams.engine, [parse_event(asn_eta("2026-03-05T16:00:00Z", "asn-late"))], audit_event)
    assert deliver_pending(teams.engine, [ChatNotifier("teams")]) >= 1
    chat = f"a:chat-{DANA}"
    [created] = [c for c in teams.cloud.calls
                 if c.path.rstrip("/").endswith("/v3/conversations")
                 and c.body["members"] == [{"id": DANA}]]  # fmt: skip
    assert created.body["tenantId"] == TENANT
    [message] = teams.messages(chat)
    card = _card_of(message)
    assert "F-2200" in json.dumps(card) and card["actions"][0]["verb"] == "alert_action"
    teams.cloud.clear()
    pressed = teams.execute(DANA, "alert_action", card["actions"][0]["data"], chat)
    assert pressed.status_code == 200
    teams.drain()
    # "Draft an escalation to Polyform ...": answered in the alert's chat.
    answers = [m["text"] for m in teams.messages(chat) if m.get("text")]
    assert answers and "Polyform" in answers[0]
