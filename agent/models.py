"""The chat model: any OpenAI-compatible endpoint when configured, else the offline model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import openai
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import BaseMessage
from langchain_core.runnables import Runnable, RunnableConfig
from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import Engine

from agent.offline.model import OfflineChatModel
from agent.offline.vocabulary import LiveVocabulary

OFFLINE = "offline"


class LlmSettings(BaseSettings):
    """LINESIDE_LLM_*: the endpoint, and the protocol choices servers differ on."""

    model_config = SettingsConfigDict(env_prefix="LINESIDE_LLM_", extra="ignore")
    base_url: str = ""
    model: str = ""
    api_key: str = ""
    # Chat Completions is what vLLM, Ollama and llama.cpp speak; OpenAI also has Responses.
    use_responses_api: bool = False
    # auto: ask for parallel tool calls and drop the parameter if the server rejects it.
    parallel_tool_calls: Literal["auto", "on", "off"] = "auto"
    timeout_s: float = 60.0
    max_retries: int = 2

    @property
    def configured(self) -> bool:
        return bool(self.base_url and self.model)


def model_name(settings: LlmSettings | None = None) -> str:
    """What audit records call the model: the endpoint's model name, or 'offline'."""
    settings = settings or LlmSettings()
    return settings.model if settings.configured else OFFLINE


def chat_model(engine: Engine, settings: LlmSettings | None = None) -> BaseChatModel:
    """ChatOpenAI against LINESIDE_LLM_BASE_URL/MODEL/API_KEY, else the offline model."""
    settings = settings or LlmSettings()
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
    model: BaseChatModel, tools: Sequence[dict[str, Any]], settings: LlmSettings | None = None
) -> Runnable[LanguageModelInput, BaseMessage]:
    """The model with the tool catalogue bound, minding the server's parallel_tool_calls support."""
    if isinstance(model, OfflineChatModel):
        return model.bind_tools(tools)
    mode = (settings or LlmSettings()).parallel_tool_calls
    if mode == "off":
        return model.bind_tools(tools)
    with_param = model.bind_tools(tools, parallel_tool_calls=True)
    return (
        with_param
        if mode == "on"
        else ParallelToolCallsFallback(with_param, model.bind_tools(tools))
    )
