"""Roles and action kinds read as words wherever a person reads them: governance's refusals,
the bots' cards and the agent's answers name them through one function each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import cast

import pytest
from rich.console import Console
from sqlalchemy import Engine

import cli.chat as cli_chat
import cli.proposals as cli_proposals
from agent.context import AgentContext
from agent.prompts import system_prompt
from bots.cards import proposal_card_text
from domain.formatting import ACTION_NAMES, action_name, channel_name, field_name, role_name
from governance.approval_rules import RuleMatch, rule_for_cost
from governance.authority import authority_refusal
from governance.errors import NoApprovalRule, ProposalError
from governance.identity import Actor
from governance.payloads import PROPOSAL_KINDS, parse_payload
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


LAKESIDE = {"LKS": "America/Detroit"}


def _printed(monkeypatch: pytest.MonkeyPatch, module: object, show: Callable[[], None]) -> str:
    """What `show` prints on `module`'s console, on one wide line per row."""
    wide = Console(width=300, record=True, color_system=None)
    monkeypatch.setattr(module, "console", wide)
    with wide.capture() as captured:
        show()
    return captured.get()


def test_the_cli_proposals_table_names_the_action_and_approver_in_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    said = _printed(monkeypatch, cli_proposals, lambda: cli_proposals.console.print(
        cli_proposals._table([expedite()], LAKESIDE)))  # fmt: skip
    assert "expedite" in said and "the plant manager (not the requester)" in said
    assert not any(word in said for word in ("expedite_po", "plant_manager")), said


def test_proposals_show_names_the_action_approver_and_channel_in_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    said = _printed(monkeypatch, cli_proposals, lambda: cli_proposals._show(expedite(), LAKESIDE))
    assert "AP-000001 expedite at LKS: pending" in said
    assert "via the API" in said and "needs the plant manager" in said
    assert not any(word in said for word in ("expedite_po", "plant_manager", "via api")), said


def test_chat_event_lines_name_the_tool_its_arguments_and_the_approver_in_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    events = [
        {"event": "tool_call", "name": "expedite_po", "args": {"po_number": "PO-7781", "qty": 600}},
        {"event": "tool_result", "name": "request_po_date_change", "ok": False, "summary": "no"},
        {"event": "proposal", "id": "AP-000001", "kind": "expedite_po", "status": "pending",
         "required_role": "plant_manager"},
    ]  # fmt: skip
    said = _printed(monkeypatch, cli_chat, lambda: [cli_chat._show_event(e) for e in events])
    assert "→ expedite: PO number 'PO-7781', quantity 600" in said
    assert "PO date change refused: no" in said
    assert "proposal AP-000001 (expedite) pending, needs the plant manager" in said
    assert not any(word in said for word in (*IDENTIFIERS, "qty")), said


@pytest.mark.parametrize(
    ("who", "channel", "words"),
    [(Actor("priya.nair", "plant_manager", ("LKS",), (), 25000), "cli",
      "priya.nair, the plant manager whose plant scope is LKS, over the command line"),
     (Actor("sam.okafor", "buyer", ("SAL",), (), 5000), "teams",
      "sam.okafor, a buyer whose plant scope is SAL, over Microsoft Teams")],
)  # fmt: skip
def test_the_system_prompt_names_the_role_and_channel_in_words(
    who: Actor, channel: str, words: str
) -> None:
    ctx = AgentContext(cast(Engine, None), who, channel, "t", datetime(2026, 3, 2, 11, tzinfo=UTC))
    prompt = system_prompt(ctx)
    assert words in prompt and "plant_manager" not in prompt


@pytest.mark.parametrize(
    ("kind", "payload", "said"),
    [("expedite_po", {"po_number": "PO-7781", "qty": -5},
      "Invalid expedite details: the quantity should be greater than 0"),
     ("po_date_change", {"po_number": "PO-7781"},
      "Invalid PO date change details: the new promised date is missing"),
     ("resequence", {"line_code": "LKS-SEAT1", "moves": [{"work_order_id": "WO-1"}]},
      "Invalid resequence details: the moves, no. 1, sequence is missing")],
)  # fmt: skip
def test_an_invalid_payload_is_refused_in_words(
    kind: str, payload: dict[str, object], said: str
) -> None:
    with pytest.raises(ProposalError) as refused:
        parse_payload(kind, payload)
    assert str(refused.value).startswith(said), str(refused.value)
    assert not any(word in str(refused.value) for word in ("_po", "_at", "qty")), refused.value


def test_a_field_path_reads_as_words() -> None:
    assert field_name(["qty"]) == "the quantity"
    assert field_name(["po_number"], article=False) == "PO number"
    assert field_name(["moves", 0, "planned_start"]) == "the moves, no. 1, planned start"
    assert field_name(["horizon"]) == "the horizon"


def test_a_channel_reads_as_words() -> None:
    assert [channel_name(c) for c in ("cli", "teams", "slack", "api", "new_thing")] == [
        "the command line", "Microsoft Teams", "Slack", "the API", "new thing"]  # fmt: skip


def test_a_console_proposal_card_names_the_action_and_approver_in_words() -> None:
    from api.console.pages import templates

    priya = Actor("priya.nair", "plant_manager", ("LKS",), (), 25000)
    card = templates.env.get_template("_proposal_card.html").render(
        p=expedite(), actor=priya, prefix="/console", csrf="x", csrf_field="csrf"
    )
    assert "AP-000001 · expedite at LKS" in card
    assert "the plant manager (not the requester)" in card
    assert not any(word in card for word in ("expedite_po", "plant_manager", "expedite po"))
