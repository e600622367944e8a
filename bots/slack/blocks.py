"""Block Kit for Lineside's Slack messages: answers with sources, proposal cards, alerts."""

from __future__ import annotations

import json
from typing import Any

from bots.cards import proposal_card_text
from bots.core import BotAnswer, alert_text, suggested_actions
from domain.alerts.notify import AlertNotice
from governance.proposals import ProposalView

Block = dict[str, Any]
SECTION_LIMIT = 2900  # Slack refuses a section text over 3,000 characters
APPROVE, EDIT, REJECT = "proposal_approve", "proposal_edit", "proposal_reject"
ALERT_ACTION = "alert_action"
EDIT_CALLBACK = "proposal_edit_submit"


def _mrkdwn(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:SECTION_LIMIT]}}


def _chunks(text: str) -> list[str]:
    """Split on paragraph boundaries so each piece fits one section."""
    pieces: list[str] = []
    for paragraph in text.split("\n\n"):
        if pieces and len(pieces[-1]) + len(paragraph) + 2 <= SECTION_LIMIT:
            pieces[-1] += "\n\n" + paragraph
        else:
            pieces.extend(
                paragraph[i : i + SECTION_LIMIT] for i in range(0, len(paragraph), SECTION_LIMIT)
            )
    return [p for p in pieces if p.strip()]


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:SECTION_LIMIT]}]}


def sources_block(sources: list[str]) -> Block | None:
    if not sources:
        return None
    return _context("Sources: " + ", ".join(f"`{s}`" for s in sources))


def answer_blocks(answer: BotAnswer) -> list[Block]:
    blocks = [_mrkdwn(piece) for piece in _chunks(answer.text or "(no answer)")]
    source = sources_block(answer.sources)
    return blocks + ([source] if source else [])


def proposal_card(view: ProposalView, tz: str = "UTC") -> list[Block]:
    """The card: facts, cost and required approver; buttons while it is pending."""
    card = proposal_card_text(view, tz)
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": card.title[:150]}},
        _mrkdwn(f"*{card.effect}*\n{card.why}"),
        {
            "type": "section",
            "fields": [{"type": "mrkdwn", "text": f"*{k}*\n{v}"} for k, v in card.fields],
        },
    ]
    if card.facts:
        facts = "\n".join(f"• {f}" for f in card.facts)
        blocks.append(_context(facts))
    if card.decided is None:
        blocks.append(
            {
                "type": "actions",
                "block_id": f"proposal:{view.id}",
                "elements": [
                    _button("Approve", APPROVE, view.id, "primary"),
                    _button("Edit", EDIT, view.id),
                    _button("Reject", REJECT, view.id, "danger"),
                ],
            }
        )
    else:
        blocks.append(_mrkdwn(f":white_check_mark: {card.decided}"
                              if view.status in ("approved", "executed")
                              else f":no_entry: {card.decided}"))  # fmt: skip
    return blocks


def _button(label: str, action_id: str, value: str, style: str | None = None) -> Block:
    button: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": label},
        "action_id": action_id,
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def card_fallback(view: ProposalView, tz: str = "UTC") -> str:
    """The notification text of a card (what a phone shows)."""
    card = proposal_card_text(view, tz)
    return f"{card.title}: {card.effect}" + (f" ({card.decided})" if card.decided else "")


def edit_modal(view: ProposalView, reply_to: dict[str, str]) -> Block:
    """A modal with the payload (and cost) as JSON to edit, then approve."""
    payload = json.dumps({**view.payload, "cost": view.cost}, indent=2, default=str)
    return {
        "type": "modal",
        "callback_id": EDIT_CALLBACK,
        "private_metadata": json.dumps({"proposal_id": view.id, **reply_to}),
        "title": {"type": "plain_text", "text": f"Edit {view.id}"[:24]},
        "submit": {"type": "plain_text", "text": "Approve edited"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "input",
                "block_id": "payload",
                "label": {"type": "plain_text", "text": "Proposal fields (JSON)"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "multiline": True,
                    "initial_value": payload[:3000],
                },
            },
            {
                "type": "input",
                "block_id": "comment",
                "optional": True,
                "label": {"type": "plain_text", "text": "Why"},
                "element": {"type": "plain_text_input", "action_id": "value"},
            },
        ],
    }


def alert_blocks(notice: AlertNotice) -> list[Block]:
    """An alert: what, why this person, and a button per suggested action."""
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": notice.subject[:150]}},
        _mrkdwn(alert_text(notice)),
        _context(f"{notice.rule or 'alert'} at {notice.plant} · alert {notice.alert_id}"),
    ]
    actions = suggested_actions(notice)
    if actions:
        blocks.append(
            {
                "type": "actions",
                "block_id": f"alert:{notice.alert_id}",
                "elements": [
                    _button(label[:75], f"{ALERT_ACTION}_{i}", prompt[:2000])
                    for i, (label, prompt) in enumerate(actions[:5])
                ],
            }
        )
    return blocks
