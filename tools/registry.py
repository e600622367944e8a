"""The tool catalogue: every governed tool the agent may call, introspectable by name."""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

from tools.tool import Tool


@lru_cache
def _by_name() -> dict[str, Tool]:
    # Imported here so that importing the registry alone stays cheap and cycle-free.
    from tools import (
        propose_plant,
        propose_supplier,
        read_actions,
        read_alerts,
        read_governance,
        read_impact,
        read_item,
        read_kpi_compare,
        read_lookup,
        read_planning,
        read_plant,
        read_procurement,
        read_supply,
    )

    tools: dict[str, Tool] = {}
    for module in (
        read_planning,
        read_procurement,
        read_supply,
        read_lookup,
        read_governance,
        read_alerts,
        read_actions,
        read_impact,
        read_item,
        read_kpi_compare,
        read_plant,
        propose_supplier,
        propose_plant,
    ):
        for tool in module.TOOLS:
            if tool.name in tools:
                raise RuntimeError(f"tool {tool.name} registered twice")
            tools[tool.name] = tool
    return tools


def catalogue() -> list[Tool]:
    """Every tool, read tools first, in a stable order."""
    return sorted(_by_name().values(), key=lambda t: (t.kind != "read", t.name))


def get_tool(name: str) -> Tool:
    """The tool called `name`; KeyError if there is none."""
    return _by_name()[name]


def openai_tool_schemas() -> list[dict[str, Any]]:
    """OpenAI function-calling schemas for `bind_tools` (name, description, parameters)."""
    return copy.deepcopy(_schemas())  # a caller may change its copy, never the next one's


@lru_cache
def _schemas() -> list[dict[str, Any]]:
    # Generating the JSON schemas of every input model is most of an Agent's start-up.
    return [tool.openai_schema() for tool in catalogue()]
