"""Who may decide a proposal: four-eyes, role rank, plant scope and approval limits, no database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from governance.approval_rules import RuleMatch
from governance.authority import awaits, check_authority, may_decide, who_may_decide
from governance.errors import AccessDenied, OutOfScope
from governance.identity import Actor
from governance.proposals import ProposalView

DANA = Actor("dana.kim", "buyer", ("LKS",), ("electronics",), 5000)
LUIS = Actor("luis.ortega", "planner", ("LKS",), (), 0)
PRIYA = Actor("priya.nair", "plant_manager", ("LKS",), (), 25000)
CARLOS = Actor("carlos.mendez", "plant_manager", ("SAL",), (), 25000)
MORGAN = Actor("morgan.lee", "executive", ("LKS", "SAL", "GYR"), (), 0)
ADMIN = Actor("admin", "admin", ("LKS", "SAL", "GYR"), (), 0)

SELF = RuleMatch(1, "requester", False, 24)
PM = RuleMatch(2, "plant_manager", True, 24)
EXEC = RuleMatch(3, "executive", True, 24)


def proposal(
    cost: float, by: str = "dana.kim", role: str = "", four_eyes: bool = True
) -> ProposalView:
    t = datetime(2026, 3, 2, 11, tzinfo=UTC)
    return ProposalView(
        id="AP-000001",
        kind="expedite_po",
        payload={},
        rationale="",
        cited_facts=[],
        expected_effect="",
        cost=cost,
        requested_by=by,
        on_behalf_of=None,
        channel="cli",
        required_role=role,
        plant_code="LKS",
        status="pending",
        four_eyes=four_eyes,
        created_at=t,
        expires_at=t,
        decided_at=None,
        decided_by=None,
        decision_comment=None,
        executed_at=None,
        failure_reason=None,
        result=None,
        thread_id=None,
    )


@pytest.mark.parametrize(
    ("who", "cost", "rule"),
    [
        (DANA, 5000, SELF),
        (PRIYA, 5000, SELF),
        (PRIYA, 6800, PM),
        (MORGAN, 6800, PM),
        (MORGAN, 90000, EXEC),
        (PRIYA, 25000, PM),
    ],
)
def test_allowed(who: Actor, cost: float, rule: RuleMatch) -> None:
    check_authority(who, proposal(cost), cost, rule)


@pytest.mark.parametrize(
    ("who", "cost", "rule", "error", "words"),
    [
        (DANA, 6800, PM, AccessDenied, "Four-eyes"),
        (LUIS, 100, SELF, AccessDenied, "approval by the plant manager; you are a planner"),
        (LUIS, 6800, PM, AccessDenied, "approval by the plant manager"),
        (CARLOS, 6800, PM, OutOfScope, "not in your scope"),
        (PRIYA, 25000.01, EXEC, AccessDenied, "approval by an executive"),
        (PRIYA, 30000, PM, AccessDenied, "approval limit"),
        (ADMIN, 6800, PM, AccessDenied, "you are an administrator"),
    ],
)
def test_refused(who: Actor, cost: float, rule: RuleMatch, error: type, words: str) -> None:
    with pytest.raises(error, match=words):
        check_authority(who, proposal(cost), cost, rule)


def test_a_requester_rule_with_four_eyes_still_refuses_the_requester() -> None:
    with pytest.raises(AccessDenied, match="Four-eyes"):
        check_authority(DANA, proposal(10), 10, RuleMatch(9, "requester", True, 24))


def test_what_waits_for_whom_follows_the_same_rule() -> None:
    expedite = proposal(6800, role="plant_manager")
    big = proposal(90000, role="executive")
    escalation = proposal(0, role="requester", four_eyes=False)
    assert [awaits(who, expedite) for who in (DANA, PRIYA, MORGAN, CARLOS, LUIS)] == [
        False, True, True, False, False,
    ]  # fmt: skip
    assert [awaits(who, big) for who in (PRIYA, MORGAN)] == [False, True]
    # The requester's own confirmation waits for her; management may still decide it.
    assert awaits(DANA, escalation) and not awaits(PRIYA, escalation)
    assert may_decide(PRIYA, escalation)
    assert not may_decide(PRIYA, expedite.model_copy(update={"status": "executed"}))


def _transfer(from_plant: str, to_plant: str, by: str = "luis.ortega") -> ProposalView:
    return proposal(0, by=by, role="plant_manager").model_copy(
        update={
            "kind": "transfer_inventory",
            "plant_code": to_plant,
            "payload": {"item_code": "T-3105", "from_plant": from_plant, "to_plant": to_plant},
        }
    )


def test_a_transfer_is_decided_only_by_someone_who_covers_the_plant_that_ships() -> None:
    into_lks = _transfer("SAL", "LKS")
    # Priya runs LKS but SAL's stock would leave on her yes; Carlos runs SAL, not LKS.
    for who in (PRIYA, CARLOS):
        with pytest.raises(OutOfScope, match="not in your scope"):
            check_authority(who, into_lks, 0, PM)
        assert not awaits(who, into_lks)
    check_authority(MORGAN, into_lks, 0, PM)
    assert awaits(MORGAN, into_lks)
    # A manager whose scope holds both plants decides it like any other proposal.
    both = Actor("rosa.both", "plant_manager", ("LKS", "SAL"), (), 25000)
    check_authority(both, into_lks, 0, PM)


def test_who_may_decide_a_proposal_asks_the_same_check_for_everyone() -> None:
    everyone = [ADMIN, CARLOS, DANA, LUIS, MORGAN, PRIYA]
    expedite = proposal(6800, role="plant_manager")
    assert [a.username for a in who_may_decide(everyone, expedite)] == ["priya.nair", "morgan.lee"]
    big = proposal(30000, role="executive")
    assert [a.username for a in who_may_decide(everyone, big)] == ["morgan.lee"]
    own = proposal(0, role="requester", four_eyes=False)  # the requester's own escalation
    assert [a.username for a in who_may_decide(everyone, own)] == [
        "dana.kim", "priya.nair", "morgan.lee",
    ]  # fmt: skip
    assert who_may_decide(everyone, expedite.model_copy(update={"status": "approved"})) == []
