"""The service's settings (LINESIDE_API_*): sign-in, limits, CORS; a section of the one Settings."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from domain.settings import PROJECT_ROOT


class ApiSettings(BaseSettings):
    """LINESIDE_API_*: how the HTTP service signs users in and protects itself."""

    model_config = SettingsConfigDict(env_prefix="LINESIDE_API_", extra="ignore")
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


@lru_cache
def api_settings() -> ApiSettings:
    return ApiSettings()
