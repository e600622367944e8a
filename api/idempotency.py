"""Idempotency-Key on state-changing POSTs: a retry gets the stored answer, never a second effect.

Same key and same body: the stored response (marked `Idempotent-Replayed: true`). Same key,
other body: 422. Same key while the first request still runs: 409. Keys are per user; answers
that say "try again" (409 busy, 429, 5xx) are not kept, so the retry runs for real.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import Header
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine, text
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import PROBLEM_JSON, TYPE_BASE

HEADER = b"idempotency-key"
MAX_KEY = 200
TRANSIENT = {409, 429}

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=MAX_KEY,
        description="Retry-safe: the same key with the same body returns the stored response",
    ),
]


async def _answer(send: Send, status: int, title: str, detail: str) -> None:
    body = json.dumps(
        {"type": TYPE_BASE + "idempotency", "title": title, "status": status, "detail": detail}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", PROBLEM_JSON.encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _claim(
    engine: Engine, user: str, key: str, method: str, path: str, digest: str, stale_s: float
) -> tuple[str, Any]:
    """('run', None) to go ahead, ('replay', row), ('conflict', None) or ('mismatch', None)."""
    now = datetime.now(UTC)
    with engine.begin() as conn:
        inserted = conn.execute(
            text(
                "INSERT INTO governance.api_idempotency (username, key, method, path,"
                " request_hash, created_at) VALUES (:u, :k, :m, :p, :h, :now)"
                " ON CONFLICT (username, key) DO NOTHING RETURNING key"
            ),
            {"u": user, "k": key, "m": method, "p": path, "h": digest, "now": now},
        ).first()
        if inserted is not None:
            return "run", None
        row = conn.execute(
            text(
                "SELECT request_hash, status_code, response_headers, response_body, created_at"
                " FROM governance.api_idempotency WHERE username = :u AND key = :k FOR UPDATE"
            ),
            {"u": user, "k": key},
        ).first()
        if row is None:  # released between the insert and the select: take it
            return _claim(engine, user, key, method, path, digest, stale_s)
        if row.request_hash != digest:
            return "mismatch", None
        if row.status_code is not None:
            return "replay", row
        if now - row.created_at < timedelta(seconds=stale_s):
            return "conflict", None
        # The first request's process died mid-way: this retry takes the key over.
        conn.execute(
            text(
                "UPDATE governance.api_idempotency SET created_at = :now"
                " WHERE username = :u AND key = :k"
            ),
            {"u": user, "k": key, "now": now},
        )
        return "run", None


def _finish(
    engine: Engine, user: str, key: str, status: int, headers: list[tuple[str, str]], body: bytes
) -> None:
    with engine.begin() as conn:
        if status >= 500 or status in TRANSIENT:
            conn.execute(
                text("DELETE FROM governance.api_idempotency WHERE username = :u AND key = :k"),
                {"u": user, "k": key},
            )
            return
        conn.execute(
            text(
                "UPDATE governance.api_idempotency SET status_code = :s,"
                " response_headers = CAST(:h AS jsonb), response_body = :b, completed_at = :now"
                " WHERE username = :u AND key = :k"
            ),
            {
                "u": user,
                "k": key,
                "s": status,
                "h": json.dumps(headers),
                "b": body,
                "now": datetime.now(UTC),
            },
        )


_KEPT_HEADERS = {"content-type", "location", "retry-after"}


class Idempotency:
    """ASGI middleware: applies to POSTs that carry an Idempotency-Key and a valid credential."""

    def __init__(self, app: ASGIApp, stale_s: float) -> None:
        # The database and the authenticator are the app's (scope["app"].state), read per call.
        self.app, self.stale_s = app, stale_s

    def _user(self, scope: Scope) -> str | None:
        headers = dict(scope.get("headers", []))
        auth = headers.get(b"authorization", b"").decode("latin-1")
        if not auth.lower().startswith("bearer "):
            return None
        try:
            return str(scope["app"].state.authenticator.actor(auth[7:].strip()).username)
        except Exception:  # the route itself answers 401/403
            return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers", [])) if scope["type"] == "http" else {}
        key_raw = headers.get(HEADER)
        if scope["type"] != "http" or scope["method"] != "POST" or key_raw is None:
            await self.app(scope, receive, send)
            return
        key = key_raw.decode("latin-1")
        if not key or len(key) > MAX_KEY or not key.isprintable():
            detail = f"header Idempotency-Key: 1 to {MAX_KEY} printable characters"
            await _answer(send, 422, "Invalid Idempotency-Key", detail)
            return
        user = await run_in_threadpool(self._user, scope)
        if user is None:
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, receive, send)  # disconnected before the body arrived
                return
            chunks.append(message.get("body", b""))
            more = bool(message.get("more_body"))
        body = b"".join(chunks)
        path = str(scope.get("path", ""))
        digest = hashlib.sha256(
            scope["method"].encode() + b" " + path.encode() + b"\n" + body
        ).hexdigest()
        engine: Engine = scope["app"].state.engine
        verdict, row = await run_in_threadpool(
            _claim, engine, user, key, scope["method"], path, digest, self.stale_s
        )
        if verdict == "mismatch":
            await _answer(
                send,
                422,
                "Idempotency-Key reused",
                "This Idempotency-Key was used with another request body or path;"
                " use a new key for a new request",
            )
            return
        if verdict == "conflict":
            detail = "A request with this Idempotency-Key is still running; retry later"
            await _answer(send, 409, "Request in flight", detail)
            return
        if verdict == "replay":
            stored = [(k.encode(), v.encode()) for k, v in row.response_headers or []]
            await send(
                {
                    "type": "http.response.start",
                    "status": row.status_code,
                    "headers": stored + [(b"idempotent-replayed", b"true")],
                }
            )
            await send({"type": "http.response.body", "body": bytes(row.response_body or b"")})
            return

        sent_body = False

        async def replay_receive() -> Message:
            nonlocal sent_body
            if not sent_body:
                sent_body = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        status = 500
        kept: list[tuple[str, str]] = []
        out: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal status, kept
            if message["type"] == "http.response.start":
                status = int(message["status"])
                kept = [
                    (k.decode("latin-1"), v.decode("latin-1"))
                    for k, v in message.get("headers", [])
                    if k.decode("latin-1").lower() in _KEPT_HEADERS
                ]
            elif message["type"] == "http.response.body":
                out.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, replay_receive, capture)
        finally:
            await run_in_threadpool(_finish, engine, user, key, status, kept, b"".join(out))
