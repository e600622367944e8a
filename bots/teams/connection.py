"""How the Teams SDK reaches Microsoft: the cloud's endpoints and the bot's credentials."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from microsoft_teams.api.auth.cloud_environment import PUBLIC, CloudEnvironment, with_overrides

from domain.settings import TeamsSettings

AppToken = Callable[..., str]  # (scope, tenant_id) -> an app token, instead of a client secret


def cloud_for(settings: TeamsSettings) -> CloudEnvironment:
    """The public cloud, with the key lookup, issuer and login endpoint the settings name."""
    return with_overrides(
        PUBLIC,
        openid_metadata_url=settings.openid_metadata_url,
        token_issuer=settings.token_issuer,
        login_endpoint=settings.login_endpoint,
    )


def app_options(settings: TeamsSettings, token: AppToken | None = None) -> dict[str, Any]:
    """The Teams `App`'s options: app id, tenant, credentials, service URL and cloud."""
    options: dict[str, Any] = {
        "client_id": settings.app_id,
        "tenant_id": settings.tenant_id or None,
        "service_url": settings.service_url,
        "cloud": cloud_for(settings),
    }
    if token is not None:
        options["token"] = token
    else:
        options["client_secret"] = settings.app_password or None
    return options
