"""`approval_rule` with a person named as the approver ('does it need morgan?'): whether their
role and plants make them the one who approves it, one who may, or neither and why, from
governance's authority check; an expedite of a PO asked about without a cost is priced."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.integration.tools_support import call, data, transfer_to_lks

pytestmark = pytest.mark.integration


def _expedite(engine: Engine) -> str:
    raised = call(engine, "dana.kim", "expedite_po", {"po_number": "PO-7781", "mode": "air"})
    assert raised.ok and raised.proposal, raised.error
    return str(raised.proposal["id"])


def test_each_person_asked_about_is_the_approver_one_who_may_or_neither(demo_db: Engine) -> None:
    pid = _expedite(demo_db)
    asked = {}
    for name in ("priya", "morgan.lee", "sam", "luis"):
        result = call(demo_db, "dana.kim", "approval_rule", {"proposal_id": pid, "person": name})
        assert result.ok, result.error
        asked[name] = (data(result)["person"], result.summary)
    priya, morgan, sam, luis = (asked[n][0] for n in ("priya", "morgan.lee", "sam", "luis"))
    assert priya["username"] == "priya.nair" and priya["needed"] and priya["may_decide"]
    assert not morgan["needed"] and morgan["may_decide"]  # an executive may; it needs the PM
    assert not sam["may_decide"] and sam["plants"] == ["SAL"]
    assert not luis["may_decide"] and luis["role"] == "planner"
    assert asked["priya"][1].startswith("Yes: priya.nair")
    assert asked["morgan.lee"][1].startswith("It does not need morgan.lee")
    assert "outside their plants" in asked["sam"][1]


def test_an_expedite_of_a_po_without_a_cost_is_priced_for_its_rule(demo_db: Engine) -> None:
    args = {"kind": "expedite_po", "po_number": "PO-7781", "person": "priya"}
    result = call(demo_db, "dana.kim", "approval_rule", args)
    assert result.ok, result.error
    facts = data(result)
    assert facts["cost"] == 6800.0 and facts["applies"]["approver_role"] == "plant_manager"
    assert facts["person"]["needed"]


def test_someone_who_is_no_user_is_said_so(demo_db: Engine) -> None:
    result = call(demo_db, "dana.kim", "approval_rule", {"kind": "resequence", "person": "bob"})
    assert not result.ok and "no Lineside user named 'bob'" in (result.error or "")


def test_the_rule_at_a_cost_leads_with_the_tier_and_keeps_the_rest_in_the_data(
    demo_db: Engine,
) -> None:
    result = call(demo_db, "dana.kim", "approval_rule", {"kind": "expedite_po", "cost": 12000})
    assert result.summary.startswith("At $12,000.00: the plant manager")
    assert "Approval rule for" not in result.summary  # the whole rule is the policy line
    assert "up to $25,000" in (result.policy or "")
    assert len(data(result)["tiers"]) == 3


def test_a_transfer_asked_about_for_a_person_weighs_the_shipping_plant_too(
    demo_db: Engine,
) -> None:
    # Priya manages LKS only: a transfer into LKS also acts on the plant that ships it.
    args = transfer_to_lks(demo_db)
    raised = call(demo_db, "luis.ortega", "transfer_inventory", args)
    assert raised.ok and raised.proposal, raised.error
    asked = {"proposal_id": str(raised.proposal["id"]), "person": "priya"}
    result = call(demo_db, "luis.ortega", "approval_rule", asked)
    assert result.ok, result.error
    assert not data(result)["person"]["may_decide"]
    assert str(args["from_plant"]) in result.summary
