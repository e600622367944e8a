"""Who may call which tool on which plants: the role policy table plus the actor's plant scope."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

from sqlalchemy import Engine, text

from governance.errors import AccessDenied, OutOfScope
from governance.identity import Actor

POLICY_CACHE_TTL_S = 5.0  # a policy change reaches every worker within this many seconds

_cache: dict[str, tuple[float, dict[tuple[str, str], tuple[bool, str]]]] = {}
_cache_lock = threading.Lock()


def in_scope(actor: Actor, plant: str) -> bool:
    """True when `plant` is one the actor may see and act on."""
    return actor.all_plants or plant in actor.plant_scope


def _policy(engine: Engine) -> dict[tuple[str, str], tuple[bool, str]]:
    key = engine.url.render_as_string(hide_password=True)
    now = time.monotonic()
    with _cache_lock:
        hit = _cache.get(key)
        if hit and now - hit[0] < POLICY_CACHE_TTL_S:
            return hit[1]
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT role, tool_name, allowed, plant_rule FROM governance.tool_policy")
        ).all()
    table = {(r.role, r.tool_name): (bool(r.allowed), str(r.plant_rule)) for r in rows}
    with _cache_lock:
        _cache[key] = (now, table)
    return table


def roles_allowed(engine: Engine, tools: Sequence[str]) -> dict[str, list[str]]:
    """Tool -> the roles the policy lets call it (sorted), for saying who may do what."""
    table = _policy(engine)
    return {
        tool: sorted(
            role for (role, name), (allowed, _) in table.items() if name == tool and allowed
        )
        for tool in tools
    }


def check_tool_access(
    engine: Engine,
    actor: Actor,
    tool_name: str,
    plants: Sequence[str],
    *,
    subject: str | None = None,
) -> None:
    """Raise AccessDenied unless the actor's role may call the tool, OutOfScope per plant."""
    allowed, plant_rule = _policy(engine).get((actor.role, tool_name), (False, "scope"))
    if not allowed:
        raise AccessDenied(f"Your role ({actor.role}) may not use {tool_name}")
    if plant_rule == "any":
        return
    for plant in plants:
        if not in_scope(actor, plant):
            raise OutOfScope(plant, actor.plant_scope, subject)
