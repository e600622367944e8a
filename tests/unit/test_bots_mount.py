"""The bots mount into a FastAPI app only when configured, and refuse unauthenticated calls."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from bots.mount import mount_bots
from domain.settings import SlackSettings, TeamsSettings

ENGINE = create_engine("postgresql+psycopg://nobody@127.0.0.1:9/none")  # never connected to


def test_nothing_is_mounted_without_tokens() -> None:
    app = FastAPI()
    mounted = mount_bots(app, ENGINE, slack=SlackSettings(), teams=TeamsSettings())
    assert mounted.slack is None and mounted.teams is None
    with TestClient(app) as http:
        for path in ("/slack/events", "/slack/interactivity", "/api/messages"):
            assert http.post(path, json={}).status_code == 404


def test_configured_bots_mount_and_refuse_unsigned_requests() -> None:
    app = FastAPI()
    slack = SlackSettings(
        bot_token="xoxb-1", signing_secret="s3cret", api_url="http://127.0.0.1:9/"
    )
    teams = TeamsSettings(app_id="00000000-0000-4000-8000-000000000001")
    mounted = mount_bots(app, ENGINE, slack=slack, teams=teams)
    assert mounted.slack is not None and mounted.teams is not None
    with TestClient(app) as http:
        for path in ("/slack/events", "/slack/interactivity"):
            assert http.post(path, json={"type": "event_callback"}).status_code == 401
        assert http.post("/api/messages", json={"type": "message"}).status_code == 401
        forged = {"Authorization": "Bearer not-a-jwt"}
        assert (
            http.post("/api/messages", json={"type": "message"}, headers=forged).status_code == 401
        )
