"""Who is calling, from where, for whom: the context every governed call carries."""

from __future__ import annotations

from dataclasses import dataclass

from governance.identity import Actor

__all__ = ["Actor", "CallContext"]


@dataclass(frozen=True)
class CallContext:
    """The authenticated actor and where the call came from (front end, thread, model)."""

    actor: Actor
    channel: str  # slack | teams | api | cli | eval
    thread_id: str | None
    on_behalf_of: str | None = None
    model: str | None = None
