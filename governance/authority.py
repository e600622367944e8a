"""Who may decide which proposal: plant scope, four-eyes, role rank and approval limit, once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine

from domain.formatting import action_name, money, role_name
from governance.approval_rules import RuleMatch
from governance.errors import AccessDenied, GovernanceError, OutOfScope
from governance.identity import Actor, list_actors
from governance.policy import in_scope
from governance.proposals import ProposalView, list_proposals

# Who satisfies a required approver role; an executive satisfies a plant manager's rule.
ROLE_RANK = {"buyer": 1, "plant_manager": 2, "executive": 3}
NO_LIMIT_ROLES = ("executive",)


def decides_nothing(role: str) -> bool:
    """A role below every approver's rank (an evaluator, a planner) approves nothing, not even
    what it asked for itself: what a requester may confirm, a buyer or manager confirms."""
    return role not in ROLE_RANK


def plants_acted_on(p: ProposalView) -> list[str]:
    """The plants a decision acts on: the proposal's own, and for a transfer the plant that
    ships (its stock leaves on this yes, so its side must be in the approver's scope too)."""
    shipping = (
        str(p.payload.get("from_plant") or "").upper() if p.kind == "transfer_inventory" else ""
    )
    return [p.plant_code] + ([shipping] if shipping and shipping != p.plant_code else [])


def authority_refusal(
    approver: Actor, p: ProposalView, cost: float, approver_role: str, four_eyes: bool
) -> GovernanceError | None:
    """Why `approver` may not decide `p` at `cost` under a rule (role, four-eyes); None if they may.

    The one place that says who may decide what: the decision itself and every "awaiting my
    approval" list ask it.
    """
    plants = tuple(plants_acted_on(p))
    d = Decision(p.id, p.kind, plants, p.requested_by, cost, approver_role, four_eyes)
    return rule_refusal(approver, d)


@dataclass(frozen=True)
class Decision:
    """What deciding an action (a proposal, or one only asked about) takes: its plants, who
    asked for it, its cost and the approver its rule names."""

    subject: str  # 'AP-000001', or the action in words when no proposal exists
    kind: str
    plants: tuple[str, ...]
    requested_by: str
    cost: float
    approver_role: str
    four_eyes: bool


def rule_refusal(approver: Actor, d: Decision) -> GovernanceError | None:
    """Why `approver` may not make decision `d` (scope, four-eyes, role, limit); None: they may."""
    for plant in d.plants:
        if not in_scope(approver, plant):
            return OutOfScope(plant, approver.plant_scope, subject=d.subject)
    is_requester = approver.username == d.requested_by
    if is_requester and (d.four_eyes or d.approver_role != "requester"):
        return AccessDenied(
            f"Four-eyes: {d.subject} ({action_name(d.kind, article=True)}, {money(d.cost)}) needs"
            f" approval by {role_name(d.approver_role)}, by someone other than the requester;"
            " you cannot approve your own"
        )
    if not is_requester:
        # A requester-confirmable action may also be decided by the plant's management.
        needed = "plant_manager" if d.approver_role == "requester" else d.approver_role
        if ROLE_RANK.get(approver.role, 0) < ROLE_RANK.get(needed, 99):
            return AccessDenied(
                f"{d.subject} needs approval by {role_name(needed)}; you are "
                f"{role_name(approver.role)}"
            )
    if d.cost > 0 and approver.role not in NO_LIMIT_ROLES and d.cost > approver.approval_limit:
        return AccessDenied(
            f"{d.subject} costs {money(d.cost)}, above your approval limit of"
            f" {money(approver.approval_limit)}"
        )
    return None


def is_rule_approver(person: Actor, d: Decision) -> bool:
    """Whether `d` waits for `person` by its rule: their role is the one it names, or it is theirs
    to confirm as its requester; an executive may decide a plant manager's action, but it does
    not need them."""
    if d.approver_role == "requester":
        return person.username == d.requested_by
    return person.role == d.approver_role and rule_refusal(person, d) is None


def check_authority(approver: Actor, p: ProposalView, cost: float, rule: RuleMatch) -> None:
    """Raise unless `approver` may decide this proposal at this cost under this rule."""
    refusal = authority_refusal(approver, p, cost, rule.approver_role, rule.four_eyes)
    if refusal is not None:
        raise refusal


def may_decide(approver: Actor, p: ProposalView) -> bool:
    """True when `p` is pending and `approver` may decide it as it stands (its cost and rule)."""
    return (
        p.status == "pending"
        and authority_refusal(approver, p, p.cost, p.required_role, p.four_eyes) is None
    )


def awaits(approver: Actor, p: ProposalView) -> bool:
    """True when `p` waits for `approver`: they may decide it, and an action the requester may
    confirm waits for its requester (the plant's management may decide it, but it is not theirs
    to chase)."""
    if p.required_role == "requester" and p.requested_by != approver.username:
        return False
    return may_decide(approver, p)


def awaiting_approval(engine: Engine, approver: Actor) -> list[ProposalView]:
    """The pending proposals waiting for `approver`, newest first: "what needs my approval?"."""
    return [v for v in list_proposals(engine, approver, "pending") if awaits(approver, v)]


def who_may_decide(actors: Iterable[Actor], p: ProposalView) -> list[Actor]:
    """Those of `actors` who may decide `p` as it stands (its cost and rule), lowest role first:
    "who has to OK it?". Nobody once it is decided or expired."""
    found = [a for a in actors if may_decide(a, p)]
    return sorted(found, key=lambda a: (ROLE_RANK.get(a.role, 0), a.username))


def deciders(engine: Engine, p: ProposalView) -> list[Actor]:
    """Every Lineside user who may decide `p` as it stands (`who_may_decide`)."""
    return who_may_decide(list_actors(engine), p) if p.status == "pending" else []


def would_refuse(
    approver: Actor,
    plant: str,
    kind: str,
    cost: float,
    approver_role: str,
    four_eyes: bool,
    *,
    requested_by: str | None,
) -> GovernanceError | None:
    """The same check for an action not proposed yet ("who'd sign off if we flew it?", "is 12k
    mine to sign?"): why `approver` could not decide it, were it raised by `requested_by`."""
    decision = Decision("it", kind, (plant,), requested_by or "", cost, approver_role, four_eyes)
    return rule_refusal(approver, decision)
