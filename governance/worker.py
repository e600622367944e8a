"""The background pass: send what the outbox holds and expire proposals nobody answered in time."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from domain.clock import as_of
from governance.outbox import OutboundSender, RecordingSender, dispatch_outbox
from governance.proposals import expire_due


@dataclass(frozen=True)
class WorkerPass:
    """What one pass did."""

    sent: int
    expired: int

    def summary(self) -> str:
        return f"{self.sent} outbound message(s) sent, {self.expired} proposal(s) expired"


def run_pass(engine: Engine, sender: OutboundSender | None = None, limit: int = 100) -> WorkerPass:
    """Drain up to `limit` outbox messages, then expire due proposals at the plant's clock.

    Safe to run in several processes at once: dispatch skips rows another worker holds
    (SKIP LOCKED) and expiry only moves a proposal that is still pending.
    """
    sent = dispatch_outbox(engine, sender or RecordingSender(engine), limit)
    expired = expire_due(engine, as_of(engine))
    return WorkerPass(sent=sent, expired=expired)
