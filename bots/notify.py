"""Alerts out through Slack and Teams: the bots' notifiers for domain.alerts' deliveries."""

from __future__ import annotations

from typing import Literal

from domain.alerts.notify import AlertNotice, register_notifier, registered_notifiers
from domain.settings import get_settings

Platform = Literal["slack", "teams"]


class ChatNotifier:
    """Delivers an alert as a direct message on one platform (its worker side posts it)."""

    def __init__(self, platform: Platform) -> None:
        self.channel: str = platform
        self.platform: Platform = platform

    def notify(self, notice: AlertNotice) -> None:
        from bots.jobs import worker_for  # bots.jobs registers these notifiers when imported

        worker_for(self.platform).notify(notice)


def register_chat_notifiers() -> list[ChatNotifier]:
    """Register a notifier for each configured platform, once per process."""
    present = {n.channel for n in registered_notifiers()}
    wanted: list[Platform] = []
    settings = get_settings()
    if settings.slack.enabled:
        wanted.append("slack")
    if settings.teams.enabled:
        wanted.append("teams")
    added = [ChatNotifier(p) for p in wanted if p not in present]
    for notifier in added:
        register_notifier(notifier)
    return added
