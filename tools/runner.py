"""The one way the agent calls a tool: validate, then governance resolves plants, runs, audits."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine

from domain.entities import AmbiguousEntity, EntityInputError, UnknownEntity
from domain.formatting import field_problems
from domain.kpis import KpiInputError
from domain.planning.policy import PlanningInputError
from domain.procurement.expedite import ExpediteInputError
from domain.risk import RiskInputError
from domain.scheduling.frozen import FrozenHorizonError
from domain.scheduling.model import SchedulingInputError
from governance.context import CallContext
from governance.errors import (
    GovernanceError,
    OutOfScope,
    ProposalError,
    RateLimited,
    UnknownIdentity,
)
from governance.gate import governed_call
from tools.registry import get_tool
from tools.results import ToolError, ToolProblem, ToolResult

# Errors a user causes (unknown plant, bad horizon or period, unknown KPI): reported, not raised.
USER_ERRORS = (
    ToolError,
    EntityInputError,
    ExpediteInputError,
    PlanningInputError,
    KpiInputError,
    SchedulingInputError,
    RiskInputError,
)


def _validation_message(err: ValidationError) -> str:
    """'invalid arguments: the quantity should be greater than 0' — the field to fix, in words
    (the fields' identifiers travel as data, in `ToolProblem.fields`)."""
    return "invalid arguments: " + field_problems(err.errors())


def _refusal(err: GovernanceError) -> ToolProblem:
    """What governance refused, as data: the kind, and the plant/scope or wait that explain it."""
    message = str(err)
    if isinstance(err, OutOfScope):
        return ToolProblem(kind="out_of_scope", message=message, plant=err.plant,
                           scope=list(err.scope))  # fmt: skip
    if isinstance(err, RateLimited):
        return ToolProblem(kind="rate_limited", message=message, retry_after_s=err.retry_after_s)
    if isinstance(err, UnknownIdentity):
        return ToolProblem(kind="unknown_identity", message=message)
    if isinstance(err, ProposalError):
        return ToolProblem(kind="proposal_error", message=message)
    return ToolProblem(kind="forbidden", message=message)


def _user_error(err: Exception) -> ToolProblem:
    """A problem the user can fix, as data: not found, ambiguous (with candidates), or invalid."""
    message = str(err)
    if isinstance(err, AmbiguousEntity):
        return ToolProblem(kind="ambiguous", message=message, candidates=list(err.candidates))
    if isinstance(err, UnknownEntity):
        return ToolProblem(kind="not_found", message=message)
    if isinstance(err, ToolError):
        return ToolProblem(kind=err.kind, message=message)
    if isinstance(err, FrozenHorizonError) and err.horizon is not None:
        return ToolProblem(kind="invalid_input", message=message, work_order=err.work_order,
                           line=err.horizon.line, frozen_hours=err.horizon.hours,
                           frozen_until=err.until_local)  # fmt: skip
    return ToolProblem(kind="invalid_input", message=message)


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
        fields = [".".join(str(x) for x in e.get("loc", ())) for e in err.errors()]
        return ToolResult.failure_of(
            name,
            ToolProblem(kind="invalid_arguments", message=_validation_message(err),
                        fields=[f for f in fields if f]),
        )  # fmt: skip
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
    except GovernanceError as err:
        return ToolResult.failure_of(name, _refusal(err))
    except USER_ERRORS as err:
        return ToolResult.failure_of(name, _user_error(err))


__all__ = ["call_tool", "ToolError", "ToolResult"]
