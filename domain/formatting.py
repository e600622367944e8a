"""How money, percentages and times read in every answer, table and message Lineside writes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# Calendar dates and clock times as answers write them and people type them: where a number
# names a moment, not a quantity (grounding checks leave them out).
DATE_TIME_RE = re.compile(
    r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\b\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]m)?\b"
    r"|\b\d{1,2}\s?[ap]m\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:\s+\d{{4}})?"
    rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"
    r"|\b\d{2}-\d{2}\b(?=\s+\d{1,2}:\d{2})"
    r"|\bweek\s+\d{1,2}\b",
    re.IGNORECASE,
)


# Roles as a person reads them: the title, and the article it takes in a sentence.
ROLE_TITLES = {
    "requester": ("the", "requester themselves"),
    "buyer": ("a", "buyer"),
    "planner": ("a", "planner"),
    "plant_manager": ("the", "plant manager"),
    "executive": ("an", "executive"),
    "evaluator": ("an", "evaluator"),
    "admin": ("an", "administrator"),
}
# Proposal kinds, and the propose tools that raise them, as a person names the action.
ACTION_NAMES = {
    "expedite_po": "expedite",
    "po_date_change": "PO date change",
    "request_po_date_change": "PO date change",
    "supplier_escalation": "supplier escalation",
    "draft_supplier_escalation": "supplier escalation",
    "transfer_inventory": "inventory transfer",
    "resequence": "resequence",
    "propose_resequence": "resequence",
    "quality_review": "quality review",
    "request_quality_review": "quality review",
}


# Where a request came from, as a person names it (CallContext.channel values).
CHANNEL_NAMES = {
    "slack": "Slack",
    "teams": "Microsoft Teams",
    "api": "the API",
    "cli": "the command line",
    "eval": "an evaluation run",
    "email": "email",
    "events": "the event feed",
    "console": "the console",
}
# Fields of tool arguments and proposal payloads whose identifier does not read as words.
FIELD_NAMES = {
    "qty": "quantity",
    "new_qty": "new quantity",
    "po_number": "PO number",
    "line_no": "PO line",
    "new_promised_at": "new promised date",
    "item_code": "item",
    "supplier_code": "supplier",
    "line_code": "line",
    "work_order_id": "work order",
    "from_plant": "plant to send from",
    "to_plant": "plant to send to",
    "mode": "freight mode",
    "time_limit_s": "time limit in seconds",
    "include_held": "choice of including held stock",
    "include_unconfirmed": "choice of including unconfirmed supply",
    "group_by": "grouping",
    "compare_to": "period to compare with",
    "proposal_id": "proposal id",
    "thread_id": "thread id",
}
# Pydantic's messages that open with the thing checked ("Input should be greater than 0").
_SHOULD = ("Input should", "List should", "Value should", "String should", "Dictionary should")


def role_name(role: str, *, article: bool = True) -> str:
    """'plant_manager' for people: 'the plant manager', or 'plant manager' without the article.

    Every answer, card and governance message names a role through this function.
    """
    the, title = ROLE_TITLES.get(role, ("", role.replace("_", " ")))
    if not article:
        return title.removesuffix(" themselves")
    return f"{the} {title}" if the else title


def action_name(kind: str, *, article: bool = False) -> str:
    """'expedite_po' (a proposal kind or a propose tool) for people: 'expedite', 'an expedite'.

    Every answer, card and governance message names an action kind through this function.
    """
    name = ACTION_NAMES.get(kind, kind.replace("_", " "))
    if not article:
        return name
    return ("an " if name[:1].lower() in "aeiou" else "a ") + name


def channel_name(channel: str) -> str:
    """'cli' for people: 'the command line'; 'teams': 'Microsoft Teams'."""
    return CHANNEL_NAMES.get(channel, channel.replace("_", " "))


def field_name(loc: Sequence[str | int], *, article: bool = True) -> str:
    """A field's path ('qty', ('moves', 0, 'planned_start')) for people: 'the quantity',
    'the moves, no. 1, planned start'; 'quantity' without the article."""
    words = [
        f"no. {part + 1}"
        if isinstance(part, int)
        else FIELD_NAMES.get(part, part.replace("_", " "))
        for part in loc
    ]
    return ("the " if article else "") + (", ".join(words) or "arguments")


def field_problems(errors: Iterable[Mapping[str, Any]]) -> str:
    """Pydantic's validation errors in people's words, one per field:
    'the quantity should be greater than 0; the PO number is missing'."""
    said = []
    for error in errors:
        label = field_name(tuple(error.get("loc", ())))
        message = str(error.get("msg", "is not valid"))
        if error.get("type") == "missing":
            said.append(f"{label} is missing")
        elif message.startswith(_SHOULD):
            said.append(f"{label} should{message.split(' should', 1)[1]}")
        else:
            said.append(f"{label}: {message.removeprefix('Value error, ')}")
    return "; ".join(said)


def approver_words(role: str, four_eyes: bool = False) -> str:
    """'the plant manager (not the requester)' — who must say yes, in words."""
    return role_name(role) + (" (not the requester)" if four_eyes else "")


def money(amount: float, cents: bool = True) -> str:
    """Dollars with thousands separators: '$6,800.00', or '$6,800' without cents."""
    return f"${amount:,.2f}" if cents else f"${amount:,.0f}"


def line_hours(hours: float) -> str:
    """Line time as people say it: '1 line-hour', '3.5 line-hours', '62 line-hours'."""
    figure = f"{hours:.1f}".removesuffix(".0")
    return f"{figure} line-hour" + ("" if figure == "1" else "s")


def percent(value: float) -> str:
    """A percentage to one decimal: '71.4%' (the value is already in percent)."""
    return f"{value:.1f}%"


def plant_time(at: datetime | str | None, tz: str, *, zone: bool = False) -> str:
    """'Wed 2026-03-04 06:00' in the plant's own zone (EST or EDT as the date has it).

    With `zone`, the abbreviation follows ('... 06:00 EDT'), for readers outside the plant.
    """
    if at is None:
        return "not in horizon"
    moment = datetime.fromisoformat(at) if isinstance(at, str) else at
    return moment.astimezone(ZoneInfo(tz)).strftime("%a %Y-%m-%d %H:%M" + (" %Z" if zone else ""))
