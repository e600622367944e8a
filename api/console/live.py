"""Live updates for an open inbox: a change feed over Server-Sent Events.

The inbox feed polls what the inbox shows (proposal ids and statuses, through the same lists
the API serves) and says "changed" when someone else's decision alters it; each stream is
bounded, and the browser reconnects. (A chat turn streams through the API's own run stream.)
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator

from fastapi import Request
from fastapi.sse import ServerSentEvent
from sqlalchemy import Engine

from api.console import backend
from governance.identity import Actor

POLL_S = 1.0  # how often an open inbox looks for decisions made elsewhere
FEED_MAX_S = 300.0  # a feed ends after this long; the browser's EventSource reconnects


def fingerprint(engine: Engine, actor: Actor) -> str:
    """A short digest of what the actor's inbox shows now."""
    shown = backend.inbox_fingerprint(engine, actor)
    return hashlib.sha256(repr(shown).encode()).hexdigest()[:16]


async def inbox_changes(
    request: Request, engine: Engine, actor: Actor, since: str
) -> AsyncIterator[ServerSentEvent]:
    """A 'changed' event each time the inbox differs from what the page last drew."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + FEED_MAX_S
    seen = since
    while loop.time() < deadline and not await request.is_disconnected():
        now = await asyncio.to_thread(fingerprint, engine, actor)
        if now != seen:
            seen = now
            yield ServerSentEvent(raw_data=now, event="changed")
        await asyncio.sleep(POLL_S)
