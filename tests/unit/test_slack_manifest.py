"""The Slack app manifest in the repo asks for what the app handles, at the service's paths."""

from __future__ import annotations

from pathlib import Path

import yaml

import bots.slack

MANIFEST = Path(bots.slack.__file__).parent / "manifest.yaml"


def test_the_manifest_subscribes_to_every_event_the_app_handles() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text())
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert events == {"app_home_opened", "app_mention", "assistant_thread_started", "message.im"}
    assert manifest["settings"]["event_subscriptions"]["request_url"].endswith("/slack/events")
    assert manifest["settings"]["interactivity"]["request_url"].endswith("/slack/interactivity")
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == "/lineside"


def test_the_manifest_grants_the_scopes_the_replies_use() -> None:
    scopes = set(yaml.safe_load(MANIFEST.read_text())["oauth_config"]["scopes"]["bot"])
    # chat.postMessage/update/postEphemeral, files_upload_v2, assistant.threads.*, DMs
    assert {"chat:write", "files:write", "assistant:write", "im:history", "commands"} <= scopes
