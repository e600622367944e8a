"""What a tool hands back to the agent: facts, a short summary, citations and any proposal."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel, Field


class ToolError(Exception):
    """A problem the user can fix (unknown PO, no such line): becomes ok=False, not a crash."""


class ToolResult(BaseModel):
    """The outcome of one governed tool call, JSON-serialisable end to end."""

    ok: bool
    tool: str
    data: dict[str, Any] | list[Any] = Field(default_factory=dict)
    summary: str = ""
    sources: list[str] = Field(default_factory=list)
    policy: str | None = None
    untrusted: bool = False
    proposal: dict[str, Any] | None = None
    error: str | None = None
    # What kind of failure, for front ends that map it (HTTP status): unknown_tool,
    # invalid_arguments, invalid_input, forbidden, out_of_scope, rate_limited, refused.
    error_kind: str | None = None
    retry_after_s: float | None = None

    def as_text(self) -> str:
        """Compact JSON for a chat model's tool message."""
        return json.dumps(self.model_dump(mode="json"), separators=(",", ":"), default=str)

    @classmethod
    def failure(
        cls, tool: str, error: str, kind: str | None = None, retry_after_s: float | None = None
    ) -> ToolResult:
        return cls(ok=False, tool=tool, summary=error, error=error, error_kind=kind,
                   retry_after_s=retry_after_s)  # fmt: skip


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
