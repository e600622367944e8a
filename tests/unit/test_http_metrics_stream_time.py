"""HTTP latency counts a stream only to its first byte: the minutes a stream stays open are no
latency (the request is timed, then the stream runs on)."""

from __future__ import annotations

import asyncio
from typing import Any

from prometheus_client import REGISTRY
from starlette.types import Message, Receive, Scope, Send

from api.metrics import HttpMetrics


def _timed(route: str) -> float:
    labels = {"method": "POST", "route": route}
    value = REGISTRY.get_sample_value("lineside_http_request_duration_seconds_count", labels)
    return value or 0.0


def test_a_stream_is_timed_at_its_first_byte_not_at_its_end() -> None:
    release = asyncio.Event()
    seen_while_open: list[float] = []

    async def stream(scope: Scope, receive: Receive, send: Send) -> None:
        headers = [(b"content-type", b"text/event-stream")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"data: 1\n\n", "more_body": True})
        await release.wait()  # the stream stays open until the test lets it end
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        if message.get("more_body"):
            seen_while_open.append(_timed("unmatched"))
            release.set()

    scope: dict[str, Any] = {"type": "http", "method": "POST", "path": "/v1/x", "headers": []}
    before = _timed("unmatched")
    asyncio.run(HttpMetrics(stream)(scope, receive, send))
    assert seen_while_open == [before + 1]  # observed before the stream ended
    assert _timed("unmatched") == before + 1  # and only once
