"""Lineside's one settings class, read from LINESIDE_* environment variables at the edges.

Each part of the product has its own section; a variable is LINESIDE_<SECTION>_<FIELD>
(LINESIDE_LLM_BASE_URL is `llm.base_url`, LINESIDE_RATE_BURST is `rate.burst`). The CLI and
the app factory call `get_settings()` once and pass what each part needs down; code below the
edges takes settings as arguments. To add a section: a `BaseModel` with defaults here and one
field on `Settings`. Slack's and Teams' own variable names (SLACK_BOT_TOKEN, CLIENT_ID ...)
are read too, for what their sections leave empty.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, model_validator
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
    cache: Path = PROJECT_ROOT / ".lineside" / "embeddings"  # the offline model's vectors


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


class ApiSettings(BaseModel):
    """LINESIDE_API_*: how the HTTP service signs users in and protects itself."""

    # OIDC: tokens from any provider (Entra ID, Okta, Keycloak) checked against its JWKS.
    jwt_issuer: str = ""
    jwt_audience: str = ""
    jwks_url: str = ""
    jwt_subject_claim: str = "sub"  # the claim mapped through external_identity (channel api)
    jwt_leeway_s: float = 30.0
    # Demo mode signs tokens with a local key (`lineside users tokens`); created once.
    demo_key_file: Path = PROJECT_ROOT / ".lineside" / "demo-signing-key.pem"
    demo_token_hours: float = 24.0 * 30
    # Protection.
    max_body_bytes: int = Field(default=1_000_000, ge=1024)
    cors_origins: list[str] = Field(default_factory=list)
    # Seconds a busy thread asks the client to wait before trying again (409 Retry-After).
    busy_retry_after_s: int = 2
    # How long a turn waits for the thread's previous turn before answering 409.
    thread_wait_s: float = 0.0
    # A request with an Idempotency-Key still "in flight" after this long was abandoned.
    idempotency_stale_s: float = 300.0
    # Build the agent and load the offline model at start-up, not on the first turn
    # (`lineside serve` turns it on; a worker takes requests only once it is warm).
    warm_up: bool = False
    # How long uvicorn's supervisor waits for a worker's health-check answer before killing it:
    # importing torch and loading the model hold the GIL for seconds on a loaded machine, and
    # uvicorn's 5 s default then killed and restarted workers in a loop.
    worker_healthcheck_s: int = Field(default=120, ge=5)


class ConsoleSettings(BaseModel):
    """LINESIDE_CONSOLE_*: how people sign in to the console."""

    # An OIDC provider (Entra ID, Okta, Keycloak): authorisation code flow with PKCE.
    oidc_authorize_url: str = ""
    oidc_token_url: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    oidc_scope: str = "openid profile email"
    # The demo user picker; on by default, turned off where real sign-in is configured.
    demo_signin: bool = True
    # Cookies only over HTTPS (set it behind TLS).
    secure_cookies: bool = False

    @property
    def oidc(self) -> bool:
        return bool(self.oidc_authorize_url and self.oidc_token_url and self.oidc_client_id)


class QueueSettings(BaseModel):
    """LINESIDE_QUEUE_*: how workers poll and retry."""

    # An outbound message is retried with exponential backoff (2, 4, 8 ... s) this many times.
    send_attempts: int = 8
    send_backoff_base_s: int = 2
    sweep_cron: str = "* * * * * */5"  # every 5 s (croniter: the sixth field is seconds)
    expiry_cron: str = "* * * * *"  # every minute


class SlackSettings(BaseModel):
    """SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN (or LINESIDE_SLACK_*) and
    LINESIDE_SLACK_API_URL, _APPROVER_CHANNELS, _STREAM_OVER."""

    model_config = ConfigDict(populate_by_name=True)

    bot_token: str = ""
    signing_secret: str = ""
    app_token: str = ""  # Socket Mode only
    # The Web API base; tests point it at a local mock.
    api_url: str = "https://slack.com/api/"
    # Plant code -> channel id where that plant's approvers get proposal cards (else DMs).
    approver_channels: dict[str, str] = Field(default_factory=dict)
    # Answers longer than this stream with chat.startStream/appendStream/stopStream.
    stream_over_chars: int = Field(
        default=700, validation_alias=AliasChoices("stream_over_chars", "stream_over")
    )

    @property
    def enabled(self) -> bool:
        return bool(self.bot_token and self.signing_secret)

    @property
    def web_api_url(self) -> str:
        return self.api_url if self.api_url.endswith("/") else self.api_url + "/"


class TeamsSettings(BaseModel):
    """LINESIDE_TEAMS_*: the Teams bot's Entra app registration (CLIENT_ID, CLIENT_SECRET and
    TENANT_ID as the Teams SDK names them) and where its signing keys are looked up."""

    app_id: str = ""
    app_password: str = ""
    tenant_id: str = ""
    # Bot Framework's OpenID metadata (its /keys sibling holds the signing keys) and issuer;
    # the public cloud's by default, a local key server in tests.
    openid_metadata_url: str = "https://login.botframework.com/v1/.well-known/openidconfiguration"
    token_issuer: str = "https://api.botframework.com"
    # Entra's login endpoint, for the bot's own outgoing token (a local stub in tests).
    login_endpoint: str = "https://login.microsoftonline.com"
    # Where proactive messages go (approver and alert 1:1 chats): the Teams connector.
    service_url: str = "https://smba.trafficmanager.net/teams/"
    # Plant code -> channel conversation id where that plant's approvers get cards (else 1:1).
    approver_conversations: dict[str, str] = Field(default_factory=dict)

    @property
    def enabled(self) -> bool:
        return bool(self.app_id)


# A field read from a platform's own variable name -> the (section, field) it fills if empty.
_PLATFORM_NAMES = {
    "slack_bot_token": ("slack", "bot_token"),
    "slack_signing_secret": ("slack", "signing_secret"),
    "slack_app_token": ("slack", "app_token"),
    "teams_client_id": ("teams", "app_id"),
    "teams_client_secret": ("teams", "app_password"),
    "teams_tenant_id": ("teams", "tenant_id"),
}


def _platform_name(variable: str) -> Any:
    return Field(default="", validation_alias=variable, exclude=True, repr=False)


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
    api: ApiSettings = Field(default_factory=ApiSettings)
    console: ConsoleSettings = Field(default_factory=ConsoleSettings)
    queue: QueueSettings = Field(default_factory=QueueSettings)
    slack: SlackSettings = Field(default_factory=SlackSettings)
    teams: TeamsSettings = Field(default_factory=TeamsSettings)

    # LINESIDE_DATA_DIR predates the sections: it sets database.data_dir.
    data_dir: Path | None = Field(default=None, exclude=True)
    # Slack's and Teams' own names, folded into their sections (see _PLATFORM_NAMES).
    slack_bot_token: str = _platform_name("SLACK_BOT_TOKEN")
    slack_signing_secret: str = _platform_name("SLACK_SIGNING_SECRET")
    slack_app_token: str = _platform_name("SLACK_APP_TOKEN")
    teams_client_id: str = _platform_name("CLIENT_ID")
    teams_client_secret: str = _platform_name("CLIENT_SECRET")
    teams_tenant_id: str = _platform_name("TENANT_ID")

    @model_validator(mode="after")
    def _legacy_names(self) -> Settings:
        if self.data_dir is not None:
            self.database = self.database.model_copy(update={"data_dir": self.data_dir})
        for name, (section, field) in _PLATFORM_NAMES.items():
            value, current = getattr(self, name), getattr(self, section)
            if value and not getattr(current, field):
                setattr(self, section, current.model_copy(update={field: value}))
        return self

    @property
    def embeddings_api_key(self) -> str:
        return self.embeddings.api_key or self.llm.api_key


@lru_cache
def get_settings() -> Settings:
    """The environment's settings, read once per process: for the edges (CLI, app factory)."""
    return Settings()
