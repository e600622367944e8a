"""Settings of the Slack and Teams front ends, by the platforms' own names where they have one."""

from __future__ import annotations

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class SlackSettings(BaseSettings):
    """SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN and LINESIDE_SLACK_*."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    bot_token: str = Field(default="", validation_alias="SLACK_BOT_TOKEN")
    signing_secret: str = Field(default="", validation_alias="SLACK_SIGNING_SECRET")
    app_token: str = Field(default="", validation_alias="SLACK_APP_TOKEN")  # Socket Mode only
    # The Web API base; tests point it at a local mock.
    api_url: str = Field(
        default="https://slack.com/api/", validation_alias="LINESIDE_SLACK_API_URL"
    )
    # Plant code -> channel id where that plant's approvers get proposal cards (else DMs).
    approver_channels: dict[str, str] = Field(
        default_factory=dict, validation_alias="LINESIDE_SLACK_APPROVER_CHANNELS"
    )
    # Answers longer than this stream with chat.startStream/appendStream/stopStream.
    stream_over_chars: int = Field(default=700, validation_alias="LINESIDE_SLACK_STREAM_OVER")

    @property
    def enabled(self) -> bool:
        return bool(self.bot_token and self.signing_secret)

    @property
    def web_api_url(self) -> str:
        return self.api_url if self.api_url.endswith("/") else self.api_url + "/"


class TeamsSettings(BaseSettings):
    """The Teams bot's Entra app registration and where its signing keys are looked up."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    app_id: str = Field(
        default="", validation_alias=AliasChoices("LINESIDE_TEAMS_APP_ID", "CLIENT_ID")
    )
    app_password: str = Field(
        default="", validation_alias=AliasChoices("LINESIDE_TEAMS_APP_PASSWORD", "CLIENT_SECRET")
    )
    tenant_id: str = Field(
        default="", validation_alias=AliasChoices("LINESIDE_TEAMS_TENANT_ID", "TENANT_ID")
    )
    # Bot Framework's OpenID metadata (its /keys sibling holds the signing keys) and issuer;
    # the public cloud's by default, a local key server in tests.
    openid_metadata_url: str = Field(
        default="https://login.botframework.com/v1/.well-known/openidconfiguration",
        validation_alias="LINESIDE_TEAMS_OPENID_METADATA_URL",
    )
    token_issuer: str = Field(
        default="https://api.botframework.com", validation_alias="LINESIDE_TEAMS_TOKEN_ISSUER"
    )
    # Entra's login endpoint, for the bot's own outgoing token (a local stub in tests).
    login_endpoint: str = Field(
        default="https://login.microsoftonline.com",
        validation_alias="LINESIDE_TEAMS_LOGIN_ENDPOINT",
    )

    # Where proactive messages go (approver and alert 1:1 chats): the Teams connector.
    service_url: str = Field(
        default="https://smba.trafficmanager.net/teams/",
        validation_alias="LINESIDE_TEAMS_SERVICE_URL",
    )
    # Plant code -> channel conversation id where that plant's approvers get cards (else 1:1).
    approver_conversations: dict[str, str] = Field(
        default_factory=dict, validation_alias="LINESIDE_TEAMS_APPROVER_CONVERSATIONS"
    )

    @property
    def enabled(self) -> bool:
        return bool(self.app_id)
