"""What a proposal card and an alert say, whatever the chat platform draws them with."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from domain.formatting import money
from governance.proposals import ProposalView
from tools.plant_time import local

ROLE_NAMES = {
    "requester": "the requester",
    "buyer": "a buyer",
    "planner": "a planner",
    "plant_manager": "a plant manager",
    "executive": "an executive",
}
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
    needs = ROLE_NAMES.get(view.required_role, view.required_role)
    if view.four_eyes:
        needs += ", not the requester"
    facts = [
        f"{f.get('fact', f)}" + (f" ({f['source']})" if f.get("source") else "")
        for f in view.cited_facts
    ]
    return CardText(
        title=f"{view.id}: {view.kind.replace('_', ' ')} at {view.plant_code}",
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
