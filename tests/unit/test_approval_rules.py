"""The approval rule: which tier governs an action at a cost, a plant's own tiers, the words."""

from __future__ import annotations

import pytest

from governance.approval_rules import (
    ApprovalTier,
    applicable,
    rule_for_cost,
    tiers_above,
    tiers_in_words,
)
from governance.errors import NoApprovalRule
from governance.payloads import PAYLOADS, PROPOSAL_KINDS

BUYER = ApprovalTier(1, None, 5000.0, "requester", False, 24)
MANAGER = ApprovalTier(2, None, 25000.0, "plant_manager", True, 24)
EXECUTIVE = ApprovalTier(3, None, None, "executive", True, 24)
SAL_MANAGER = ApprovalTier(4, "SAL", None, "plant_manager", True, 12)
EXPEDITE = [EXECUTIVE, BUYER, MANAGER, SAL_MANAGER]


@pytest.mark.parametrize(
    ("cost", "role", "four_eyes"),
    [
        (0, "requester", False),
        (5000, "requester", False),  # the ceiling is inclusive
        (5000.01, "plant_manager", True),
        (6800, "plant_manager", True),
        (25000, "plant_manager", True),
        (25001, "executive", True),
    ],
)
def test_the_smallest_ceiling_at_or_above_the_cost_governs(
    cost: float, role: str, four_eyes: bool
) -> None:
    rule = rule_for_cost(applicable(EXPEDITE, "LKS"), "expedite_po", "LKS", cost)
    assert (rule.approver_role, rule.four_eyes) == (role, four_eyes)


def test_a_plants_own_tiers_replace_the_global_ones() -> None:
    assert applicable(EXPEDITE, "SAL") == [SAL_MANAGER]
    assert applicable(EXPEDITE, "LKS") == [BUYER, MANAGER, EXECUTIVE]
    rule = rule_for_cost(applicable(EXPEDITE, "SAL"), "expedite_po", "SAL", 100)
    assert (rule.approver_role, rule.ttl_hours) == ("plant_manager", 12)


def test_a_cost_above_every_ceiling_has_no_approver() -> None:
    with pytest.raises(NoApprovalRule, match=r"covers an expedite at LKS for \$30,000.00"):
        rule_for_cost([BUYER, MANAGER], "expedite_po", "LKS", 30000)


def test_the_tiers_in_words_name_each_ceiling_and_approver() -> None:
    assert tiers_in_words([BUYER, MANAGER, EXECUTIVE]) == (
        "up to $5,000: the requester themselves; up to $25,000: the plant manager (not the "
        "requester); above that: an executive (not the requester)"
    )
    assert tiers_in_words([SAL_MANAGER]) == "at any cost: the plant manager (not the requester)"


def test_every_proposal_kind_is_spelled_once() -> None:
    assert set(PROPOSAL_KINDS) == set(PAYLOADS)


def test_the_tiers_above_an_amount_are_those_whose_ceiling_is_higher() -> None:
    tiers = applicable(EXPEDITE, "LKS")
    assert tiers_above(tiers, 25000) == [EXECUTIVE]  # "anything over 25k"
    assert tiers_above(tiers, 5000) == [MANAGER, EXECUTIVE]
    assert tiers_above(tiers, 0) == [BUYER, MANAGER, EXECUTIVE]
