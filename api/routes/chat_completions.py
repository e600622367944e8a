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

from api.auth import CurrentUser
from api.deps import AgentDep, SettingsDep
from api.idempotency import IdempotencyKey
from api.problems import COMMON_RESPONSES, Problem, ProblemError
from api.runs import run_and_wait
from api.threads import create_thread

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


async def _turn(
    body: ChatCompletionRequest, conversation: str | None, user: Any, agent: Any, settings: Any
) -> tuple[str, str]:
    key = conversation or body.user
    thread_id = f"chat:{user.username}:{key}" if key else f"chat:{user.username}:{uuid.uuid4()}"
    await run_in_threadpool(create_thread, agent.engine, user, {"source": "openai"}, thread_id)
    result = await run_and_wait(
        agent,
        user,
        CHANNEL,
        thread_id,
        _prompt(body),
        settings.api.thread_wait_s,
        settings.api.busy_retry_after_s,
    )
    return thread_id, result.answer


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
    thread_id, answer = await _turn(body, conversation, user, agent, settings)
    usage = Usage(
        prompt_tokens=_words(_prompt(body)),
        completion_tokens=_words(answer),
        total_tokens=_words(_prompt(body)) + _words(answer),
    )
    if not body.stream:
        return ChatCompletion(
            id=completion_id,
            created=created,
            model=MODEL_ID,
            usage=usage,
            choices=[Choice(message=AssistantMessage(content=answer))],
        )
    include_usage = bool(body.stream_options and body.stream_options.include_usage)
    # OpenAI's own framing (`data:` lines, then `data: [DONE]`), in an SSE response.
    return EventSourceResponse(
        _chunks(completion_id, created, answer, usage if include_usage else None),
        headers={"X-Lineside-Thread": thread_id},
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


async def _chunks(
    completion_id: str, created: int, answer: str, usage: Usage | None
) -> AsyncIterator[bytes]:
    """OpenAI's stream: the role, the answer paragraph by paragraph, stop, usage, [DONE]."""
    events = [_chunk(completion_id, created, {"role": "assistant", "content": ""})]
    parts = answer.split("\n\n")
    for i, part in enumerate(parts):
        text = part + ("\n\n" if i < len(parts) - 1 else "")
        events.append(_chunk(completion_id, created, {"content": text}))
    events.append(_chunk(completion_id, created, {}, "stop"))
    if usage is not None:
        events.append(
            {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": MODEL_ID,
                "choices": [],
                "usage": usage.model_dump(),
            }
        )
    for event in events:
        yield f"data: {json.dumps(event)}\n\n".encode()
    yield b"data: [DONE]\n\n"
