"""The chat model: any OpenAI-compatible endpoint when configured, else the offline model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import openai
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import BaseMessage
from langchain_core.runnables import Runnable, RunnableConfig
from pydantic import SecretStr
from sqlalchemy import Engine

from agent.offline.model import OfflineChatModel
from agent.offline.vocabulary import LiveVocabulary
from domain.settings import LlmSettings

OFFLINE = "offline"


def model_name(settings: LlmSettings) -> str:
    """What audit records call the model: the endpoint's model name, or 'offline'."""
    return settings.model if settings.configured else OFFLINE


def chat_model(engine: Engine, settings: LlmSettings) -> BaseChatModel:
    """ChatOpenAI against the `llm` settings' endpoint (LINESIDE_LLM_*), else the offline model."""
    if not settings.configured:
        live = LiveVocabulary(engine)
        return OfflineChatModel(vocabulary=live.current(), source=live)
    from langchain_openai import ChatOpenAI  # only an endpoint needs the OpenAI client

    return ChatOpenAI(
        model=settings.model,
        base_url=settings.base_url,
        api_key=SecretStr(settings.api_key or "not-needed"),  # local servers want any key
        use_responses_api=settings.use_responses_api,
        temperature=0,
        timeout=settings.timeout_s,
        max_retries=settings.max_retries,
    )


def _rejects_parallel(err: openai.APIStatusError) -> bool:
    return err.status_code in (400, 422) and "parallel_tool_calls" in str(err)


class ParallelToolCallsFallback(Runnable[LanguageModelInput, BaseMessage]):
    """Ask for parallel tool calls; once a server rejects the parameter, stop sending it."""

    def __init__(self, with_param: Runnable[Any, Any], without: Runnable[Any, Any]) -> None:
        self.with_param = with_param
        self.without = without
        self.rejected = False

    def invoke(
        self, input: LanguageModelInput, config: RunnableConfig | None = None, **kwargs: Any
    ) -> BaseMessage:
        if not self.rejected:
            try:
                return self.with_param.invoke(input, config, **kwargs)
            except openai.APIStatusError as err:
                if not _rejects_parallel(err):
                    raise
                self.rejected = True
        return self.without.invoke(input, config, **kwargs)


def bind_catalogue(
    model: BaseChatModel, tools: Sequence[dict[str, Any]], settings: LlmSettings
) -> Runnable[LanguageModelInput, BaseMessage]:
    """The model with the tool catalogue bound, minding the server's parallel_tool_calls support."""
    if isinstance(model, OfflineChatModel):
        return model.bind_tools(tools)
    mode = settings.parallel_tool_calls
    if mode == "off":
        return model.bind_tools(tools)
    with_param = model.bind_tools(tools, parallel_tool_calls=True)
    return (
        with_param
        if mode == "on"
        else ParallelToolCallsFallback(with_param, model.bind_tools(tools))
    )
