"""Bot work on the Postgres queue: a listener acknowledges at once, a worker does the rest.

Agent turns go through agent.jobs (one at a time per thread); a finished turn is delivered on
its platform by that platform's worker side, registered here. Other bot work (applying a
card click, refreshing every copy of a card) is a `bots.job` task. In a `lineside worker`
process the platform sides are built from the environment; a process that serves a bot uses
the one it registered.
"""

from __future__ import annotations

import threading
from typing import Any, Literal, Protocol

from pydantic import BaseModel

from agent.jobs import register_delivery, submit_turn
from agent.runner import TurnResult
from bots.notify import Platform, register_chat_notifiers
from domain.alerts.notify import AlertNotice
from governance.identity import Actor
from governance.queue import bound_engine, queue_app

BOT_TASK = "bots.job"


class BotJob(BaseModel):
    """One piece of bot work, JSON end to end."""

    platform: Platform
    kind: Literal["decision"]
    payload: dict[str, Any]


class PlatformWorker(Protocol):
    """A platform's worker side: deliver finished turns, run its bot jobs, send alerts."""

    def deliver(self, result: TurnResult, reply_to: dict[str, Any]) -> None: ...

    def handle(self, job: BotJob) -> None: ...

    def notify(self, notice: AlertNotice) -> None: ...


_workers: dict[str, PlatformWorker] = {}
_lock = threading.Lock()


def register_worker(platform: Platform, worker: PlatformWorker) -> None:
    """The worker side this process uses for `platform` (the bot that serves it registers)."""
    with _lock:
        _workers[platform] = worker


def worker_for(platform: str) -> PlatformWorker:
    """The registered worker side, else one built from the environment's settings."""
    with _lock:
        if platform not in _workers:
            _workers[platform] = _from_environment(platform)
        return _workers[platform]


def _from_environment(platform: str) -> PlatformWorker:
    engine = bound_engine()
    if platform == "slack":
        from bots.slack.replies import SlackReplies

        return SlackReplies.from_environment(engine)
    if platform == "teams":
        from bots.teams.replies import TeamsReplies

        return TeamsReplies.from_environment(engine)
    raise ValueError(f"no bot worker for platform {platform!r}")


def _deliver_on(platform: str) -> Any:
    def deliver(result: TurnResult, reply_to: dict[str, Any]) -> None:
        worker_for(platform).deliver(result, reply_to)

    return deliver


for _platform in ("slack", "teams"):
    register_delivery(_platform, _deliver_on(_platform))


register_chat_notifiers()  # a worker process that delivers alerts sends them on configured chats


@queue_app.task(name=BOT_TASK)
def bot_job(platform: str, kind: str, payload: dict[str, Any]) -> None:
    """Run one bot job on its platform's worker side."""
    job = BotJob.model_validate({"platform": platform, "kind": kind, "payload": payload})
    worker_for(platform).handle(job)


async def submit_job(job: BotJob) -> int:
    return await bot_job.defer_async(**job.model_dump())


async def submit_bot_turn(
    platform: Platform, actor: Actor, thread_id: str, message: str, reply_to: dict[str, Any]
) -> int:
    """Queue the turn of an already-resolved chat user; the answer is delivered to `reply_to`."""
    return await submit_turn(actor.username, platform, thread_id, message, reply_to)
