"""Agent turns on the queue: a bot acknowledges within Slack's 3 s and a worker runs the turn.

A front end submits the turn with `submit_turn` (its own reply address in `reply_to`) and
registers, once, how a finished turn is delivered on its channel (`register_delivery`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import procrastinate

from agent.runner import ThreadBusy, TurnResult, run_turn
from governance.identity import get_actor
from governance.queue import bound_engine, open_queue_async, queue_app

_log = logging.getLogger(__name__)
TURN_TASK = "agent.turn"

Delivery = Callable[[TurnResult, dict[str, Any]], None]
_deliveries: dict[str, Delivery] = {}


def register_delivery(channel: str, deliver: Delivery) -> None:
    """How turns submitted from `channel` (slack, teams, ...) reach their user when done."""
    _deliveries[channel] = deliver


# Only a thread still busy past the runner's wait is retried: a turn never runs twice.
@queue_app.task(
    name=TURN_TASK,
    retry=procrastinate.RetryStrategy(max_attempts=3, wait=5, retry_exceptions=[ThreadBusy]),
)
def agent_turn(
    username: str, channel: str, thread_id: str, message: str, reply_to: dict[str, Any]
) -> dict[str, Any]:
    """Run one turn for an already-authenticated user, then deliver it on its channel."""
    engine = bound_engine()
    result = run_turn(engine, get_actor(engine, username), channel, thread_id, message)
    deliver = _deliveries.get(channel)
    if deliver is None:
        _log.warning("no delivery registered for channel %s; turn kept in thread", channel)
    else:
        deliver(result, reply_to)
    return result.as_dict()


async def submit_turn(
    username: str, channel: str, thread_id: str, message: str, reply_to: dict[str, Any]
) -> int:
    """Queue a turn (turns of one thread run one at a time); returns the job id."""
    await open_queue_async()
    return await agent_turn.configure(lock=f"thread:{thread_id}").defer_async(
        username=username,
        channel=channel,
        thread_id=thread_id,
        message=message,
        reply_to=reply_to,
    )
