"""The app's agent: built once per process, its chat model timed for /metrics."""

from __future__ import annotations

import threading
from typing import Any

from fastapi import FastAPI

from agent.models import OFFLINE, chat_model, model_name
from agent.runner import Agent
from api.metrics import ModelLatency
from domain.settings import get_settings

_lock = threading.Lock()


def build_agent(app: FastAPI) -> Agent:
    """An Agent on the app's database whose model calls are timed (lineside_model_latency)."""
    settings = get_settings()
    engine = app.state.engine
    name = model_name(settings.llm)
    model: Any = chat_model(engine, settings.llm)
    model.callbacks = [ModelLatency(name)]
    agent = Agent(engine, model=model, settings=settings)
    agent.model_name = name  # audit records name the model as the CLI's agent does
    return agent


def warm_up(app: FastAPI) -> None:
    """Build the app's agent and load the offline model's embeddings now (at start-up)."""
    agent = agent_of(app)
    if agent.model_name == OFFLINE:
        from agent.offline.meaning import warm_up as load_meaning

        load_meaning()


def agent_of(app: FastAPI) -> Agent:
    with _lock:
        agent: Agent | None = getattr(app.state, "agent", None)
        if agent is None:
            agent = app.state.agent_factory(app)
            app.state.agent = agent
        return agent
