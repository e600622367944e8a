"""What a tool hands back to the agent: typed facts, a short summary, citations and any proposal.

`data` is the tool's own pydantic model (its `Tool.result_model`), serialised to the same
JSON as before; a consumer reads fields with `result.typed(Model)` or parses a tool message
back with `parse_tool_result`. A failure carries `problem.kind`, so nobody matches wording.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, Field, InstanceOf, field_serializer, model_validator

from domain.entities import Candidate

ProblemKind = Literal[
    "unknown_tool",  # no tool of that name
    "invalid_arguments",  # the arguments do not fit the tool's input model
    "forbidden",  # the role may not use the tool, or the policy refuses it
    "out_of_scope",  # the plant the call touches is outside the caller's scope
    "rate_limited",  # too many calls; retry after `retry_after_s`
    "unknown_identity",  # the caller maps to no Lineside user
    "not_found",  # the item, supplier, PO, line or lot named does not exist
    "ambiguous",  # the name fits several entities; `candidates` lists them
    "invalid_input",  # anything else the user can fix (bad horizon, period, quantity)
    "proposal_error",  # a proposal cannot be created as asked
]
ModelT = TypeVar("ModelT", bound=BaseModel)
# The few kinds an HTTP front end folds together (a name it cannot find is invalid input).
_FRONT_END_KINDS = {"not_found": "invalid_input", "ambiguous": "invalid_input",
                    "unknown_identity": "refused", "proposal_error": "refused"}  # fmt: skip


class ToolError(Exception):
    """A problem the user can fix (unknown PO, no such line): becomes ok=False, not a crash."""

    def __init__(self, message: str, kind: ProblemKind = "invalid_input") -> None:
        super().__init__(message)
        self.kind: ProblemKind = kind


class ToolProblem(BaseModel):
    """Why a call did not run or found nothing to act on, as data."""

    kind: ProblemKind
    message: str
    plant: str | None = None  # out_of_scope: the plant asked for
    scope: list[str] = Field(default_factory=list)  # out_of_scope: the caller's plants
    retry_after_s: float | None = None  # rate_limited
    candidates: list[Candidate] = Field(default_factory=list)  # ambiguous, best first
    fields: list[str] = Field(default_factory=list)  # invalid_arguments: the fields to fix
    # A move into a line's frozen horizon: the WO, the line, its hours and end (plant clock).
    work_order: str | None = None
    line: str | None = None
    frozen_hours: float | None = None
    frozen_until: str | None = None


class ToolResult(BaseModel):
    """The outcome of one governed tool call, JSON-serialisable end to end."""

    ok: bool
    tool: str
    data: InstanceOf[BaseModel] | dict[str, Any] | list[Any] = Field(default_factory=dict)
    summary: str = ""
    # A summary that lists facts, as data: its head line and one point per fact (`listing`
    # writes the summary from them), so an answer can show a list without splitting text.
    headline: str = ""
    points: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    policy: str | None = None
    untrusted: bool = False
    proposal: dict[str, Any] | None = None
    error: str | None = None
    problem: ToolProblem | None = None

    @model_validator(mode="before")
    @classmethod
    def _typed_data(cls, value: Any) -> Any:
        """Parsed JSON gets the tool's own result model back (for `parse_tool_result`)."""
        if not isinstance(value, dict) or isinstance(value.get("data"), BaseModel):
            return value
        if not value.get("ok") or not isinstance(value.get("data"), dict | list):
            return value
        model = result_model_of(str(value.get("tool", "")))
        if model is None:
            return value
        return {**value, "data": model.model_validate(value["data"])}

    @field_serializer("data")
    def _data_as_json(self, data: Any) -> Any:
        return jsonable(data)

    @property
    def error_kind(self) -> str | None:
        """The failure's kind as the HTTP front end maps it (forbidden, out_of_scope, ...)."""
        if self.problem is None:
            return None
        return _FRONT_END_KINDS.get(self.problem.kind, self.problem.kind)

    @property
    def retry_after_s(self) -> float | None:
        return None if self.problem is None else self.problem.retry_after_s

    def json_data(self) -> dict[str, Any] | list[Any]:
        """`data` as the plain JSON the tool message carries."""
        value = jsonable(self.data)
        return value if isinstance(value, dict | list) else {}

    def typed(self, model: type[ModelT]) -> ModelT:
        """`data` as `model` (the tool's result model), whether built here or parsed."""
        if isinstance(self.data, model):
            return self.data
        return model.model_validate(jsonable(self.data))

    def as_text(self) -> str:
        """Compact JSON for a chat model's tool message."""
        return json.dumps(self.model_dump(mode="json"), separators=(",", ":"), default=str)

    @classmethod
    def failure_of(cls, tool: str, problem: ToolProblem) -> ToolResult:
        return cls(ok=False, tool=tool, summary=problem.message, error=problem.message,
                   problem=problem)  # fmt: skip

    @classmethod
    def failure(cls, tool: str, error: str, kind: ProblemKind = "invalid_input") -> ToolResult:
        return cls.failure_of(tool, ToolProblem(kind=kind, message=error))


def listing(headline: str, points: list[str], sep: str = " | ") -> dict[str, Any]:
    """`summary`, `headline` and `points` of a result that lists facts: 'head: a | b', or
    'head.' with nothing to list; without a head, the points alone."""
    if not points:
        summary = f"{headline}."
    else:
        summary = (f"{headline}: " if headline else "") + sep.join(points)
    return {"summary": summary, "headline": headline, "points": points}


def result_model_of(tool: str) -> type[BaseModel] | None:
    """The typed result model a tool declares, if it is a known tool that declares one."""
    from tools.registry import get_tool  # lazy: the registry imports every tool module

    try:
        return get_tool(tool).result_model
    except KeyError:
        return None


def parse_tool_result(content: str) -> ToolResult:
    """A tool message's content (`ToolResult.as_text()`) back as a ToolResult with typed data."""
    return ToolResult.model_validate_json(content)


def jsonable(value: Any) -> Any:
    """Turn dataclasses, pydantic models, datetimes and enums into plain JSON values."""
    if isinstance(value, BaseModel):
        return jsonable(value.model_dump())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds() / 3600.0  # hours: the unit planners speak in
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if hasattr(value, "_asdict"):
        return jsonable(value._asdict())
    return str(value)
