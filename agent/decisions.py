"""The one entry point for a human decision on a proposal, whichever front end it comes from.

Every front end (the CLI's `proposals approve|reject` and `chat --approve`, the API, Slack,
Teams, the console) calls `decide_proposal` (by proposal id) or `decide_in_thread` (by the
thread the approver is looking at). Both do the same three things:

1. governance decides (`governance.approvals.decide`: authority, four-eyes, limits, scope, the
   executor run exactly once, outbound messages queued in the outbox with the decision);
2. the thread that raised the proposal reports the outcome there (its pause resumes);
3. the queue worker sends the outbox; a front end that wants to show "sent" may pass
   `wait_for_send`, which sends this decision's messages now through the same dispatcher.

The graph itself never decides; it only reports what governance recorded.
"""

from __future__ import annotations

from typing import Any, Literal

from langgraph.types import Command
from pydantic import BaseModel
from sqlalchemy import Engine

from agent.approval import outcome_text
from agent.context import AgentContext
from agent.runner import (
    THREAD_LOCK_WAIT_S,
    Agent,
    EventSink,
    TurnResult,
    agent_for,
    summarise,
    thread_lock,
)
from domain.clock import as_of
from governance.approvals import Decision, decide
from governance.errors import (
    GovernanceError,
    ProposalError,
    ProposalExpired,
    ProposalNotFound,
    ProposalNotPending,
)
from governance.identity import Actor
from governance.outbox import OutboundSender, queued_count
from governance.proposals import ProposalView, get_proposal
from governance.worker import send_for_proposal

Outcome = Literal["executed", "failed", "rejected"]


class DecisionOutcome(BaseModel):
    """What one decision did, for any front end to show."""

    proposal: ProposalView  # as governance recorded it after the decision
    outcome: Outcome
    messages_queued: int  # outbound messages the execution put in the outbox
    messages_sent: int  # of those, sent before this returned (only with wait_for_send)
    thread_id: str | None  # the agent thread that raised the proposal, if any
    thread_message: str | None  # what that thread reported, if it reported anything
    thread_waiting: list[str]  # proposals that thread is still paused on


def decide_proposal(
    engine: Engine,
    proposal_id: str,
    approver: Actor,
    decision: Decision,
    *,
    edited_payload: dict[str, Any] | None = None,
    comment: str = "",
    channel: str = "api",
    wait_for_send: bool = False,
    sender: OutboundSender | None = None,
    agent: Agent | None = None,
    lock_wait_s: float = THREAD_LOCK_WAIT_S,
) -> DecisionOutcome:
    """Approve, edit-then-approve or reject `proposal_id` as `approver` (from authentication).

    Raises the GovernanceError that refused it (unknown id, not pending, expired, four-eyes,
    role, limit, scope); a refusal changes nothing and is audited. The originating thread
    reports an expiry found here too. A thread busy with a turn for longer than `lock_wait_s`
    raises ThreadBusy before anything is decided.
    """
    thread_id = get_proposal(engine, proposal_id).thread_id
    if thread_id is None:
        view = decide(engine, proposal_id, approver, decision, as_of(engine), edited_payload,
                      comment)  # fmt: skip
        return _outcome(engine, view, None, wait_for_send, sender)
    agent = agent or agent_for(engine)
    ctx = agent.context(approver, channel, thread_id)
    with thread_lock(agent.engine, thread_id, wait_s=lock_wait_s):
        try:
            view = decide(engine, proposal_id, approver, decision, ctx.as_of, edited_payload,
                          comment)  # fmt: skip
        except ProposalExpired:
            _report(agent, ctx, proposal_id, None)
            raise
        turn = _report(agent, ctx, proposal_id, None)
    return _outcome(engine, view, turn, wait_for_send, sender, waiting=agent.waiting(thread_id))


def decide_in_thread(
    engine: Engine,
    thread_id: str,
    approver: Actor,
    decision: Decision,
    *,
    proposal_id: str | None = None,
    edited_payload: dict[str, Any] | None = None,
    comment: str = "",
    channel: str = "api",
    on_event: EventSink | None = None,
    agent: Agent | None = None,
    lock_wait_s: float = THREAD_LOCK_WAIT_S,
) -> TurnResult:
    """Decide a proposal the thread raised (the only one waiting, if no id) and report it there.

    The turn's answer carries the outcome; a refusal (four-eyes, limit, scope) is the answer
    instead and the thread keeps waiting for an approver. A proposal already decided or
    expired is reported as it stands. The worker sends the outbox.
    """
    agent = agent or agent_for(engine)
    ctx = agent.context(approver, channel, thread_id)
    with thread_lock(agent.engine, thread_id, wait_s=lock_wait_s):
        waiting = agent.waiting(thread_id)
        known = agent.state(thread_id).get("proposals", {})
        if proposal_id is None:
            candidates = list(waiting) or [
                p for p, n in known.items() if n.get("status") == "pending"
            ]
            if len(candidates) != 1:
                raise ProposalError(
                    f"thread {thread_id} has {len(candidates)} proposals waiting"
                    + (f" ({', '.join(candidates)})" if candidates else "")
                    + "; name the proposal id to decide"
                )
            proposal_id = candidates[0]
        if proposal_id not in waiting and proposal_id not in known:
            raise ProposalNotFound(f"thread {thread_id} raised no proposal {proposal_id!r}")
        try:
            decide(engine, proposal_id, approver, decision, ctx.as_of, edited_payload, comment)
        except (ProposalNotPending, ProposalExpired):
            pass  # decided or expired already: the report below says which
        except GovernanceError as err:
            snapshot = agent.graph.get_state(agent.config(thread_id))
            refused = summarise(thread_id, dict(snapshot.values or {}), [],
                                list(snapshot.interrupts))  # fmt: skip
            refused.answer = f"{proposal_id} was not decided: {err}."
            return refused
        turn = _report(agent, ctx, proposal_id, on_event)
    return turn or TurnResult(thread_id=thread_id, answer=_already_reported(engine, proposal_id))


def _report(
    agent: Agent, ctx: AgentContext, proposal_id: str, on_event: EventSink | None
) -> TurnResult | None:
    """Resume the thread so it reports `proposal_id`'s outcome; None if it has nothing to say.

    A paused sibling proposal keeps waiting for its own approver. The caller holds the lock.
    """
    waiting = agent.waiting(ctx.thread_id)
    if proposal_id in waiting:
        resume = {waiting[proposal_id]: {"decision": "decided_elsewhere"}}
        return agent.drive(Command(resume=resume), ctx, on_event)
    known = agent.state(ctx.thread_id).get("proposals", {}).get(proposal_id)
    status = get_proposal(agent.engine, proposal_id).status
    if known is None or (known.get("status") == status and known.get("review")):
        return None  # not this thread's, or reported already
    note = {"decision": "decided_elsewhere", "applied": False}
    return agent.drive({"decisions": {proposal_id: note}}, ctx, on_event)


def _already_reported(engine: Engine, proposal_id: str) -> str:
    return outcome_text(get_proposal(engine, proposal_id))


def _outcome(
    engine: Engine,
    view: ProposalView,
    turn: TurnResult | None,
    wait_for_send: bool,
    sender: OutboundSender | None,
    waiting: dict[str, str] | None = None,
) -> DecisionOutcome:
    sent = 0
    if wait_for_send and view.status == "executed":
        sent = send_for_proposal(engine, view.id, sender)
    queued = queued_count(engine, view.id)
    outcome: Outcome = "rejected" if view.status == "rejected" else (
        "executed" if view.status == "executed" else "failed"
    )  # fmt: skip
    return DecisionOutcome(
        proposal=view,
        outcome=outcome,
        messages_queued=queued,
        messages_sent=sent,
        thread_id=view.thread_id,
        thread_message=turn.answer if turn is not None and turn.answer else None,
        thread_waiting=list(waiting or {}),
    )
