"""Who may call which tool on which plants: the role policy table plus the actor's plant scope."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, text

from domain.formatting import ACTION_NAMES, action_name, role_name
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


@dataclass(frozen=True)
class ToolRule:
    """The tool policy's say on one role and tool: its row, or deny by default when it has none."""

    role: str
    tool_name: str
    allowed: bool
    plant_rule: str  # scope | any
    listed: bool  # False: no row, so denied by default

    def as_dict(self) -> dict[str, object]:
        return {"policy": "governance.tool_policy", "role": self.role, "tool": self.tool_name,
                "allowed": self.allowed, "row": self.listed}  # fmt: skip

    def words(self) -> str:
        """Which rule this is: 'tool policy: planner / expedite_po not allowed'."""
        say = "allowed" if self.allowed else "not allowed"
        return f"tool policy: {self.role} / {self.tool_name} {say}" + (
            "" if self.listed else " (no row: denied by default)"
        )


def tool_rule(engine: Engine, role: str, tool_name: str) -> ToolRule:
    """The policy rule that decides whether `role` may call `tool_name`."""
    row = _policy(engine).get((role, tool_name))
    if row is None:
        return ToolRule(role, tool_name, False, "scope", listed=False)
    return ToolRule(role, tool_name, row[0], row[1], listed=True)


def role_refusal(role: str, tool_name: str) -> AccessDenied:
    """The refusal of a role the policy does not let call a tool, in words the user reads."""
    what = (
        f"ask for {action_name(tool_name, article=True)}"
        if tool_name in ACTION_NAMES
        else f"use the {action_name(tool_name)} tool"
    )
    return AccessDenied(f"Your role ({role_name(role, article=False)}) may not {what}")


def check_tool_access(
    engine: Engine,
    actor: Actor,
    tool_name: str,
    plants: Sequence[str],
    *,
    subject: str | None = None,
) -> None:
    """Raise AccessDenied unless the actor's role may call the tool, OutOfScope per plant."""
    rule = tool_rule(engine, actor.role, tool_name)
    if not rule.allowed:
        raise role_refusal(actor.role, tool_name)
    if rule.plant_rule == "any":
        return
    for plant in plants:
        if not in_scope(actor, plant):
            raise OutOfScope(plant, actor.plant_scope, subject)
