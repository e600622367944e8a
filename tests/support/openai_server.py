"""A scripted OpenAI-protocol server on 127.0.0.1: real HTTP for a real ChatOpenAI client."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage

from agent.offline.model import OfflineChatModel

Reply = dict[str, Any]  # {"content": str} and/or {"tool_calls": [{"name", "args"}]}
Responder = Callable[[dict[str, Any]], Reply]


def to_langchain(messages: list[dict[str, Any]]) -> list[BaseMessage]:
    """OpenAI chat messages as LangChain messages (what the offline planner reads)."""
    out: list[BaseMessage] = []
    for m in messages:
        content = m.get("content") or ""
        if m["role"] in ("system", "developer"):
            out.append(SystemMessage(content))
        elif m["role"] == "user":
            out.append(HumanMessage(content))
        elif m["role"] == "tool":
            out.append(ToolMessage(content, tool_call_id=m["tool_call_id"]))
        else:
            calls = [
                {"name": c["function"]["name"], "args": json.loads(c["function"]["arguments"]),
                 "id": c["id"], "type": "tool_call"}
                for c in m.get("tool_calls") or []
            ]  # fmt: skip
            out.append(AIMessage(content, tool_calls=calls))
    return out


def planner_responder(model: OfflineChatModel) -> Responder:
    """Answer as the offline model would, given the tools the request offers."""

    def respond(request: dict[str, Any]) -> Reply:
        names = tuple(t["function"]["name"] for t in request.get("tools") or [])
        reply = model.model_copy(update={"tool_names": names}).respond(
            to_langchain(request["messages"])
        )
        return {"content": reply.content, "tool_calls": [
            {"name": c["name"], "args": c["args"]} for c in reply.tool_calls
        ]}  # fmt: skip

    return respond


def scripted_responder(replies: list[Reply]) -> Responder:
    """Give these replies in order, one per request."""
    queue = list(replies)

    def respond(request: dict[str, Any]) -> Reply:
        return queue.pop(0)

    return respond


def completion(reply: Reply, model: str, n: int) -> dict[str, Any]:
    calls = [
        {"id": f"call_{n}_{i}", "type": "function",
         "function": {"name": c["name"], "arguments": json.dumps(c["args"])}}
        for i, c in enumerate(reply.get("tool_calls") or [])
    ]  # fmt: skip
    message: dict[str, Any] = {"role": "assistant", "content": reply.get("content") or None}
    if calls:
        message["tool_calls"] = calls
    return {
        "id": f"chatcmpl-{n}",
        "object": "chat.completion",
        "created": 1772449200,
        "model": model,
        "choices": [
            {"index": 0, "message": message, "finish_reason": "tool_calls" if calls else "stop"}
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


class ScriptedOpenAI:
    """`POST /v1/chat/completions` answered by a responder; every request body is recorded."""

    def __init__(self, responder: Responder, *, reject_parallel_tool_calls: bool = False) -> None:
        self.responder = responder
        self.reject_parallel_tool_calls = reject_parallel_tool_calls
        self.requests: list[dict[str, Any]] = []
        self.rejected = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> ScriptedOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return  # keep test output clean

            def _send(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                if self.path.rstrip("/") != "/v1/chat/completions":
                    self._send(404, {"error": {"message": f"no route {self.path}"}})
                    return
                request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if server.reject_parallel_tool_calls and "parallel_tool_calls" in request:
                    server.rejected += 1
                    self._send(400, {"error": {
                        "message": "Unrecognized request argument supplied: parallel_tool_calls",
                        "type": "invalid_request_error", "param": "parallel_tool_calls",
                    }})  # fmt: skip
                    return
                server.requests.append(request)
                reply = server.responder(request)
                self._send(200, completion(reply, request.get("model", ""), len(server.requests)))

        return Handler
