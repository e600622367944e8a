"""A local stand-in for the Slack Web API that records each call (as bolt-python's tests do)."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from slack_sdk.signature import SignatureVerifier

BOT_USER = "U0LINESIDE"
TEAM = "T0MERIDIAN"


@dataclass
class Call:
    method: str  # e.g. "chat.postMessage"
    body: dict[str, Any]
    answer: dict[str, Any]


class SlackApiMock:
    """Answers like Slack for the methods Lineside calls; `calls` keeps them in order."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.refuse: dict[str, str] = {}  # method -> Slack error code to answer with
        self._ts = itertools.count(1)
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/"

    def named(self, method: str) -> list[dict[str, Any]]:
        """The bodies of the calls to `method`, in order."""
        with self._lock:
            return [c.body for c in self.calls if c.method == method]

    def answers(self, method: str) -> list[dict[str, Any]]:
        """What the mock answered to each call of `method`."""
        with self._lock:
            return [c.answer for c in self.calls if c.method == method]

    def clear(self) -> None:
        with self._lock:
            self.calls.clear()

    def _record(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            ts = f"1772449200.{next(self._ts):06d}"
        answer = self._answer(method, body, ts)
        with self._lock:
            self.calls.append(Call(method, body, answer))
        return answer

    def _answer(self, method: str, body: dict[str, Any], ts: str) -> dict[str, Any]:
        if method in self.refuse:
            return {"ok": False, "error": self.refuse[method]}
        channel = str(body.get("channel") or body.get("channel_id") or "")
        if channel.startswith("U"):
            channel = "D" + channel[1:]  # posting to a user id lands in the DM with them
        port = self.server.server_port
        answers: dict[str, dict[str, Any]] = {
            "auth.test": {"user_id": BOT_USER, "bot_id": "B0LINESIDE", "team_id": TEAM,
                          "user": "lineside", "team": "Meridian", "url": "https://x/"},
            "chat.postMessage": {"channel": channel, "ts": ts, "message": {"ts": ts}},
            "chat.update": {"channel": channel, "ts": body.get("ts")},
            "chat.postEphemeral": {"message_ts": ts},
            "chat.startStream": {"channel": channel, "ts": ts},
            "files.getUploadURLExternal": {"upload_url": f"http://127.0.0.1:{port}/upload/F{ts}",
                                           "file_id": f"F{ts}"},
            "files.completeUploadExternal": {"files": [{"id": f, "title": "chart"}
                                                       for f in _file_ids(body)]},
        }  # fmt: skip
        return {"ok": True, **answers.get(method, {})}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        mock = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path.startswith("/upload/"):
                    mock._record("upload", {"path": self.path, "bytes": len(raw), "head": raw[:8]})
                    self._send(b"OK", "text/plain")
                    return
                method = self.path.removeprefix("/api/").split("?")[0]
                answer = mock._record(method, _parse(raw, self.headers.get("Content-Type", "")))
                self._send(json.dumps(answer).encode(), "application/json")

            do_GET = do_POST

            def _send(self, payload: bytes, content_type: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                return  # keep test output quiet

        return Handler


def _parse(raw: bytes, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    if "json" in content_type:
        return dict(json.loads(raw))
    fields: dict[str, Any] = dict(parse_qsl(raw.decode()))
    for key in ("blocks", "files", "prompts"):
        if isinstance(fields.get(key), str):
            fields[key] = json.loads(fields[key])
    return fields


def _file_ids(body: dict[str, Any]) -> list[str]:
    files = body.get("files") or []
    if isinstance(files, str):
        files = json.loads(files)
    return [str(f["id"]) for f in files]


@contextmanager
def running_slack_api() -> Iterator[SlackApiMock]:
    mock = SlackApiMock()
    thread = threading.Thread(target=mock.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield mock
    finally:
        mock.server.shutdown()
        mock.server.server_close()
        thread.join(timeout=5)


def signed_headers(
    secret: str, body: str, *, content_type: str, at: float | None = None
) -> dict[str, str]:
    """Headers Slack would send with `body`, signed with the app's signing secret."""
    timestamp = str(int(at if at is not None else time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    return {
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature,
        "Content-Type": content_type,
    }
