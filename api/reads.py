"""Read models over HTTP: every read is a governed tool call (scope, audit, rate limit)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import Engine, text

from api.problems import ProblemError, invalid_input
from governance.context import CallContext
from governance.identity import Actor
from tools.registry import get_tool
from tools.result_data import ClearToBuildRows
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
        raise invalid_input(err, where) from None
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
    return ReadResult(
        tool=result.tool,
        summary=result.summary,
        data=result.json_data(),
        sources=result.sources,
        policy=result.policy,
    )


def work_order_clear_to_build(
    engine: Engine, actor: Actor, work_order: str, include_unconfirmed: bool, include_held: bool
) -> ToolResult:
    """clear_to_build for the WO's line and plant-local day, narrowed to that one WO."""
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT w.id, w.line_code, l.plant_code, w.planned_start, p.timezone"
                " FROM work_order w JOIN line l ON l.code = w.line_code"
                " JOIN plant p ON p.code = l.plant_code WHERE upper(w.id) = upper(:id)"
            ),
            {"id": work_order},
        ).first()
    if row is None:
        raise ProblemError(
            404,
            "not-found",
            "No such work order",
            f"No work order {work_order!r} (e.g. WO-SEAT1-0303-0600)",
        )
    from zoneinfo import ZoneInfo

    day = row.planned_start.astimezone(ZoneInfo(row.timezone)).date().isoformat()
    args = {
        "plant": row.plant_code,
        "line": row.line_code,
        "date": day,
        "include_unconfirmed": include_unconfirmed,
        "include_held": include_held,
    }
    result = governed_read(engine, actor, "clear_to_build", args)
    rows = [r for r in result.typed(ClearToBuildRows).root if r.work_order == row.id]
    if not rows:
        raise ProblemError(
            404,
            "not-found",
            "Not in the projection",
            f"{row.id} is not a released WO in the projection",
        )
    verdict = "clear to build" if rows[0].clear else "not clear to build"
    return result.model_copy(
        update={
            "data": rows[0],
            "sources": [row.id],
            "summary": f"{row.id} is {verdict} at its start",
        }
    )
