"""A request the user's role may not make is declined first, naming who may make it: before any
question back ("which PO?") and before any read that would stand in for the action."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from agent.offline.planners import LOOKUP_TOOL, PROPOSAL_KINDS, READ_HELP, Plan
from agent.offline.wo_moves import READ_TOOL, is_move
from domain.formatting import action_name, role_name
from governance.authority import decides_nothing


@dataclass(frozen=True)
class Permits:
    """The asking user's role and, per propose tool, the roles the policy lets call it."""

    role: str
    propose_roles: Mapping[str, Sequence[str]] = field(default_factory=dict)
    plants: tuple[str, ...] = ()  # the user's plant scope ('*': every plant; empty: not known)

    def may(self, tool: str) -> bool:
        return tool not in self.propose_roles or self.role in self.propose_roles[tool]


def _either(words: list[str]) -> str:
    return ", ".join(words[:-1]) + f" or {words[-1]}" if len(words) > 1 else words[0]


def declined(tool: str, permits: Permits) -> str:
    """'As a planner you can't ask for an expedite: a buyer or the plant manager may propose
    one.'"""
    action = action_name(tool, article=True)
    who = [role_name(r) for r in permits.propose_roles.get(tool, ()) if r != "admin"]
    may = f"{_either(who)} may propose one" if who else "no role may propose one in chat"
    return f"As {role_name(permits.role)} you can't ask for {action}: {may}."


def declined_reply(tools: list[str], permits: Permits) -> str:
    """The whole refusal: each action declined, nothing proposed, what can still be asked."""
    return " ".join(declined(t, permits) for t in tools) + " Nothing was proposed. " + READ_HELP


def _asked_for(plan: Plan) -> list[str]:
    """The propose tools a plan would call, now or once its lookup is in."""
    tools = [name for name, _ in plan.calls if name in PROPOSAL_KINDS]
    if plan.then is not None and plan.then.tool in PROPOSAL_KINDS:
        tools.append(plan.then.tool)
    return list(dict.fromkeys(tools))


def role_checked(plan: Plan, permits: Permits | None) -> Plan:
    """The plan without the actions the role may not ask for, each declined in words; only the
    refusal when nothing else is left. A question back about such an action is never asked."""
    read_only = (
        permits is not None
        and decides_nothing(permits.role)
        and not any(permits.may(t) for t in PROPOSAL_KINDS if t in permits.propose_roles)
    )
    if permits is not None and read_only and plan.intent == "approve_in_chat" and plan.reply:
        # "approve the pending air freight, just testing" from an evaluator: the role first
        role = role_name(permits.role)
        return replace(plan, reply=f"As {role} you can't approve or reject anything: the "
                       f"role is read-only. {plan.reply}")  # fmt: skip
    if permits is None or plan.act != "request":
        return plan
    denied = [tool for tool in _asked_for(plan) if not permits.may(tool)]
    if not denied:
        return plan
    refused = tuple((name, dict(args)) for name, args in plan.calls if name in denied)
    if plan.then is not None and plan.then.tool in denied:
        refused += ((plan.then.tool, dict(plan.then.args)),)
    calls = [(name, args) for name, args in plan.calls if name not in denied]
    then = plan.then if plan.then is not None and plan.then.tool not in denied else None
    if then is None and plan.then is not None:
        # the lookup (or the day's WOs, for a run moved by time and product) was only for it
        only_for_it = (LOOKUP_TOOL, READ_TOOL) if is_move(plan.then) else (LOOKUP_TOOL,)
        calls = [c for c in calls if c[0] not in only_for_it]
    if not calls:
        return Plan("declined_for_role", reply=declined_reply(denied, permits), act=plan.act,
                    declined=refused)  # fmt: skip
    refusals = tuple(declined(tool, permits) for tool in denied)
    return replace(plan, calls=calls, then=then, asks=(*plan.asks, *refusals), declined=refused)


def role_sentence(permits: Permits) -> str:
    """'As an evaluator you may ask all of that, but propose no action: a buyer or the plant
    manager proposes them.' What the asker's role may propose, from the policy."""
    own = [action_name(t, article=True) for t in PROPOSAL_KINDS
           if t in permits.propose_roles and permits.may(t)]  # fmt: skip
    role = role_name(permits.role)
    evals = " and run the eval suites (`lineside eval`, the console)" if permits.role == (
        "evaluator") else ""  # fmt: skip
    if not own:
        return (
            f"As {role} you may ask all of that{evals}, but propose no action; approvals "
            "are decided by the approver each action's rule names."
        )
    listed = ", ".join(own[:-1]) + (f" and {own[-1]}" if len(own) > 1 else own[0])
    return (
        f"As {role} you may ask for {listed}; each is a proposal its approver decides "
        "before anything is sent or changed."
    )
