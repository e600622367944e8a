"""The one way the agent calls a tool: validate, then governance resolves plants, runs, audits."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine

from domain.kpis import KpiInputError
from domain.planning.policy import PlanningInputError
from domain.risk import RiskInputError
from domain.scheduling.model import SchedulingInputError
from governance.context import CallContext
from governance.errors import AccessDenied, GovernanceError, OutOfScope, RateLimited
from governance.gate import governed_call
from tools.registry import get_tool
from tools.results import ToolError, ToolResult

# Errors a user causes (unknown plant, bad horizon or period, unknown KPI): reported, not raised.
USER_ERRORS = (ToolError, PlanningInputError, KpiInputError, SchedulingInputError, RiskInputError)


def _validation_message(tool: str, err: ValidationError) -> str:
    """'expedite_po: qty: Input should be greater than 0' — the field to fix, in plain words."""
    parts = []
    for e in err.errors():
        field = ".".join(str(x) for x in e.get("loc", ())) or "arguments"
        parts.append(f"{field}: {e.get('msg', 'invalid')}")
    return f"{tool}: invalid arguments — " + "; ".join(parts)


def call_tool(engine: Engine, ctx: CallContext, name: str, raw_args: dict[str, Any]) -> ToolResult:
    """Run tool `name` for `ctx.actor`; refusals and user errors come back as ok=False."""
    try:
        tool = get_tool(name)
    except KeyError:
        return ToolResult.failure(
            name, f"unknown tool {name!r}; see `lineside tools list`", "unknown_tool"
        )
    try:
        args = tool.input_model.model_validate(raw_args or {})
    except ValidationError as err:
        return ToolResult.failure(name, _validation_message(name, err), "invalid_arguments")
    try:
        # The plants lookup runs inside the gate, so an unknown PO is audited too.
        return governed_call(
            engine,
            ctx,
            name,
            args,
            lambda: tool.plants(args, ctx.actor, engine),
            lambda: tool.run(engine, ctx, args),
            subject=tool.subject(args),
        )
    except RateLimited as err:
        return ToolResult.failure(name, str(err), "rate_limited", err.retry_after_s)
    except OutOfScope as err:
        return ToolResult.failure(name, str(err), "out_of_scope")
    except AccessDenied as err:
        return ToolResult.failure(name, str(err), "forbidden")
    except GovernanceError as err:
        return ToolResult.failure(name, str(err), "refused")
    except USER_ERRORS as err:
        return ToolResult.failure(name, str(err), "invalid_input")


__all__ = ["call_tool", "ToolError", "ToolResult"]
