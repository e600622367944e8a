"""Roles and action kinds read as words wherever a person reads them: governance's refusals,
the bots' cards and the agent's answers name them through one function each."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bots.cards import proposal_card_text
from domain.formatting import ACTION_NAMES, action_name, role_name
from governance.approval_rules import RuleMatch, rule_for_cost
from governance.authority import authority_refusal
from governance.errors import NoApprovalRule
from governance.identity import Actor
from governance.payloads import PROPOSAL_KINDS
from governance.policy import role_refusal
from governance.proposals import ProposalView
from tools.registry import catalogue

IDENTIFIERS = ("plant_manager", "expedite_po", "_")


def expedite(cost: float = 6800, role: str = "plant_manager") -> ProposalView:
    t = datetime(2026, 3, 2, 11, tzinfo=UTC)
    return ProposalView(id="AP-000001", kind="expedite_po", payload={}, rationale="why",
                        cited_facts=[], expected_effect="600 arrive Tue", cost=cost,
                        requested_by="dana.kim", on_behalf_of=None, channel="api",
                        required_role=role, plant_code="LKS", status="pending", four_eyes=True,
                        created_at=t, expires_at=t, decided_at=None, decided_by=None,
                        decision_comment=None, executed_at=None, failure_reason=None,
                        result=None, thread_id=None)  # fmt: skip


@pytest.mark.parametrize(
    ("role", "with_article", "bare"),
    [("plant_manager", "the plant manager", "plant manager"), ("buyer", "a buyer", "buyer"),
     ("executive", "an executive", "executive"), ("admin", "an administrator", "administrator"),
     ("requester", "the requester themselves", "requester"),
     ("quality_lead", "quality lead", "quality lead")],
)  # fmt: skip
def test_a_role_reads_as_words_with_or_without_its_article(
    role: str, with_article: str, bare: str
) -> None:
    assert role_name(role) == with_article and role_name(role, article=False) == bare


@pytest.mark.parametrize(
    ("kind", "bare", "with_article"),
    [("expedite_po", "expedite", "an expedite"), ("po_date_change", "PO date change",
      "a PO date change"), ("request_po_date_change", "PO date change", "a PO date change"),
     ("transfer_inventory", "inventory transfer", "an inventory transfer"),
     ("propose_resequence", "resequence", "a resequence")],
)  # fmt: skip
def test_an_action_kind_or_its_propose_tool_reads_as_words(
    kind: str, bare: str, with_article: str
) -> None:
    assert action_name(kind) == bare and action_name(kind, article=True) == with_article


def test_every_proposal_kind_and_propose_tool_has_a_name() -> None:
    propose_tools = {t.name for t in catalogue() if t.kind == "propose"}
    assert set(PROPOSAL_KINDS) | propose_tools <= set(ACTION_NAMES)


def test_a_role_refusal_names_the_role_and_the_action_in_words() -> None:
    said = role_refusal("plant_manager", "expedite_po").message
    assert said == "Your role (plant manager) may not ask for an expedite"
    assert role_refusal("evaluator", "read_alerts").message == (
        "Your role (evaluator) may not use the read alerts tool"
    )


@pytest.mark.parametrize(
    ("who", "rule"),
    [(Actor("dana.kim", "buyer", ("LKS",), (), 5000), RuleMatch(2, "plant_manager", True, 24)),
     (Actor("luis.ortega", "planner", ("LKS",), (), 0), RuleMatch(2, "plant_manager", True, 24)),
     (Actor("priya.nair", "plant_manager", ("LKS",), (), 25000), RuleMatch(3, "executive", True,
                                                                             24))],
)  # fmt: skip
def test_an_authority_refusal_says_roles_and_actions_in_words(who: Actor, rule: RuleMatch) -> None:
    refusal = authority_refusal(who, expedite(30000), 30000, rule.approver_role, rule.four_eyes)
    assert refusal is not None
    assert not any(word in refusal.message for word in IDENTIFIERS), refusal.message


def test_no_approval_rule_names_the_action_in_words() -> None:
    with pytest.raises(NoApprovalRule, match="covers an expedite at LKS") as refused:
        rule_for_cost([], "expedite_po", "LKS", 100)
    assert "expedite_po" not in str(refused.value)


def test_a_proposal_card_names_the_action_and_approver_in_words() -> None:
    card = proposal_card_text(expedite())
    assert card.title == "AP-000001: expedite at LKS"
    assert ("Required approver", "the plant manager, not the requester") in card.fields
