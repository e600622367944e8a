"""The console's settings (LINESIDE_CONSOLE_*): how people sign in."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class ConsoleSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LINESIDE_CONSOLE_", extra="ignore")

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
