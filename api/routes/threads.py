"""Threads and runs, named after LangGraph's Agent Protocol: create, read, run (wait or stream)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from fastapi.concurrency import run_in_threadpool
from fastapi.sse import EventSourceResponse, ServerSentEvent

from api.auth import CurrentUser
from api.deps import AgentDep, EngineDep, SettingsDep
from api.idempotency import IdempotencyKey
from api.problems import COMMON_RESPONSES, Problem
from api.runs import busy_problem, run_and_wait, run_result, run_streaming
from api.schemas import RunCreate, RunResult, ThreadCreate, ThreadView
from api.threads import API_CHANNEL, create_thread, is_busy, owned_thread, thread_view

router = APIRouter(prefix="/v1/threads", tags=["threads"], responses=COMMON_RESPONSES)

ThreadId = Annotated[str, Path(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.:-]+$")]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "No such thread of yours"}
}
BUSY: dict[int | str, dict[str, Any]] = {
    409: {"model": Problem, "description": "Thread busy (see Retry-After), or key in flight"}
}


@router.post("", response_model=ThreadView, status_code=201, summary="Open a thread")
async def create(
    body: ThreadCreate, user: CurrentUser, agent: AgentDep, idempotency_key: IdempotencyKey = None
) -> ThreadView:
    row = await run_in_threadpool(create_thread, agent.engine, user, dict(body.metadata))
    return await run_in_threadpool(thread_view, agent, row)


@router.get(
    "/{thread_id}",
    response_model=ThreadView,
    responses=NOT_FOUND,
    summary="A thread: status, messages, pending approvals",
)
async def get(thread_id: ThreadId, user: CurrentUser, agent: AgentDep) -> ThreadView:
    row = await run_in_threadpool(owned_thread, agent.engine, user, thread_id)
    return await run_in_threadpool(thread_view, agent, row)


@router.post(
    "/{thread_id}/runs/wait",
    response_model=RunResult,
    responses={**NOT_FOUND, **BUSY},
    summary="Run one turn and answer when it ends (or pauses for approval)",
)
async def run_wait(
    thread_id: ThreadId,
    body: RunCreate,
    user: CurrentUser,
    agent: AgentDep,
    settings: SettingsDep,
    idempotency_key: IdempotencyKey = None,
) -> RunResult:
    await run_in_threadpool(owned_thread, agent.engine, user, thread_id)
    result = await run_and_wait(
        agent,
        user,
        API_CHANNEL,
        thread_id,
        body.message,
        settings.api.thread_wait_s,
        settings.api.busy_retry_after_s,
    )
    return run_result(result)


async def _free_thread(
    thread_id: ThreadId, user: CurrentUser, engine: EngineDep, settings: SettingsDep
) -> str:
    """Before a stream starts: the thread is the caller's and not busy (else 404 / 409)."""
    await run_in_threadpool(owned_thread, engine, user, thread_id)
    if await run_in_threadpool(is_busy, engine, thread_id):
        raise busy_problem(thread_id, settings.api.busy_retry_after_s)
    return thread_id


@router.post(
    "/{thread_id}/runs/stream",
    response_class=EventSourceResponse,
    responses={**NOT_FOUND, **BUSY},
    summary="Run one turn, streaming its events (Server-Sent Events)",
    description="Events in order: `run_started`, `tool_start` / `tool_end` per tool call,"
    " `proposal_created`, `answer` (the text), then `done` (the run result) or `error`."
    " A comment line every 15 s keeps an idle connection open.",
)
async def run_stream(
    body: RunCreate,
    user: CurrentUser,
    agent: AgentDep,
    settings: SettingsDep,
    thread_id: Annotated[str, Depends(_free_thread)],
    idempotency_key: IdempotencyKey = None,
) -> AsyncIterator[ServerSentEvent]:
    n = 0
    async for step in run_streaming(
        agent, user, API_CHANNEL, thread_id, body.message, settings.api.busy_retry_after_s
    ):
        n += 1
        yield ServerSentEvent(event=step.event, data=step.data, id=str(n))
