"""An OpenAI-compatible chat endpoint: any OpenAI client or chat UI can talk to Lineside.

The user is the token's user. A conversation id (the X-Conversation-Id header, else the `user`
field) names a thread, so a multi-turn chat keeps its context in Lineside; without one each
request is a fresh thread. Only the last user message is new input: the thread has the rest.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header
from fastapi.concurrency import run_in_threadpool
from fastapi.sse import EventSourceResponse
from pydantic import BaseModel, ConfigDict, Field

from agent.answer_stream import ANSWER_DELTA
from api.auth import CurrentUser
from api.deps import AgentDep, SettingsDep
from api.idempotency import IdempotencyKey
from api.problems import COMMON_RESPONSES, Problem, ProblemError
from api.runs import RunEvent, busy_problem, run_and_wait, run_streaming
from api.threads import create_thread, is_busy

router = APIRouter(prefix="/v1", tags=["openai"], responses=COMMON_RESPONSES)
MODEL_ID = "lineside"
CHANNEL = "api"


class ContentPart(BaseModel):
    type: str = "text"
    text: str = ""


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(p.text for p in self.content if p.type == "text")
        return self.content or ""


class StreamOptions(BaseModel):
    include_usage: bool = False


class ChatCompletionRequest(BaseModel):
    """The fields of OpenAI's request that Lineside reads; others are accepted and ignored."""

    model_config = ConfigDict(extra="allow")
    model: str = Field(default=MODEL_ID, max_length=100)
    messages: list[ChatMessage] = Field(min_length=1, max_length=200)
    stream: bool = False
    stream_options: StreamOptions | None = None
    user: str | None = Field(default=None, max_length=100)


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: Usage


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


def _words(text: str) -> int:
    # A rough token count (OpenAI clients only display it).
    return len(text.split())


def _prompt(body: ChatCompletionRequest) -> str:
    users = [m for m in body.messages if m.role == "user" and m.text().strip()]
    if not users:
        raise ProblemError(
            422,
            "invalid-input",
            "Invalid input",
            "messages: at least one user message with text is needed",
        )
    return users[-1].text().strip()[:4000]


async def _open_thread(
    body: ChatCompletionRequest, conversation: str | None, user: Any, engine: Any
) -> str:
    key = conversation or body.user
    thread_id = f"chat:{user.username}:{key}" if key else f"chat:{user.username}:{uuid.uuid4()}"
    await run_in_threadpool(create_thread, engine, user, {"source": "openai"}, thread_id)
    return thread_id


ConversationId = Annotated[
    str | None,
    Header(
        alias="X-Conversation-Id",
        max_length=100,
        description="Keeps a multi-turn chat in one Lineside thread",
    ),
]


@router.get("/models", response_model=ModelList, summary="The model Lineside serves")
async def models(user: CurrentUser) -> ModelList:
    return ModelList(data=[ModelCard(id=MODEL_ID, created=1772449200, owned_by="lineside")])


@router.post(
    "/chat/completions",
    response_model=ChatCompletion,
    responses={
        200: {
            "content": {"text/event-stream": {}},
            "description": "JSON, or with `stream: true` chunks ending `data: [DONE]`",
        },
        409: {"model": Problem, "description": "The conversation is busy (see Retry-After)"},
    },
    summary="OpenAI-compatible chat (streaming and not)",
)
async def chat_completions(
    body: ChatCompletionRequest,
    user: CurrentUser,
    agent: AgentDep,
    settings: SettingsDep,
    conversation: ConversationId = None,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    created = int(time.time())
    completion_id = f"chatcmpl-{uuid.uuid4().hex}"
    prompt = _prompt(body)
    thread_id = await _open_thread(body, conversation, user, agent.engine)
    if body.stream:
        # Refused before the stream starts, so a busy conversation is a plain 409.
        if await run_in_threadpool(is_busy, agent.engine, thread_id):
            raise busy_problem(thread_id, settings.api.busy_retry_after_s)
        include_usage = bool(body.stream_options and body.stream_options.include_usage)
        steps = run_streaming(
            agent, user, CHANNEL, thread_id, prompt, settings.api.busy_retry_after_s
        )
        # OpenAI's own framing (`data:` lines, then `data: [DONE]`), in an SSE response.
        return EventSourceResponse(
            _chunks(completion_id, created, prompt, steps, include_usage),
            headers={"X-Lineside-Thread": thread_id},
        )
    result = await run_and_wait(
        agent,
        user,
        CHANNEL,
        thread_id,
        prompt,
        settings.api.thread_wait_s,
        settings.api.busy_retry_after_s,
    )
    return ChatCompletion(
        id=completion_id,
        created=created,
        model=MODEL_ID,
        usage=_usage(prompt, result.answer),
        choices=[Choice(message=AssistantMessage(content=result.answer))],
    )


def _usage(prompt: str, answer: str) -> Usage:
    return Usage(
        prompt_tokens=_words(prompt),
        completion_tokens=_words(answer),
        total_tokens=_words(prompt) + _words(answer),
    )


def _chunk(
    completion_id: str, created: int, delta: dict[str, Any], finish: str | None = None
) -> dict[str, Any]:
    return {
        "id": completion_id,
        "object": "chat.completion.chunk",
        "created": created,
        "model": MODEL_ID,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def _data(event: dict[str, Any]) -> bytes:
    return f"data: {json.dumps(event)}\n\n".encode()


async def _chunks(
    completion_id: str,
    created: int,
    prompt: str,
    steps: AsyncIterator[RunEvent],
    include_usage: bool,
) -> AsyncIterator[bytes]:
    """OpenAI's stream: the role at once, the answer word by word as the turn settles it, then
    stop, usage (if asked), [DONE]. A turn that fails sends OpenAI's error object instead."""
    yield _data(_chunk(completion_id, created, {"role": "assistant", "content": ""}))
    told = ""
    async for step in steps:
        if step.event == ANSWER_DELTA:
            told += step.data["text"]
            yield _data(_chunk(completion_id, created, {"content": step.data["text"]}))
        elif step.event == "error":
            error = {
                "message": step.data["detail"] or step.data["title"],
                "type": step.data["type"],
                "code": step.data["status"],
            }
            yield _data({"error": error})
            yield b"data: [DONE]\n\n"
            return
        elif step.event == "done":
            answer = str(step.data["answer"])
            if answer != told and answer.startswith(told):
                # Text the turn settled without streaming it (none today): send the rest.
                yield _data(_chunk(completion_id, created, {"content": answer[len(told) :]}))
            yield _data(_chunk(completion_id, created, {}, "stop"))
            if include_usage:
                usage = _usage(prompt, answer).model_dump()
                yield _data(
                    {
                        "id": completion_id,
                        "object": "chat.completion.chunk",
                        "created": created,
                        "model": MODEL_ID,
                        "choices": [],
                        "usage": usage,
                    }
                )
    yield b"data: [DONE]\n\n"
