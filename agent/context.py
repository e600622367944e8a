"""Who the graph is running for in this invocation: set by the caller, never by the model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from governance.context import CallContext
from governance.identity import Actor


@dataclass(frozen=True)
class AgentContext:
    """The runtime context of one graph run (LangGraph `context_schema`).

    It travels beside the checkpointed state, not inside it: the model can neither read it
    as text it could rewrite nor change it. `actor` is whoever is authenticated for this
    run — the user asking, or the approver resuming a paused thread.
    """

    engine: Engine
    actor: Actor
    channel: str  # slack | teams | api | cli | eval
    thread_id: str
    as_of: datetime
    model_name: str = "offline"

    def call_context(self) -> CallContext:
        """What governance needs for every tool call of this run."""
        return CallContext(self.actor, self.channel, self.thread_id, model=self.model_name)
