"""The approval rule: which role must approve an action of a kind, at a plant, at a cost.

The tiers are rows of `approval_rule`; a plant's own rows replace the global ones. Proposing,
deciding, the `approval_rule` tool and every policy line a tool states ask this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, text

from domain.formatting import action_name, approver_words, money
from governance.errors import NoApprovalRule


@dataclass(frozen=True)
class ApprovalTier:
    """One row of the rule: up to `max_cost` (None: no ceiling) this role approves."""

    id: int
    plant_code: str | None
    max_cost: float | None
    approver_role: str
    four_eyes: bool
    ttl_hours: float


@dataclass(frozen=True)
class RuleMatch:
    """The approval rule that governs a proposal."""

    id: int
    approver_role: str
    four_eyes: bool
    ttl_hours: float


def approval_tiers(conn: Connection, kind: str, plant_code: str) -> list[ApprovalTier]:
    """The tiers for `kind` at the plant, cheapest ceiling first (the plant's own, else global)."""
    rows = conn.execute(
        text(
            "SELECT id, plant_code, max_cost, approver_role, four_eyes, ttl_hours"
            " FROM approval_rule WHERE kind = :kind AND (plant_code = :plant OR plant_code IS NULL)"
        ),
        {"kind": kind, "plant": plant_code},
    ).all()
    tiers = [
        ApprovalTier(
            int(r.id),
            r.plant_code,
            None if r.max_cost is None else float(r.max_cost),
            str(r.approver_role),
            bool(r.four_eyes),
            float(r.ttl_hours),
        )
        for r in rows
    ]
    return applicable(tiers, plant_code)


def applicable(tiers: Sequence[ApprovalTier], plant_code: str) -> list[ApprovalTier]:
    """The plant's own tiers if it has any, else the global ones; cheapest ceiling first."""
    own = [t for t in tiers if t.plant_code == plant_code]
    kept = own or [t for t in tiers if t.plant_code is None]
    return sorted(kept, key=lambda t: (t.max_cost is None, t.max_cost or 0.0))


def rule_for_cost(
    tiers: Sequence[ApprovalTier], kind: str, plant_code: str, cost: float
) -> RuleMatch:
    """The tier with the smallest ceiling at or above `cost`; NoApprovalRule when none covers it."""
    covering = [t for t in tiers if t.max_cost is None or cost <= t.max_cost]
    if not covering:
        raise NoApprovalRule(
            f"No approval rule covers {action_name(kind, article=True)} at {plant_code} for"
            f" {money(cost)}, so nobody could approve it; it was not proposed (ask an admin to"
            " add a rule)"
        )
    best = min(covering, key=lambda t: (t.max_cost is None, t.max_cost or 0.0))
    return RuleMatch(best.id, best.approver_role, best.four_eyes, best.ttl_hours)


def tiers_above(tiers: Sequence[ApprovalTier], cost: float) -> list[ApprovalTier]:
    """The tiers that govern every cost above `cost` ("anything over $25,000"), cheapest first."""
    return [t for t in tiers if t.max_cost is None or t.max_cost > cost]


def resolve_rule(conn: Connection, kind: str, plant_code: str, cost: float) -> RuleMatch:
    """The rule that governs `kind` at `plant_code` for `cost` (see `rule_for_cost`)."""
    return rule_for_cost(approval_tiers(conn, kind, plant_code), kind, plant_code, cost)


def tiers_in_words(tiers: Sequence[ApprovalTier]) -> str:
    """'up to $5,000: the requester themselves; up to $25,000: ...; above that: ...'."""
    words = []
    for i, t in enumerate(tiers):
        ceiling = "above that" if i else "at any cost"
        if t.max_cost is not None:
            ceiling = f"up to {money(t.max_cost, cents=False)}"
        words.append(f"{ceiling}: {approver_words(t.approver_role, t.four_eyes)}")
    return "; ".join(words)


def tier_of_cost(tiers: Sequence[ApprovalTier], cost: float) -> str:
    """'the tier up to $5,000' or 'above $25,000': the tier of the rule a cost falls in."""
    limits = [t.max_cost for t in tiers if t.max_cost is not None]
    within = [limit for limit in limits if cost <= limit]
    if within:
        return f"the tier up to {money(min(within), cents=False)}"
    return f"above {money(max(limits), cents=False)}" if limits else "its only tier"
