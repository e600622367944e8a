"""The HTTP service: `create_app(settings)` wires routers, sign-in, limits and metrics.

Each area adds its own router module under api/routes/ and one line in ROUTERS below.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from sqlalchemy import Engine

from api.auth import Authenticator
from api.console import install as install_console
from api.idempotency import Idempotency
from api.metrics import HttpMetrics
from api.middleware import BodySizeLimit, SecurityHeaders
from api.problems import install_problem_handlers, problem_schema
from api.routes import alerts, audit, chat_completions, events, health, proposals, reads, threads
from bots.mount import mount_bots
from domain.settings import Settings, get_settings

if TYPE_CHECKING:
    from agent.runner import Agent

_log = logging.getLogger(__name__)

ROUTERS: list[APIRouter] = [
    health.router,
    threads.router,
    proposals.router,
    reads.router,
    audit.router,
    chat_completions.router,
    events.router,
    alerts.router,
]

DESCRIPTION = """Lineside's HTTP API: threads and runs (named after LangGraph's Agent Protocol),
action proposals and their approval, governed read models, an OpenAI-compatible chat endpoint.

Every endpoint but `/healthz` needs `Authorization: Bearer <token>`: an OIDC JWT, a Lineside
API key (`lineside users api-key create`), or in demo mode a demo token (`lineside users tokens`).
Errors are `application/problem+json`; `errors[].field` names each input at fault."""


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    from governance.queue import bind_queue

    # Bound, not opened: the pool opens on the first job deferred (open_queue_async).
    queue = bind_queue(app.state.engine)
    if app.state.settings.api.warm_up:
        from fastapi.concurrency import run_in_threadpool

        from api.agent_service import warm_up

        await run_in_threadpool(warm_up, app)
    try:
        yield
    finally:
        await queue.close_async()
        agent: Agent | None = getattr(app.state, "agent", None)
        if agent is not None:
            agent.close()
            app.state.agent = None


def _busy_threads_answer_409(app: FastAPI, settings: Settings) -> None:
    from fastapi import Request
    from fastapi.responses import JSONResponse

    from agent.runner import ThreadBusy
    from api.problems import problem_response
    from api.runs import busy_problem

    async def busy(request: Request, err: Exception) -> JSONResponse:
        return problem_response(request, busy_problem("", settings.api.busy_retry_after_s))

    app.add_exception_handler(ThreadBusy, busy)


def create_app(
    settings: Settings | None = None,
    *,
    engine: Engine | None = None,
    agent_factory: Callable[[FastAPI], Agent] | None = None,
) -> FastAPI:
    """The Lineside API over `engine` (default: the configured database).

    Without `settings` it reads the environment as it is now (a test may have just set it).
    """
    from api.agent_service import build_agent

    settings = settings or Settings()
    if engine is None:
        from domain.db.engine import get_engine

        engine = get_engine()
    app = FastAPI(
        title="Lineside",
        version="1.0",
        description=DESCRIPTION,
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.authenticator = Authenticator(engine, settings.api)
    app.state.agent_factory = agent_factory or build_agent
    app.state.agent = None
    install_problem_handlers(app)
    _busy_threads_answer_409(app, settings)
    problem_schema(app)
    for router in ROUTERS:
        app.include_router(router)
    install_console(
        app, settings.console
    )  # the console's pages under /console (and their page headers)
    app.state.bots = mount_bots(
        app, engine, slack=settings.slack, teams=settings.teams
    )  # Slack and Teams, where configured
    # Added innermost first: metrics see every answer, security headers cover 413s too.
    app.add_middleware(Idempotency, stale_s=settings.api.idempotency_stale_s)
    if settings.api.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.api.cors_origins,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=[
                "Authorization",
                "Content-Type",
                "Idempotency-Key",
                "X-Conversation-Id",
            ],
            expose_headers=["Retry-After", "Idempotent-Replayed"],
        )
    app.add_middleware(BodySizeLimit, max_bytes=settings.api.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HttpMetrics)
    return app


def app_from_environment() -> Any:
    """uvicorn's factory (`lineside serve`): the app for the configured database."""
    return create_app(get_settings())
