"""The published JSON Schema of every event type's `data` (served at GET /v1/events/schema)."""

from __future__ import annotations

from typing import Any

from domain.events.envelope import SPECVERSION
from domain.events.types import EVENT_TYPES


def event_schema() -> dict[str, Any]:
    """One document: the CloudEvents envelope Lineside requires and each type's data schema."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Lineside events",
        "description": (
            "CloudEvents 1.0 in structured JSON mode. Idempotent on (source, id); an event older "
            "(by `time`) than the last one applied to the same object is ignored."
        ),
        "envelope": {
            "type": "object",
            "required": ["specversion", "id", "source", "type", "time", "data"],
            "properties": {
                "specversion": {"const": SPECVERSION},
                "id": {"type": "string", "minLength": 1},
                "source": {"type": "string", "minLength": 1},
                "type": {"enum": list(EVENT_TYPES)},
                "time": {"type": "string", "format": "date-time"},
                "subject": {"type": "string", "description": "set by Lineside: the object key"},
                "datacontenttype": {"const": "application/json"},
                "data": {"type": "object"},
            },
        },
        "types": {kind: model.model_json_schema() for kind, model in EVENT_TYPES.items()},
    }
