"""Prometheus metrics: HTTP (stream time excluded), model latency, and state read at scrape time.

Counts that live in the database (tool calls, proposals by status, outbox and queue depth) are
read when /metrics is scraped, so every process (API workers, queue workers, the CLI) is
counted. Per-process HTTP and model metrics are summed across uvicorn workers through
prometheus-client's multiprocess mode when PROMETHEUS_MULTIPROC_DIR is set (`lineside serve`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any
from uuid import UUID

from langchain_core.callbacks import BaseCallbackHandler
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import Engine, text
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from governance.queue import QUEUE_SCHEMA

HTTP_REQUESTS = Counter(
    "lineside_http_requests_total", "HTTP requests answered", ["method", "route", "status"]
)
HTTP_LATENCY = Histogram(
    "lineside_http_request_duration_seconds",
    "Time to answer (for streams: to the first byte, so stream time is excluded)",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
MODEL_LATENCY = Histogram(
    "lineside_model_latency_seconds",
    "Chat model calls, start to end",
    ["model"],
    buckets=(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60),
)
TURNS = Counter("lineside_agent_turns_total", "Agent turns run by the API", ["outcome"])


class ModelLatency(BaseCallbackHandler):
    """A LangChain callback that times each chat model call."""

    def __init__(self, model: str) -> None:
        self.model = model
        self._started: dict[UUID, float] = {}

    def on_chat_model_start(
        self, serialized: Any, messages: Any, *, run_id: UUID, **kwargs: Any
    ) -> None:
        self._started[run_id] = time.perf_counter()

    def on_llm_end(self, response: Any, *, run_id: UUID, **kwargs: Any) -> None:
        started = self._started.pop(run_id, None)
        if started is not None:
            MODEL_LATENCY.labels(self.model).observe(time.perf_counter() - started)

    def on_llm_error(self, error: BaseException, *, run_id: UUID, **kwargs: Any) -> None:
        self._started.pop(run_id, None)


def _route_of(scope: Scope) -> str:
    """The route template (/v1/proposals/{proposal_id}), never the raw path: bounded labels."""
    app = scope.get("app")
    for route in getattr(getattr(app, "router", None), "routes", []):
        match, _ = route.matches(scope)
        if match == Match.FULL:
            return str(getattr(route, "path", "other"))
    return "unmatched"


class HttpMetrics:
    """Counts and times every HTTP request; a stream is timed to its first byte."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        timed = False

        def observe() -> None:
            nonlocal timed
            if not timed:
                timed = True
                HTTP_LATENCY.labels(scope["method"], _route_of(scope)).observe(
                    time.perf_counter() - started
                )

        async def observing_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = dict(message.get("headers", []))
                if headers.get(b"content-type", b"").startswith(b"text/event-stream"):
                    observe()
            await send(message)

        try:
            await self.app(scope, receive, observing_send)
        finally:
            observe()
            HTTP_REQUESTS.labels(scope["method"], _route_of(scope), str(status)).inc()


class DatabaseCollector(Collector):
    """Gauges read from the database at scrape time."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def collect(self) -> Iterator[Metric]:
        proposals = GaugeMetricFamily(
            "lineside_proposals", "Action proposals by status", labels=["status"]
        )
        tools = GaugeMetricFamily(
            "lineside_tool_calls",
            "Governed tool calls recorded in the audit log",
            labels=["tool", "outcome"],
        )
        outbox = GaugeMetricFamily("lineside_outbox_unsent", "Outbound messages not yet sent")
        jobs = GaugeMetricFamily("lineside_queue_jobs", "Queue jobs by status", labels=["status"])
        with self.engine.connect() as conn:
            for status, n in conn.execute(
                text("SELECT status, count(*) FROM governance.action_proposal GROUP BY 1")
            ):
                proposals.add_metric([status], n)
            for tool, outcome, n in conn.execute(
                text(
                    "SELECT tool, outcome, count(*) FROM governance.audit_log"
                    " WHERE kind = 'tool_call' GROUP BY 1, 2"
                )
            ):
                tools.add_metric([tool or "", outcome], n)
            outbox.add_metric(
                [],
                conn.execute(
                    text("SELECT count(*) FROM governance.outbox WHERE sent_at IS NULL")
                ).scalar_one(),
            )
            for status, n in conn.execute(
                text(
                    f"SELECT status::text, count(*) FROM {QUEUE_SCHEMA}.procrastinate_jobs"
                    " GROUP BY 1"
                )
            ):
                jobs.add_metric([status], n)
        yield from (proposals, tools, outbox, jobs)


def render_metrics(engine: Engine) -> tuple[bytes, str]:
    """The exposition text: this process's (or all workers') metrics plus the database's."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        from prometheus_client import REGISTRY

        registry = REGISTRY
    body = generate_latest(registry)
    db = CollectorRegistry()
    db.register(DatabaseCollector(engine))
    return body + generate_latest(db), CONTENT_TYPE_LATEST
