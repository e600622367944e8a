"""Running a turn for the API: in a worker thread, its events streamed, busy threads refused."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fastapi.concurrency import run_in_threadpool

from api.metrics import TURNS
from api.problems import ProblemError
from api.schemas import ProposalBrief, RunResult, ToolCallView
from governance.identity import Actor

if TYPE_CHECKING:
    from agent.runner import Agent, TurnResult

# A run that passed the busy check may still meet a turn that started a moment later.
RACE_WAIT_S = 2.0


def busy_problem(thread_id: str, retry_after_s: int) -> ProblemError:
    which = f"Thread {thread_id}" if thread_id else "The thread"
    return ProblemError(
        409,
        "thread-busy",
        "Thread busy",
        f"{which} is answering another message; retry shortly",
        headers={"Retry-After": str(retry_after_s)},
    )


def run_result(result: TurnResult) -> RunResult:
    return RunResult(
        thread_id=result.thread_id,
        status="interrupted" if result.interrupted else "idle",
        answer=result.answer,
        tool_calls=[ToolCallView(name=c["name"], args=dict(c["args"])) for c in result.tool_calls],
        proposals=[ProposalBrief.model_validate(p) for p in result.proposals],
        interrupted=result.interrupted,
    )


def _run(
    agent: Agent,
    actor: Actor,
    channel: str,
    thread_id: str,
    message: str,
    on_event: Any,
    wait_s: float,
) -> TurnResult:
    from agent.runner import run_turn

    try:
        result = run_turn(
            agent.engine,
            actor,
            channel,
            thread_id,
            message,
            on_event=on_event,
            agent=agent,
            lock_wait_s=wait_s,
        )
    except Exception:
        TURNS.labels("error").inc()
        raise
    TURNS.labels("interrupted" if result.interrupted else "answered").inc()
    return result


async def run_and_wait(
    agent: Agent,
    actor: Actor,
    channel: str,
    thread_id: str,
    message: str,
    wait_s: float,
    retry_after_s: int,
) -> TurnResult:
    from agent.runner import ThreadBusy

    try:
        return await run_in_threadpool(
            _run, agent, actor, channel, thread_id, message, None, wait_s or RACE_WAIT_S
        )
    except ThreadBusy as err:
        raise busy_problem(thread_id, retry_after_s) from err


@dataclass(frozen=True)
class RunEvent:
    """One step of a streamed run: `event` is its SSE event name."""

    event: str
    data: dict[str, Any]


_EVENT_NAMES = {
    "tool_call": "tool_start",
    "tool_result": "tool_end",
    "proposal": "proposal_created",
    "decision": "decision",
}


async def run_streaming(
    agent: Agent, actor: Actor, channel: str, thread_id: str, message: str, retry_after_s: int
) -> AsyncIterator[RunEvent]:
    """run started, tool start/end, proposal created, answer, done (or error), in order."""
    from agent.runner import ThreadBusy
    from api.problems import from_governance
    from governance.errors import GovernanceError

    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()

    def on_event(event: dict[str, Any]) -> None:
        loop.call_soon_threadsafe(queue.put_nowait, ("event", event))

    def work() -> None:
        try:
            result = _run(agent, actor, channel, thread_id, message, on_event, RACE_WAIT_S)
        except BaseException as err:  # reported to the client as the stream's last event
            loop.call_soon_threadsafe(queue.put_nowait, ("error", err))
        else:
            loop.call_soon_threadsafe(queue.put_nowait, ("done", result))

    yield RunEvent("run_started", {"thread_id": thread_id})
    # A client that disconnects does not stop the turn: it finishes and is checkpointed.
    loop.run_in_executor(None, work)
    if True:
        while True:
            kind, value = await queue.get()
            if kind == "event":
                data = {k: v for k, v in value.items() if k != "event"}
                yield RunEvent(_EVENT_NAMES.get(value.get("event"), str(value.get("event"))), data)
            elif kind == "done":
                result = run_result(value)
                yield RunEvent("answer", {"text": result.answer})
                yield RunEvent("done", result.model_dump(mode="json"))
                return
            else:
                if isinstance(value, ThreadBusy):
                    problem = busy_problem(thread_id, retry_after_s)
                elif isinstance(value, GovernanceError):
                    problem = from_governance(value)
                else:
                    problem = ProblemError(500, "internal", "The run failed", type(value).__name__)
                fields = {
                    "type": problem.kind,
                    "title": problem.title,
                    "status": problem.status,
                    "detail": problem.detail,
                }
                yield RunEvent("error", fields)
                return
