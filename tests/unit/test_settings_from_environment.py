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
    "LINESIDE_RATE_BURST": "7",
    "LINESIDE_RATE_PER_MINUTE": "30",
    "LINESIDE_AUDIT_DURABLE_READS": "1",
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
    assert (s.rate.burst, s.rate.per_minute) == (7, 30.0)
    assert s.audit.durable_reads is True


def test_defaults_are_the_embedded_offline_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    s = Settings()
    assert s.database.url == "" and s.database.name == "lineside"
    assert s.database.data_dir == PROJECT_ROOT / ".pgdata"
    assert s.demo.mode is True and not s.llm.configured
    assert (s.rate.burst, s.rate.per_minute, s.audit.durable_reads) == (30, 120.0, False)


def test_a_section_passed_in_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINESIDE_LLM_MODEL", "from-env")
    s = Settings(llm=LlmSettings(base_url="http://local", model="passed-in"))
    assert s.llm.model == "passed-in" and s.llm.base_url == "http://local"


def test_a_malformed_value_names_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINESIDE_RATE_BURST", "lots")
    with pytest.raises(ValueError, match="rate.burst"):
        Settings()
