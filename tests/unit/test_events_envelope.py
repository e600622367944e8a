"""CloudEvents envelopes: typed data per type, every problem named by its field."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.events.envelope import EventValidationError, make_event, parse_event
from domain.events.schema import event_schema
from domain.events.types import EVENT_TYPES

T = datetime(2026, 3, 2, 12, tzinfo=UTC)


def _asn(**data: object) -> dict[str, object]:
    return make_event(
        "asn.updated", {"asn_number": "ASN-55102", **data}, source="s", id="1", time=T
    )


def test_a_partial_update_names_its_object_and_carries_only_what_changed() -> None:
    event = parse_event(_asn(eta="2026-03-05T16:00:00Z"))
    assert event.object_key == "asn:ASN-55102"
    assert event.data.model_fields_set == {"asn_number", "eta"}
    assert event.envelope["subject"] == "asn:ASN-55102"
    assert event.envelope["specversion"] == "1.0"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"data": {"asn_number": "A", "qty": -1}}, "data.qty"),
        ({"data": {"asn_number": "A", "etaa": "2026-03-05T16:00:00Z"}}, "data.etaa"),
        ({"data": {"asn_number": "A", "eta": "2026-03-05T16:00:00"}}, "data.eta"),
        ({"time": "yesterday"}, "time"),
        ({"id": ""}, "id"),
        ({"type": "asn.deleted"}, "type"),
        ({"specversion": "0.3"}, "specversion"),
    ],
)
def test_a_malformed_event_names_the_field(change: dict[str, object], field: str) -> None:
    with pytest.raises(EventValidationError) as err:
        parse_event({**_asn(), **change})
    assert field in [e.field for e in err.value.errors]


def test_not_json_is_refused_as_the_body() -> None:
    with pytest.raises(EventValidationError) as err:
        parse_event("{not json", index=3)
    assert err.value.errors[0].field == "body" and err.value.index == 3


def test_the_schema_publishes_every_type() -> None:
    schema = event_schema()
    assert set(schema["types"]) == set(EVENT_TYPES)
    assert "eta" in schema["types"]["asn.updated"]["properties"]
