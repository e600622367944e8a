"""Live updates for open pages: the inbox's change feed and a chat turn's event stream.

The inbox feed polls what the inbox shows (proposal ids and statuses, through governance's own
list) and says "changed" when someone else's decision alters it; each stream is bounded, and
the browser reconnects. A chat turn runs in a worker thread and its steps are sent as they come.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Callable
from typing import Any

from fastapi import Request
from fastapi.sse import ServerSentEvent
from sqlalchemy import Engine

from agent.runner import TurnResult
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


TurnFn = Callable[[Callable[[dict[str, Any]], None]], TurnResult]


async def turn_events(run: TurnFn) -> AsyncIterator[tuple[str, dict[str, Any]]]:
    """(event name, data) for each step of a turn as it happens, then its result or its error."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[str, dict[str, Any]]] = asyncio.Queue()

    def emit(event: dict[str, Any]) -> None:
        loop.call_soon_threadsafe(queue.put_nowait, (str(event.get("event", "step")), event))

    task = asyncio.create_task(asyncio.to_thread(run, emit))
    yield "run_started", {}
    while not (task.done() and queue.empty()):
        getter = asyncio.ensure_future(queue.get())
        done, _ = await asyncio.wait({getter, task}, return_when=asyncio.FIRST_COMPLETED)
        if getter in done:
            yield getter.result()
        else:
            getter.cancel()
    error = task.exception()
    if error is not None:
        yield "error", {"message": str(error) or type(error).__name__}
        return
    yield "answer", task.result().as_dict()
