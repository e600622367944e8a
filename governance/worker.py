"""What the queue worker does, as plain functions: send the outbox's messages, expire proposals.

`lineside worker` runs them as queue tasks (governance.jobs); `lineside proposals dispatch` and
`lineside proposals expire` run the same functions once, in the foreground, and a decision that
waits for its send (`lineside proposals approve`) sends through the same sender.
"""

from __future__ import annotations

from sqlalchemy import Engine

from domain.clock import as_of
from governance.outbox import OutboundSender, RecordingSender, dispatch_outbox
from governance.proposals import expire_due


def outbound_sender(engine: Engine) -> OutboundSender:
    """The demo's and tests' sender; a deployment plugs in mail/ERP senders here."""
    return RecordingSender(engine)


def send_waiting(engine: Engine, limit: int = 100) -> int:
    """Send up to `limit` unsent outbox messages now; how many were sent.

    Safe beside running workers: a row another process holds is skipped (SKIP LOCKED).
    """
    return dispatch_outbox(engine, outbound_sender(engine), limit)


def send_for_proposal(
    engine: Engine, proposal_id: str, sender: OutboundSender | None = None
) -> int:
    """Send one decision's queued messages now, with the worker's own sender (a front end that
    waits for the send, e.g. `lineside proposals approve`); how many were sent."""
    return dispatch_outbox(engine, sender or outbound_sender(engine), proposal_id=proposal_id)


def expire_overdue(engine: Engine) -> int:
    """Deny by default: pending proposals past their time to live at the plant's clock."""
    return expire_due(engine, as_of(engine))
