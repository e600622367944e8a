"""CloudEvents 1.0 envelopes (structured JSON) in and out, through the `cloudevents` SDK.

`parse_event` turns one structured-JSON event into a typed DomainEvent or raises
EventValidationError naming every field to fix ('time', 'data.qty'); nothing is stored here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cloudevents.core.exceptions import BaseCloudEventException, CloudEventValidationError
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent
from pydantic import ValidationError

from domain.events.types import EVENT_TYPES, EventData

SPECVERSION = "1.0"
DATA_CONTENT_TYPE = "application/json"
_FORMAT = JSONFormat()


@dataclass(frozen=True)
class FieldError:
    field: str  # 'id', 'time', 'data.schedule.0.qty'
    message: str


class EventValidationError(ValueError):
    """An event that cannot be read: every problem names its field."""

    def __init__(self, errors: list[FieldError], index: int | None = None) -> None:
        self.errors = errors
        self.index = index  # position in a batch or file, when there is one
        where = "" if index is None else f"event {index}: "
        super().__init__(where + "; ".join(f"{e.field}: {e.message}" for e in errors))


@dataclass(frozen=True)
class DomainEvent:
    """A validated event: envelope attributes, typed data and the object it is about."""

    source: str
    id: str
    type: str
    time: datetime
    data: EventData
    envelope: dict[str, Any]  # the structured JSON form, as stored

    @property
    def object_key(self) -> str:
        return self.data.object_key()


def _factory(attributes: dict[str, Any], data: Any) -> CloudEvent:
    return CloudEvent(attributes, data)


def _sdk_errors(err: CloudEventValidationError) -> list[FieldError]:
    return [
        FieldError(name, "; ".join(str(e) for e in problems))
        for name, problems in err.errors.items()
    ]


def parse_event(raw: dict[str, Any] | str | bytes, index: int | None = None) -> DomainEvent:
    """One structured-JSON CloudEvent as a DomainEvent; EventValidationError names the fields."""
    if isinstance(raw, str | bytes):
        try:
            raw = json.loads(raw)
        except ValueError as err:
            raise EventValidationError([FieldError("body", f"not JSON: {err}")], index) from err
    if not isinstance(raw, dict):
        raise EventValidationError([FieldError("body", "an event is a JSON object")], index)
    errors = [
        FieldError(name, "is required")
        for name in ("specversion", "id", "source", "type", "time", "data")
        if raw.get(name) in (None, "")
    ]
    if raw.get("specversion") not in (None, "", SPECVERSION):
        errors.append(FieldError("specversion", f"must be {SPECVERSION!r}"))
    kind = raw.get("type")
    if kind and kind not in EVENT_TYPES:
        errors.append(FieldError("type", f"unknown type {kind!r}; known: {', '.join(EVENT_TYPES)}"))
    if errors:
        raise EventValidationError(errors, index)
    try:
        event = _FORMAT.read(_factory, json.dumps(raw))
    except CloudEventValidationError as err:
        raise EventValidationError(_sdk_errors(err), index) from err
    except (BaseCloudEventException, ValueError, TypeError, OverflowError) as err:
        raise EventValidationError(
            [FieldError("time", f"not an RFC 3339 time: {err}")], index
        ) from err
    attributes = event.get_attributes()
    time = attributes["time"]
    if not isinstance(time, datetime) or time.tzinfo is None:
        raise EventValidationError([FieldError("time", "needs a UTC offset, e.g. Z")], index)
    try:
        data = EVENT_TYPES[str(kind)].model_validate(event.get_data())
    except ValidationError as err:
        raise EventValidationError(
            [
                FieldError(
                    ".".join(["data", *(str(x) for x in e.get("loc", ()))]),
                    str(e.get("msg", "invalid")),
                )
                for e in err.errors()
            ],
            index,
        ) from err
    envelope = json.loads(_FORMAT.write(event))
    envelope["subject"] = data.object_key()
    return DomainEvent(
        source=str(attributes["source"]),
        id=str(attributes["id"]),
        type=str(kind),
        time=time,
        data=data,
        envelope=envelope,
    )


def make_event(
    kind: str, data: EventData | dict[str, Any], *, source: str, id: str, time: datetime
) -> dict[str, Any]:
    """The structured-JSON CloudEvent of `data` (what parse_event reads back)."""
    payload = (
        data.model_dump(mode="json", exclude_none=True) if isinstance(data, EventData) else data
    )
    event = CloudEvent(
        {
            "specversion": SPECVERSION,
            "id": id,
            "source": source,
            "type": kind,
            "time": time,
            "datacontenttype": DATA_CONTENT_TYPE,
        },
        payload,
    )
    result: dict[str, Any] = json.loads(_FORMAT.write(event))
    return result
