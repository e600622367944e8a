"""Human approval in the graph: pause on each pending proposal, then report what was decided.

The graph never decides: a front end calls `agent.decisions` (governance decides), which then
resumes the pause with `decided_elsewhere` so the thread reports the outcome.
"""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from langchain_core.messages import AIMessage
from langgraph.graph import END
from langgraph.runtime import Runtime
from langgraph.types import Send, interrupt

from agent.context import AgentContext
from agent.state import REPORTED_KEY, AgentState, ApprovalTask, DecisionNote
from domain.formatting import action_name, approver_words, money
from governance.proposals import ProposalView, get_proposal

# What a human may answer (front ends offer these; agent.decisions applies them).
HUMAN_DECISIONS = ("approve", "edit", "reject")
# What resumes a pause: defer (the user moved on, the proposal stays pending) or
# decided_elsewhere (governance has decided it: report its outcome).
DECISIONS = ("defer", "decided_elsewhere")


def route_approvals(state: AgentState) -> list[Send] | str:
    """One Send (and so one interrupt) per pending proposal not yet put to an approver."""
    waiting = [
        p
        for p in state.get("proposals", {}).values()
        if p.get("status") == "pending" and p.get("review") is None
    ]
    return [Send("approval", ApprovalTask(proposal=p)) for p in waiting] or END


def route_start(state: AgentState) -> str:
    """A decision to apply (approval made elsewhere) goes straight to execute; else the model."""
    pending = [d for d in state.get("decisions", {}).values() if not d.get("applied")]
    return "execute" if pending else "model"


def inbox_request(view: ProposalView) -> dict[str, Any]:
    """The interrupt payload, shaped like an agent-inbox HumanInterrupt plus our own fields."""
    approver = approver_words(view.required_role, view.four_eyes)
    return {
        "action_request": {"action": view.kind, "args": view.payload},
        "config": {
            "allow_accept": True,
            "allow_edit": True,
            "allow_respond": False,
            "allow_ignore": True,
        },  # fmt: skip
        "description": f"{view.id}: {view.expected_effect}. Why: {view.rationale}. "
        f"Cost {money(view.cost)}; needs {approver}; requested by {view.requested_by}.",
        "proposal_id": view.id,
        "kind": view.kind,
        "cost": view.cost,
        "plant_code": view.plant_code,
        "required_role": view.required_role,
        "requested_by": view.requested_by,
        "allowed_decisions": list(HUMAN_DECISIONS),
        "expires_at": view.expires_at.isoformat(),
    }


def await_decision(state: ApprovalTask, *, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Pause until this one proposal is decided (or deferred), then report that outcome alone.

    Reporting here, not in a later node, lets one approver's decision show while a sibling
    pause of the same turn still waits for its own approver.
    """
    view = get_proposal(runtime.context.engine, state["proposal"]["id"])
    answer = interrupt(inbox_request(view))
    if not isinstance(answer, dict) or answer.get("decision") not in DECISIONS:
        raise ValueError(f"resume value for {view.id} must be a dict with decision in {DECISIONS}")
    note = DecisionNote(decision="defer" if answer["decision"] == "defer" else "decided_elsewhere")
    return settle(view.id, note, runtime)


def outcome_text(view: ProposalView) -> str:
    """What happened to a proposal, in one or two sentences built from governance's record."""
    head = f"{view.id} ({action_name(view.kind)}, {money(view.cost)})"
    by = f" by {view.decided_by}" if view.decided_by else ""
    if view.status == "executed":
        result = view.result or {}
        sent = (
            f" {result['messages']} outbound message(s) queued." if result.get("messages") else ""
        )
        return f"{head} was approved{by} and executed: {view.expected_effect}.{sent}"
    if view.status == "failed":
        return (
            f"{head} was approved{by} but execution failed: {view.failure_reason}. Nothing changed."
        )
    if view.status == "rejected":
        comment = f" ({view.decision_comment})" if view.decision_comment else ""
        return f"{head} was rejected{by}{comment}. Nothing was sent or changed."
    if view.status == "expired":
        return f"{head} expired unanswered and is denied. Nothing was sent or changed."
    return f"{head} is {view.status}; it needs {approver_words(view.required_role)}."


def settle(pid: str, note: DecisionNote, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """The state update for one decided (or deferred) proposal, with its report."""
    view = get_proposal(runtime.context.engine, pid)
    report = None if view.status == "pending" else outcome_text(view)
    if report is not None:
        review: str | None = "answered"
    else:  # deferred by a user who moved on; else still undecided: put it to an approver again
        review = "deferred" if note["decision"] == "defer" else None
    update: dict[str, Any] = {
        "decisions": {pid: {**note, "applied": True}},
        "proposals": {
            pid: {
                "id": pid,
                "kind": view.kind,
                "status": view.status,
                "required_role": view.required_role,
                "cost": view.cost,
                "review": review,
            }
        },
    }
    if report:
        # A fixed id: the report keeps it from the pending write to the committed step.
        update["messages"] = [AIMessage(content=report, id=f"decision-{uuid4().hex}",
                                        additional_kwargs={REPORTED_KEY: [pid]})]  # fmt: skip
        runtime.stream_writer({"event": "decision", "proposal_id": pid, "status": view.status})
    return update


def apply_decisions(state: AgentState, *, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Report decisions handed in from outside a pause (the thread had moved on) in the thread."""
    update: dict[str, Any] = {"decisions": {}, "proposals": {}}
    reports: list[AIMessage] = []
    for pid, note in state.get("decisions", {}).items():
        if note.get("applied"):
            continue
        one = settle(pid, note, runtime)
        update["decisions"].update(one["decisions"])
        update["proposals"].update(one["proposals"])
        reports.extend(one.get("messages", []))
    if reports:
        text = "\n".join(str(m.content) for m in reports)
        pids = [pid for m in reports for pid in m.additional_kwargs.get(REPORTED_KEY, [])]
        update["messages"] = [AIMessage(content=text, id=f"decision-{uuid4().hex}",
                                        additional_kwargs={REPORTED_KEY: pids})]  # fmt: skip
    return update
