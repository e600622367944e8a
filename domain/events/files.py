"""Reads a batch of events: JSON lines (one CloudEvent a line) or an X12 855/856 file."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from domain.events.envelope import DomainEvent, EventValidationError, FieldError, parse_event
from domain.events.x12 import X12Error, x12_events


class BatchValidationError(ValueError):
    """Some events of a batch are malformed: nothing of the batch is applied."""

    def __init__(self, errors: Sequence[EventValidationError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors))


def parse_batch(raws: Sequence[Any], first_index: int = 0) -> list[DomainEvent]:
    """Every event of a batch, or BatchValidationError naming each bad event and field."""
    events, errors = [], []
    for n, raw in enumerate(raws, start=first_index):
        try:
            events.append(parse_event(raw, index=n))
        except EventValidationError as err:
            errors.append(err)
    if errors:
        raise BatchValidationError(errors)
    return events


def read_events(text: str, timezone: str = "UTC") -> list[DomainEvent]:
    """The events of a file: X12 when it starts with ISA, else JSON lines (numbered from 1)."""
    if text.lstrip("\ufeff \r\n").startswith("ISA"):
        try:
            return parse_batch(x12_events(text, timezone))
        except X12Error as err:
            raise BatchValidationError(
                [EventValidationError([FieldError("x12", str(err))])]
            ) from err
    raws: list[Any] = []
    errors: list[EventValidationError] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raws.append(json.loads(line))
        except ValueError as err:
            errors.append(EventValidationError([FieldError("body", f"not JSON: {err}")], n))
            raws.append(None)
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    try:
        events = parse_batch(raws)
    except BatchValidationError as err:
        errors += [
            EventValidationError(e.errors, lines[e.index or 0])
            for e in err.errors
            if raws[e.index or 0] is not None
        ]
    if errors:
        raise BatchValidationError(sorted(errors, key=lambda e: e.index or 0))
    return events
