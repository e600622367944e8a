"""Lineside's one settings class, read from LINESIDE_* environment variables at the edges.

Each part of the product has its own section; a variable is LINESIDE_<SECTION>_<FIELD>
(LINESIDE_LLM_BASE_URL is `llm.base_url`, LINESIDE_RATE_BURST is `rate.burst`). The CLI and
the app factory call `get_settings()` once and pass what each part needs down; code below the
edges takes settings as arguments. To add a section (api, slack, teams, queue...): a
`BaseModel` with defaults here and one field on `Settings`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class DatabaseSettings(BaseModel):
    """LINESIDE_DATABASE_URL / _NAME; the embedded server's directory is LINESIDE_DATA_DIR."""

    # Any PostgreSQL with pgvector; empty means the embedded server in data_dir.
    url: str = ""
    name: str = "lineside"
    data_dir: Path = PROJECT_ROOT / ".pgdata"


class LlmSettings(BaseModel):
    """LINESIDE_LLM_*: the endpoint, and the protocol choices servers differ on."""

    base_url: str = ""
    model: str = ""
    api_key: str = ""
    # Chat Completions is what vLLM, Ollama and llama.cpp speak; OpenAI also has Responses.
    use_responses_api: bool = False
    # auto: ask for parallel tool calls and drop the parameter if the server rejects it.
    parallel_tool_calls: Literal["auto", "on", "off"] = "auto"
    timeout_s: float = 60.0
    max_retries: int = 2

    @property
    def configured(self) -> bool:
        return bool(self.base_url and self.model)


class EmbeddingsSettings(BaseModel):
    """LINESIDE_EMBEDDINGS_*: an OpenAI-compatible endpoint; empty means the offline MiniLM."""

    base_url: str = ""
    model: str = ""
    api_key: str = ""  # empty: the LLM's key


class RateSettings(BaseModel):
    """LINESIDE_RATE_*: per user and tool, a burst of `burst` calls refilled at `per_minute`."""

    burst: int = 30
    per_minute: float = 120.0


class AuditSettings(BaseModel):
    """LINESIDE_AUDIT_*: wait for the WAL flush on every tool-call record (decisions always do)."""

    durable_reads: bool = False


class DemoSettings(BaseModel):
    """LINESIDE_DEMO_MODE: freeze the clock at the loaded dataset's as-of time."""

    mode: bool = True


class Settings(BaseSettings):
    """Every Lineside setting, one section per part."""

    model_config = SettingsConfigDict(
        env_prefix="LINESIDE_", env_nested_delimiter="_", env_nested_max_split=1, extra="ignore"
    )

    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    llm: LlmSettings = Field(default_factory=LlmSettings)
    embeddings: EmbeddingsSettings = Field(default_factory=EmbeddingsSettings)
    rate: RateSettings = Field(default_factory=RateSettings)
    audit: AuditSettings = Field(default_factory=AuditSettings)
    demo: DemoSettings = Field(default_factory=DemoSettings)

    # LINESIDE_DATA_DIR predates the sections: it sets database.data_dir.
    data_dir: Path | None = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def _legacy_data_dir(self) -> Settings:
        if self.data_dir is not None:
            self.database = self.database.model_copy(update={"data_dir": self.data_dir})
        return self

    @property
    def embeddings_api_key(self) -> str:
        return self.embeddings.api_key or self.llm.api_key


@lru_cache
def get_settings() -> Settings:
    """The environment's settings, read once per process: for the edges (CLI, app factory)."""
    return Settings()
