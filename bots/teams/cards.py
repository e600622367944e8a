"""Adaptive Cards for Lineside in Teams: proposal cards with Action.Execute, charts, alerts."""

from __future__ import annotations

import base64
import json
from typing import Any

from microsoft_teams.cards import AdaptiveCard

from bots.cards import proposal_card_text
from bots.core import Chart, alert_text, suggested_actions
from domain.alerts.notify import AlertNotice
from governance.proposals import ProposalView

APPROVE, EDIT, REJECT, REFRESH = "approve", "edit", "reject", "refresh"
ALERT_ACTION = "alert_action"
VERSION = "1.5"  # Action.Execute and refresh need 1.4+; Teams renders 1.5


def _card(body: list[dict[str, Any]], **extra: Any) -> AdaptiveCard:
    schema = "http://adaptivecards.io/schemas/adaptive-card.json"
    return AdaptiveCard.model_validate(
        {"type": "AdaptiveCard", "version": VERSION, "$schema": schema, "body": body, **extra}
    )


def _execute(title: str, verb: str, data: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "Action.Execute", "title": title, "verb": verb,
            "data": {"action": verb, **data}, **extra}  # fmt: skip


def proposal_card(view: ProposalView, tz: str, approver_ids: list[str]) -> AdaptiveCard:
    """Facts, cost and required approver; Approve / Edit / Reject while pending.

    `refresh` makes Teams fetch the current card for these users whenever they look at it, so
    a copy decided elsewhere never shows live buttons.
    """
    card = proposal_card_text(view, tz)
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": card.title, "weight": "Bolder", "size": "Medium",
         "wrap": True},
        {"type": "TextBlock", "text": card.effect, "wrap": True},
        {"type": "TextBlock", "text": card.why, "wrap": True, "isSubtle": True},
        {"type": "FactSet", "facts": [{"title": k, "value": v} for k, v in card.fields]},
    ]  # fmt: skip
    if card.facts:
        body.append({"type": "TextBlock", "wrap": True, "size": "Small",
                     "text": "\n".join(f"- {f}" for f in card.facts)})  # fmt: skip
    ref = {"proposal_id": view.id}
    extra: dict[str, Any] = {
        "refresh": {"action": _execute("Refresh", REFRESH, ref), "userIds": approver_ids}
    }
    if card.decided is None:
        payload = json.dumps({**view.payload, "cost": view.cost}, indent=2, default=str)
        edit = _card(
            [{"type": "Input.Text", "id": "payload", "isMultiline": True, "value": payload,
              "label": "Proposal fields (JSON)"},
             {"type": "Input.Text", "id": "comment", "label": "Why", "isRequired": False}],
            actions=[_execute("Approve edited", EDIT, ref)],
        )  # fmt: skip
        extra["actions"] = [
            _execute("Approve", APPROVE, ref, style="positive"),
            {"type": "Action.ShowCard", "title": "Edit",
             "card": edit.model_dump(by_alias=True, exclude_none=True)},
            _execute("Reject", REJECT, ref, style="destructive"),
        ]  # fmt: skip
    else:
        good = view.status in ("approved", "executed")
        body.append({"type": "TextBlock", "text": card.decided, "wrap": True,
                     "weight": "Bolder", "color": "Good" if good else "Attention"})  # fmt: skip
    return _card(body, **extra)


def chart_card(chart: Chart) -> AdaptiveCard:
    data = base64.b64encode(chart.png).decode()
    return _card(
        [
            {"type": "TextBlock", "text": chart.title, "weight": "Bolder", "wrap": True},
            {"type": "Image", "url": f"data:image/png;base64,{data}", "altText": chart.title},
        ]
    )


def alert_card(notice: AlertNotice) -> AdaptiveCard:
    """An alert: what, why this person, and an Action.Execute per suggested action."""
    where = f"{notice.rule or 'alert'} at {notice.plant} · alert {notice.alert_id}"
    return _card(
        [
            {"type": "TextBlock", "text": notice.subject, "weight": "Bolder", "wrap": True},
            {"type": "TextBlock", "text": alert_text(notice), "wrap": True},
            {"type": "TextBlock", "text": where, "isSubtle": True, "size": "Small"},
        ],
        actions=[
            _execute(label, ALERT_ACTION, {"alert_id": notice.alert_id, "prompt": prompt})
            for label, prompt in suggested_actions(notice)[:5]
        ],
    )
