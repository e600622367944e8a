"""The write-path guard: only a request to act may plan a propose tool.

A question, a negation or a hypothesis about an action gets the facts about it instead: what it
would cost and who would approve it, whether one exists and its status, what happens without it.
"""

from __future__ import annotations

from typing import Any

from agent.offline.acts import Act
from agent.offline.mentions import Mentions
from agent.offline.planners import Plan, Recall, action_kind, plan_expedite_quote
from agent.offline.vocabulary import Vocabulary
from tools.registry import get_tool

PROPOSAL_KINDS = {
    "expedite_po": "expedite_po",
    "draft_supplier_escalation": "supplier_escalation",
    "request_po_date_change": "po_date_change",
    "transfer_inventory": "inventory_transfer",
    "propose_resequence": "resequence",
    "request_quality_review": "quality_review",
}
NOT_DONE = "Understood: I have not proposed anything."


def is_propose(tool: str) -> bool:
    try:
        return get_tool(tool).kind == "propose"
    except KeyError:
        return False


def _facts_instead(tool: str, args: dict[str, Any], plan: Plan) -> list[tuple[str, dict[str, Any]]]:
    """Read calls that answer a question about the action this propose call would have made."""
    kind = PROPOSAL_KINDS.get(tool) or "expedite_po"
    rule: dict[str, Any] = {"kind": kind}
    if args.get("po_number"):
        rule["po_number"] = args["po_number"]
    if tool == "propose_resequence":
        return [("shortages", {"line": args["line"], "horizon": "14d"}), ("approval_rule", rule)]
    if tool in ("request_po_date_change", "draft_supplier_escalation") and args.get("po_number"):
        return [("explain_po_risk", {"po_number": args["po_number"]}), ("approval_rule", rule)]
    return [("approval_rule", rule)]


def guard(
    plan: Plan, act: Act, clause: str, m: Mentions, recall: Recall, vocab: Vocabulary
) -> Plan:
    """The plan, with every propose call replaced by facts unless the clause asks us to act."""
    if act == "request" or not any(is_propose(name) for name, _ in plan.calls):
        if act != "request" and plan.intent == "clarify" and action_kind(plan.reply or ""):
            # "Which PO should I expedite?" would answer a question with an offer to act.
            return Plan(
                "clarify", reply=(plan.reply or "").replace("should I ", "do you mean to "), act=act
            )
        return Plan(plan.intent, plan.calls, plan.reply, plan.focus, act, plan.asks)
    calls: list[tuple[str, dict[str, Any]]] = []
    for name, args in plan.calls:
        if not is_propose(name):
            calls.append((name, args))
        elif name == "expedite_po":
            calls += plan_expedite_quote(clause, m, recall, vocab).calls
        else:
            calls += _facts_instead(name, args, plan)
    unique: list[tuple[str, dict[str, Any]]] = []
    for call in calls:
        if call not in unique:
            unique.append(call)
    focus = {**plan.focus, "not_proposed": act}
    intent = "expedite_quote" if any(n == "expedite_quote" for n, _ in unique) else "action_facts"
    return Plan(intent, unique, focus=focus, act=act)
