"""What a proposal card and an alert say, whatever the chat platform draws them with."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from domain.formatting import action_name, money, role_name
from governance.proposals import ProposalView
from tools.plant_time import local

DECIDED_VERBS = {
    "approved": "Approved",
    "executed": "Approved and executed",
    "failed": "Approved, execution failed",
    "rejected": "Rejected",
    "expired": "Expired unanswered",
}


@dataclass(frozen=True)
class CardText:
    """A proposal card's lines: the platform builders lay these out."""

    title: str
    effect: str
    why: str
    fields: list[tuple[str, str]]
    facts: list[str]
    decided: str | None  # None while pending


def proposal_card_text(view: ProposalView, tz: str = "UTC") -> CardText:
    """The card's lines; times in `tz`, the plant's timezone."""
    needs = role_name(view.required_role)
    if view.four_eyes:
        needs += ", not the requester"
    facts = [
        f"{f.get('fact', f)}" + (f" ({f['source']})" if f.get("source") else "")
        for f in view.cited_facts
    ]
    return CardText(
        title=f"{view.id}: {action_name(view.kind)} at {view.plant_code}",
        effect=view.expected_effect,
        why=view.rationale,
        fields=[
            ("Cost", money(view.cost)),
            ("Required approver", needs),
            ("Requested by", view.requested_by),
            ("Status", view.status),
        ],
        facts=facts,
        decided=None if view.status == "pending" else decided_line(view, tz),
    )


def decided_line(view: ProposalView, tz: str = "UTC") -> str:
    """Who decided and when: 'Approved by priya.nair at Mon 2026-03-02 06:00 EST: ok'."""
    verb = DECIDED_VERBS.get(view.status, view.status.capitalize())
    by = f" by {view.decided_by}" if view.decided_by else ""
    when = ""
    if view.decided_at:
        zone = view.decided_at.astimezone(ZoneInfo(tz)).strftime("%Z")
        when = f" at {local(view.decided_at, tz)} {zone}"
    comment = f": {view.decision_comment}" if view.decision_comment else ""
    failure = f" ({view.failure_reason})" if view.failure_reason else ""
    return f"{verb}{by}{when}{comment}{failure}"
