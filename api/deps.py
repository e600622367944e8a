"""Typed dependencies routes declare in their signatures (the engine, the agent, the clock)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine

from domain.settings import Settings

if TYPE_CHECKING:
    from agent.runner import Agent


def get_engine_dep(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_agent_dep(request: Request) -> Agent:
    """The process's agent over the app's database (graph and checkpointer built once)."""
    from api.agent_service import agent_of

    return agent_of(request.app)


EngineDep = Annotated[Engine, Depends(get_engine_dep)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
AgentDep = Annotated["Agent", Depends(get_agent_dep)]
