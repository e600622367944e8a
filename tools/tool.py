"""One governed tool: a name, a description for the model, typed input, scope and body."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel
from sqlalchemy import Engine

from tools.results import ToolResult

if TYPE_CHECKING:
    from governance.context import Actor, CallContext

ToolKind = Literal["read", "propose"]
PlantsFn = Callable[[Any, "Actor", Engine], list[str]]
RunFn = Callable[[Engine, "CallContext", Any], ToolResult]
SubjectFn = Callable[[Any], "str | None"]


def no_subject(args: Any) -> str | None:
    return None


@dataclass(frozen=True)
class Tool:
    """One entry of the catalogue. `plants` says which plants a call touches, before it runs."""

    name: str
    kind: ToolKind
    description: str
    input_model: type[BaseModel]
    plants: PlantsFn
    run: RunFn
    # What the call is about ('PO-7781'), so a refusal can say "PO-7781 is at LKS".
    subject: SubjectFn = no_subject
    # The pydantic model of `ToolResult.data` when the call succeeds (None: untyped yet).
    result_model: type[BaseModel] | None = None

    def json_schema(self) -> dict[str, Any]:
        """The input's JSON schema, as a chat model's function-calling `parameters`."""
        schema = self.input_model.model_json_schema()
        schema.pop("title", None)
        return schema

    def openai_schema(self) -> dict[str, Any]:
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": self.json_schema(),
            },
        }
