"""One request, one proposal per action and target: clauses of one message that ask for the same
action on the same thing ('resequence SEAT1 so we don't start the orion runs while E-4410 is
short, pull the vega runs forward') are one call, the later clauses its reason or constraint."""

from __future__ import annotations

from typing import Any

from agent.offline.guard import is_propose
from agent.offline.planners import REQUEST_PREFIX

ToolCall = tuple[str, dict[str, Any]]

# What a proposal acts on: two calls of one propose tool that agree on these are one action.
TARGET_FIELDS = ("line", "po_number", "line_no", "supplier", "item", "lot", "from_plant",
                 "to_plant")  # fmt: skip
# Free text a later clause adds to (why, what to ask), never replaces.
TEXT_FIELDS = ("reason", "question")
TEXT_LIMIT = 500  # the propose tools' longest reason


def _target(call: ToolCall) -> tuple[str, tuple[Any, ...]]:
    name, args = call
    return name, tuple(args.get(f) for f in TARGET_FIELDS)


def _joined(first: str, later: str) -> str:
    later = later.removeprefix(REQUEST_PREFIX).strip()
    if not later or later in first:
        return first
    return (f"{first}; {later}" if first else later)[:TEXT_LIMIT]


def _folded(first: dict[str, Any], later: dict[str, Any]) -> dict[str, Any]:
    """The first clause's call, with what a later one adds: its reason, and any slot it fills
    that the first left open (a sequence, a quantity)."""
    out = dict(first)
    for key, value in later.items():
        if key in TEXT_FIELDS and isinstance(value, str):
            out[key] = _joined(str(out.get(key) or ""), value)
        elif out.get(key) is None:
            out[key] = value
    return out


def once_per_target(calls: list[ToolCall]) -> list[ToolCall]:
    """The calls with each propose tool on each target once, at the place of its first clause;
    read calls as they are."""
    out: list[ToolCall] = []
    seen: dict[tuple[str, tuple[Any, ...]], int] = {}
    for call in calls:
        if not is_propose(call[0]):
            out.append(call)
            continue
        key = _target(call)
        if key in seen:
            at = seen[key]
            out[at] = (call[0], _folded(out[at][1], call[1]))
            continue
        seen[key] = len(out)
        out.append(call)
    return out
