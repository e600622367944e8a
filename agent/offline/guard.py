"""The write-path guard: only a request to act may plan a propose tool.

A question, a negation or a hypothesis about an action gets the facts about it instead: what it
would cost and who would approve it, whether one exists and its status, what happens without it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from agent.offline.acts import FOR_ANOTHER_RE, Act
from agent.offline.mentions import Mentions, local_now
from agent.offline.planners import (
    APPROVE_IN_CHAT,
    PROPOSAL_KINDS,
    READ_HELP,
    Pending,
    Plan,
    Recall,
    action_kind,
    plan_expedite_quote,
)
from agent.offline.slots import day_in
from agent.offline.vocabulary import Vocabulary
from agent.offline.wo_moves import is_move
from domain.formatting import action_name
from tools.registry import get_tool

NOT_DONE = "Understood: I have not proposed anything."
FOR_ANOTHER = (
    "I can't decide for another person: an approval is recorded in the approver's own name, so "
    "only they can give it, and four-eyes means the person who asked for an action never "
    "approves it. Nothing was approved or changed."
)
ALL_AT_ONCE = (
    "I won't approve everything at once: each proposal is decided on its own, by the approver "
    "its rule names, after they have read its facts. Nothing was approved or changed."
)
NOT_MINE_TO_DECIDE = (
    "I can't decide proposals: Lineside only proposes, and the person its approval rule names "
    "approves or rejects it (a requester confirms their own only where the rule lets them, such "
    "as freight within their limit; otherwise someone else decides it). Nothing was approved or "
    "changed."
)
OVERRIDE = (
    "I won't do that: my rules stay as they are whatever a message says. I don't approve, "
    "reject or execute anything, skip an approval, change recorded figures, take another "
    "person's role or read plants outside your scope; every write is a proposal that its "
    "approver decides. Nothing was proposed, approved or changed. " + READ_HELP
)


def refusal(act: Act, clause: str, recall: Recall | None = None) -> Plan:
    """The short refusal, saying why, for an attempt to decide or to set the rules aside; after
    a proposal (or for 'whatever dana sent'), the pending ones beside it, each with who decides
    it, so the approver can decide them where decisions are made."""
    if act == "override":
        return Plan("decline", reply=OVERRIDE, act=act)
    if FOR_ANOTHER_RE.search(clause):
        why = FOR_ANOTHER
    elif re.search(r"\b(?:all|everything|every one|each|whatever|anything)\b", clause, re.I):
        why = ALL_AT_ONCE
    else:
        why = NOT_MINE_TO_DECIDE
    said = f"{why} {APPROVE_IN_CHAT}"
    priced = recall.offer if recall is not None and recall.proposal is None else None
    if act == "decide" and priced and why != FOR_ANOTHER:  # "fine approve it" after a quote
        kind = PROPOSAL_KINDS.get(str(priced.get("tool"))) or "expedite_po"
        said = (f"There is nothing to approve yet: {action_name(kind, article=True)} was only "
                "priced in this thread, and nothing was proposed. Its requester proposes it "
                f"first ('raise it'); then its approver decides it. {said}")  # fmt: skip
    thread = recall is not None and recall.proposal is not None
    if act == "decide" and why != FOR_ANOTHER and (thread or why == ALL_AT_ONCE):
        focus = {REFUSAL_FIRST: "yes", **({"proposal": str(recall.proposal)} if thread and recall
                                          else {})}  # fmt: skip
        return Plan("approve_in_chat", [("pending_proposals", {"status": "pending"})], act=act,
                    asks=(said,), focus=focus)  # fmt: skip
    return Plan("approve_in_chat", reply=said, act=act)


REFUSAL_FIRST = "refusal_first"  # the answer opens with the refusal, then the facts beside it


def is_propose(tool: str) -> bool:
    try:
        return get_tool(tool).kind == "propose"
    except KeyError:
        return False


def _facts_instead(
    tool: str, args: dict[str, Any], plan: Plan, act: Act
) -> list[tuple[str, dict[str, Any]]]:
    """Read calls that answer a question about the action this propose call would have made."""
    kind = PROPOSAL_KINDS.get(tool) or "expedite_po"
    rule: dict[str, Any] = {"kind": kind}
    if args.get("po_number"):
        rule["po_number"] = args["po_number"]
    if tool == "propose_resequence" and act in ("ask", "hypothesise"):
        # "can we resequence SEAT1?": what the scheduler would do, shown, never proposed
        return [("resequence_preview", dict(args)), ("approval_rule", rule)]
    if tool == "propose_resequence":
        return [("shortages", {"line": args["line"], "horizon": "14d"}), ("approval_rule", rule)]
    if tool in ("request_po_date_change", "draft_supplier_escalation") and args.get("po_number"):
        return [("explain_po_risk", {"po_number": args["po_number"]}), ("approval_rule", rule)]
    if tool == "draft_supplier_escalation" and args.get("supplier"):
        # "worth escalating to them?": what is late or unconfirmed from them, and what it hits
        lines = {"supplier": args["supplier"], "horizon": "14d"}
        return [("po_lines_by_impact", lines), ("approval_rule", rule)]
    return [("approval_rule", rule)]


def _day_said(clause: str, vocab: Vocabulary, line: str) -> str | None:
    """The day a clause names, on the line's plant clock (ISO), or None."""
    now = local_now(vocab.as_of, vocab.plant_timezones.get(line.split("-", 1)[0]))
    day = day_in(clause, now) if now is not None and line else None
    return day.isoformat() if day else None


def _facts_next(plan: Plan, act: Act) -> Plan:
    """An action waiting on its PO line, asked about rather than asked for: the quote of an
    expedite once the line is known, the approval rule of any other action."""
    then = plan.then
    assert then is not None
    focus = {**plan.focus, "not_proposed": act}
    if then.tool == "expedite_po":
        kept = {k: v for k, v in then.args.items() if k in ("mode", "qty")}
        quote = Pending("expedite_quote", kept, act=act, named=then.named, prefer=then.prefer)
        return Plan("expedite_quote", plan.calls, focus=focus, act=act, then=quote)
    rule = ("approval_rule", {"kind": PROPOSAL_KINDS.get(then.tool, "expedite_po")})
    return Plan("action_facts", [*plan.calls, rule], focus=focus, act=act)


def guard(
    plan: Plan, act: Act, clause: str, m: Mentions, recall: Recall, vocab: Vocabulary
) -> Plan:
    """The plan, with every propose call replaced by facts unless the clause asks us to act."""
    if is_move(plan.then):
        return plan  # a WO moved by time and product: its steps propose only for a request
    if plan.then is not None and act != "request" and is_propose(plan.then.tool):
        return _facts_next(plan, act)
    if act == "request" or not any(is_propose(name) for name, _ in plan.calls):
        if act == "negate" and plan.intent == "clarify" and action_kind(plan.reply or ""):
            return Plan("negate", reply=f"{NOT_DONE} {READ_HELP}", act=act)  # nothing to ask
        if act != "request" and plan.intent == "clarify" and action_kind(plan.reply or ""):
            # "Which PO should I expedite?" would answer a question with an offer to act.
            return Plan(
                "clarify", reply=(plan.reply or "").replace("should I ", "do you mean to "), act=act
            )
        return replace(plan, act=act)
    calls: list[tuple[str, dict[str, Any]]] = []
    for name, args in plan.calls:
        if not is_propose(name):
            calls.append((name, args))
        elif name == "expedite_po":
            calls += plan_expedite_quote(clause, m, recall, vocab).calls
        else:
            calls += _facts_instead(name, args, plan, act)
            day = _day_said(clause, vocab, str(args.get("line") or ""))
            if name == "propose_resequence" and act in ("ask", "hypothesise") and day:
                # "would flipping the tue orion/vega door runs even help?": that day's runs and
                # what each is short of, before what a resequence would do
                calls.insert(0, ("clear_to_build", {"line": args["line"], "date": day}))
    unique: list[tuple[str, dict[str, Any]]] = []
    for call in calls:
        if call not in unique:
            unique.append(call)
    focus = {**plan.focus, "not_proposed": act}
    intent = "expedite_quote" if any(n == "expedite_quote" for n, _ in unique) else "action_facts"
    weighed = next(((n, a) for n, a in plan.calls if is_propose(n)), None)
    offer = weighed if act in ("ask", "hypothesise") else None  # never after "don't"
    return Plan(intent, unique, focus=focus, act=act, offer=offer)
