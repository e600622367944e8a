"""Read models over HTTP: every read is a governed tool call (scope, audit, rate limit)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import Engine

from api.problems import FieldError, ProblemError, field_name
from governance.context import CallContext
from governance.identity import Actor
from tools.registry import get_tool
from tools.results import ToolResult
from tools.runner import call_tool

API_CHANNEL = "api"


class ReadResult(BaseModel):
    """A governed read: the typed facts, a one-line summary, and where they came from."""

    tool: str
    summary: str
    data: dict[str, Any] | list[Any] = Field(default_factory=dict)
    sources: list[str] = Field(default_factory=list)
    policy: str | None = None


_STATUS = {
    "forbidden": (403, "forbidden", "Not allowed"),
    "out_of_scope": (403, "out-of-scope", "Not in your plant scope"),
    "rate_limited": (429, "rate-limited", "Too many requests"),
    "invalid_arguments": (422, "invalid-input", "Invalid input"),
    "invalid_input": (422, "invalid-input", "Invalid input"),
}


def _args(tool_name: str, where: str, raw: dict[str, Any]) -> dict[str, Any]:
    """The tool's own input model validates, so a bad value names its query field."""
    try:
        get_tool(tool_name).input_model.model_validate(raw)
    except ValidationError as err:
        errors = [FieldError(field=field_name((where, *e["loc"])), message=e["msg"])
                  for e in err.errors()]  # fmt: skip
        raise ProblemError(422, "invalid-input", "Invalid input",
                           "; ".join(f"{e.field}: {e.message}" for e in errors),
                           errors=errors) from None  # fmt: skip
    return raw


def problem_of(result: ToolResult) -> ProblemError:
    status, kind, title = _STATUS.get(result.error_kind or "", (422, "refused", "Refused"))
    headers = {}
    if result.error_kind == "rate_limited":
        headers["Retry-After"] = str(max(1, round((result.retry_after_s or 1) + 0.5)))
    return ProblemError(status, kind, title, result.error or "", headers=headers)


def governed_read(
    engine: Engine, actor: Actor, tool_name: str, raw: dict[str, Any], where: str = "query"
) -> ToolResult:
    """Call `tool_name` as `actor` through tools.runner.call_tool; refusals become problems."""
    args = _args(tool_name, where, {k: v for k, v in raw.items() if v is not None})
    result = call_tool(engine, CallContext(actor, API_CHANNEL, None), tool_name, args)
    if not result.ok:
        raise problem_of(result)
    return result


def read_result(result: ToolResult) -> ReadResult:
    return ReadResult(tool=result.tool, summary=result.summary, data=result.json_data(),
                      sources=result.sources, policy=result.policy)  # fmt: skip
