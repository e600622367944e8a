"""One settings class: every LINESIDE_* variable the README names lands in its section."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.settings import PROJECT_ROOT, LlmSettings, Settings

ENVIRONMENT = {
    "LINESIDE_DATABASE_URL": "postgresql+psycopg://u:p@db:5432/plant",
    "LINESIDE_DATABASE_NAME": "plant",
    "LINESIDE_DATA_DIR": "/srv/lineside/pgdata",
    "LINESIDE_DEMO_MODE": "false",
    "LINESIDE_LLM_BASE_URL": "http://vllm:8000/v1",
    "LINESIDE_LLM_MODEL": "qwen",
    "LINESIDE_LLM_API_KEY": "sk-llm",
    "LINESIDE_LLM_USE_RESPONSES_API": "true",
    "LINESIDE_LLM_PARALLEL_TOOL_CALLS": "off",
    "LINESIDE_LLM_TIMEOUT_S": "12.5",
    "LINESIDE_LLM_MAX_RETRIES": "5",
    "LINESIDE_EMBEDDINGS_BASE_URL": "http://tei:80/v1",
    "LINESIDE_EMBEDDINGS_MODEL": "minilm",
    "LINESIDE_EMBEDDINGS_CACHE": "/srv/lineside/vectors",
    "LINESIDE_RATE_BURST": "7",
    "LINESIDE_RATE_PER_MINUTE": "30",
    "LINESIDE_AUDIT_DURABLE_READS": "1",
    "LINESIDE_API_JWT_ISSUER": "https://login.example.com",
    "LINESIDE_API_JWT_LEEWAY_S": "5",
    "LINESIDE_API_CORS_ORIGINS": '["https://ops.example.com"]',
    "LINESIDE_API_MAX_BODY_BYTES": "2048",
    "LINESIDE_API_DEMO_KEY_FILE": "/srv/lineside/key.pem",
    "LINESIDE_CONSOLE_OIDC_AUTHORIZE_URL": "https://login.example.com/authorize",
    "LINESIDE_CONSOLE_OIDC_TOKEN_URL": "https://login.example.com/token",
    "LINESIDE_CONSOLE_OIDC_CLIENT_ID": "console",
    "LINESIDE_CONSOLE_DEMO_SIGNIN": "false",
    "LINESIDE_QUEUE_SEND_ATTEMPTS": "3",
    "LINESIDE_QUEUE_EXPIRY_CRON": "*/2 * * * *",
    "SLACK_BOT_TOKEN": "xoxb-1",
    "SLACK_SIGNING_SECRET": "shh",
    "LINESIDE_SLACK_API_URL": "http://slack.local/api",
    "LINESIDE_SLACK_APPROVER_CHANNELS": '{"LKS": "C123"}',
    "LINESIDE_SLACK_STREAM_OVER": "900",
    "LINESIDE_TEAMS_APP_ID": "app-1",
    "CLIENT_SECRET": "teams-secret",
    "TENANT_ID": "tenant-sdk",
    "LINESIDE_TEAMS_TENANT_ID": "tenant-lineside",
    "LINESIDE_TEAMS_APPROVER_CONVERSATIONS": '{"LKS": "19:abc"}',
}


def test_every_variable_reaches_its_section(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    s = Settings()
    assert (s.database.url, s.database.name) == (ENVIRONMENT["LINESIDE_DATABASE_URL"], "plant")
    assert s.database.data_dir == Path("/srv/lineside/pgdata")
    assert s.demo.mode is False
    assert (s.llm.base_url, s.llm.model, s.llm.api_key) == ("http://vllm:8000/v1", "qwen", "sk-llm")
    assert (s.llm.use_responses_api, s.llm.parallel_tool_calls) == (True, "off")
    assert (s.llm.timeout_s, s.llm.max_retries) == (12.5, 5) and s.llm.configured
    assert (s.embeddings.base_url, s.embeddings.model) == ("http://tei:80/v1", "minilm")
    assert s.embeddings_api_key == "sk-llm"  # no embeddings key: the LLM's
    assert s.embeddings.cache == Path("/srv/lineside/vectors")
    assert (s.rate.burst, s.rate.per_minute) == (7, 30.0)
    assert s.audit.durable_reads is True
    assert (s.api.jwt_issuer, s.api.jwt_leeway_s) == ("https://login.example.com", 5.0)
    assert (s.api.cors_origins, s.api.max_body_bytes) == (["https://ops.example.com"], 2048)
    assert s.api.demo_key_file == Path("/srv/lineside/key.pem")
    assert s.console.oidc and s.console.oidc_client_id == "console" and not s.console.demo_signin
    assert (s.queue.send_attempts, s.queue.expiry_cron) == (3, "*/2 * * * *")
    assert s.slack.enabled and (s.slack.bot_token, s.slack.signing_secret) == ("xoxb-1", "shh")
    assert s.slack.web_api_url == "http://slack.local/api/"
    assert (s.slack.approver_channels, s.slack.stream_over_chars) == ({"LKS": "C123"}, 900)
    assert s.teams.enabled and (s.teams.app_id, s.teams.app_password) == ("app-1", "teams-secret")
    assert s.teams.tenant_id == "tenant-lineside"  # Lineside's own name wins over the SDK's
    assert s.teams.approver_conversations == {"LKS": "19:abc"}


def test_the_platforms_own_names_are_not_settings_of_their_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CLIENT_ID", "from-the-teams-sdk")
    s = Settings()
    assert s.teams.app_id == "from-the-teams-sdk"
    assert "teams_client_id" not in s.model_dump()


def test_defaults_are_the_embedded_offline_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    s = Settings()
    assert s.database.url == "" and s.database.name == "lineside"
    assert s.database.data_dir == PROJECT_ROOT / ".pgdata"
    assert s.demo.mode is True and not s.llm.configured
    assert (s.rate.burst, s.rate.per_minute, s.audit.durable_reads) == (30, 120.0, False)
    assert not s.slack.enabled and not s.teams.enabled and s.console.demo_signin
    assert (s.queue.send_attempts, s.api.busy_retry_after_s) == (8, 2)


def test_a_section_passed_in_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINESIDE_LLM_MODEL", "from-env")
    s = Settings(llm=LlmSettings(base_url="http://local", model="passed-in"))
    assert s.llm.model == "passed-in" and s.llm.base_url == "http://local"


def test_a_malformed_value_names_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINESIDE_RATE_BURST", "lots")
    with pytest.raises(ValueError, match="rate.burst"):
        Settings()
