"""The answer to an aside about a request's own approval ("truck PO-7781, that's under my limit
right?", "air the 7781 and I'll approve it myself"): whether the requester may confirm the
proposal just raised themselves and, if not, who must, per the approval rule.

Every fact comes from the turn's typed results: the proposal's cost and the approver governance
gave it (`ToolResult.proposal`), the rule's tiers (the requester's own confirmation limit) and
governance's check of the asker at that cost (`approval_rule` data `you`), never from prose.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from domain.formatting import action_name, approver_words, money, role_name

BUTTONS = "with the approval buttons, not in chat"


class Result(Protocol):
    """One tool call of the turn and its result (compose's Observation)."""

    @property
    def tool(self) -> str: ...

    @property
    def result(self) -> dict[str, Any]: ...


def _proposal(observations: Sequence[Result]) -> Mapping[str, Any] | None:
    for o in observations:
        made = o.result.get("proposal")
        if o.result.get("ok") and isinstance(made, Mapping) and made.get("id"):
            return made
    return None


def _rule(observations: Sequence[Result], kind: str) -> Mapping[str, Any]:
    for o in observations:
        data = o.result.get("data")
        if o.tool != "approval_rule" or not o.result.get("ok") or not isinstance(data, Mapping):
            continue
        if data.get("kind") == kind and not data.get("proposal"):
            return data
    return {}


def own_limit(rule: Mapping[str, Any]) -> float | None:
    """The cost up to which the requester may confirm this kind themselves (the rule's tier of
    'the requester themselves', no four-eyes); None when the rule has no such tier or no cap."""
    for tier in rule.get("tiers") or []:
        own = isinstance(tier, Mapping) and tier.get("approver_role") == "requester"
        if own and not tier.get("four_eyes") and tier.get("up_to") is not None:
            return float(tier["up_to"])
    return None


def _requester(proposal: Mapping[str, Any], you: Mapping[str, Any]) -> str:
    who = str(you.get("username") or proposal.get("requested_by") or "")
    role = f", {role_name(str(you['role']))}" if you.get("role") else ""
    return f"you ({who}{role})" if who else "you"


def answer(observations: Sequence[Result], how: str) -> str | None:
    """The aside answered ('asked': yes or no first; 'said': what the user may do), or None when
    the turn raised no proposal to say it of."""
    proposal = _proposal(observations)
    if proposal is None:
        return None
    kind = str(proposal.get("kind") or "")
    rule = _rule(observations, kind)
    cost = float(proposal.get("cost") or 0)
    found = rule.get("you")
    you: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    required, four_eyes = str(proposal.get("required_role")), bool(proposal.get("four_eyes"))
    checked = bool(you) and rule.get("cost") is not None and abs(float(rule["cost"]) - cost) < 0.005
    # Governance's check at this very cost when the rule was read at it; else the approver
    # governance gave the proposal: the requester themselves, or someone else (four-eyes).
    may = bool(you.get("may_confirm_own")) if checked else required == "requester" and not four_eyes
    limit = own_limit(rule)
    pid, who = str(proposal["id"]), _requester(proposal, you)
    price = f"at {money(cost)}" if cost else "at no cost"
    if may:
        within = f"{action_name(kind, article=True)} is the requester's own to confirm"
        if limit is not None and cost <= limit:
            within = f"{price} it is within the requester's own confirmation limit of "
            within += money(limit, cents=False)
        if how == "asked":
            return (
                f"Yes: {within}, so {who} may confirm {pid} yourself as its requester, {BUTTONS}."
            )
        if how == "ordered":
            return (f"I can't approve {pid} for you; nothing is decided in chat. "
                    f"{within[0].upper()}{within[1:]}, so {who} may confirm it yourself "
                    f"{BUTTONS}.")  # fmt: skip
        return (f"{who[0].upper()}{who[1:]} may confirm {pid} yourself as its requester: {within}. "
                f"Confirm it {BUTTONS}.")  # fmt: skip
    needs = approver_words(required, four_eyes)
    if limit is not None and cost > limit:
        why = (f"{price} it is above the requester's own confirmation limit of "
               f"{money(limit, cents=False)}, so it needs approval by {needs}")  # fmt: skip
    else:
        why = f"it needs approval by {needs}"
    rule_words = "four-eyes: the person who asked for an action never approves it"
    if not (four_eyes or required != "requester"):
        rule_words = str(you.get("why_not_own") or "governance's check of your role and limit")
    if how == "asked":
        return f"No: {why}; {rule_words}. {who[0].upper()}{who[1:]} can't approve {pid} yourself."
    if how == "ordered":
        return (f"I can't approve {pid} for you, and nothing is decided in chat: {why}; "
                f"{rule_words}. It waits, pending, for them to decide it {BUTTONS}.")  # fmt: skip
    return f"{who[0].upper()}{who[1:]} can't approve {pid} yourself: {why}; {rule_words}."
