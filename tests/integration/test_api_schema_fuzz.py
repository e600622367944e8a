"""schemathesis over every non-streaming /v1 endpoint, in-process on the demo database, signed in
as several roles: no 5xx, every response within the OpenAPI schema (status codes, content types,
headers, bodies), and every error an application/problem+json."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import Engine, create_engine

from api.app import create_app
from api.problems import PROBLEM_JSON
from api.threads import create_thread
from governance.identity import get_actor
from tests.support.api import api_settings_for, bearer

pytestmark = pytest.mark.integration

# A buyer, a plant manager, and a user in no plant's scope.
ROLES = ("dana.kim", "priya.nair", "eve.tester")
STREAMING = "/v1/threads/{thread_id}/runs/stream"
THREADS = [f"fuzz-{user}" for user in ROLES]  # one thread each, opened by the fixture
# Half the time a path or query value is one the demo holds, so reads get past "not found".
KNOWN = {
    "path.po_number": ["PO-7781", "PO-7790"],
    "path.work_order": ["WO-SEAT1-0304-0600"],
    "path.supplier": ["VOLTAIC", "FOAMCRAFT"],
    "path.name": ["supplier_otif", "days_of_supply", "line_stop_risk_hours"],
    "path.thread_id": THREADS,
    "query.line": ["LKS-SEAT1", "SAL-SEW1"],
    "query.plant": ["LKS", "SAL", "GYR"],
}
# The coverage phase ignores max-examples (it walks every case the schema defines: ~20 s an
# endpoint); examples plus a few fuzzed cases per operation keep the whole run to seconds.
CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 20260302,
        "phases": {"coverage": {"enabled": False}},
        "generation": {"max-examples": 6},
        "suppress-health-check": ["all"],
        "dictionaries": {key: {"values": values} for key, values in KNOWN.items()},
        "parameters": {key: {"dictionary": key, "probability": 0.5} for key in KNOWN},
    }
)
KEYS = Path(tempfile.mkdtemp(prefix="lineside-schema-keys-"))
SETTINGS = api_settings_for(KEYS)
# The schema is read at collection from an app that never touches its (unbound) database.
_DOC = create_app(SETTINGS, engine=create_engine("postgresql+psycopg://unbound/unbound")).openapi()
schema = (
    schemathesis.openapi.from_dict(_DOC, config=CONFIG)
    .include(path_regex="^/v1/")
    .exclude(path=STREAMING)
)


def errors_are_problems(ctx: Any, response: Any, case: Any) -> None:
    """Every 4xx names what is wrong the same way: RFC 9457 problem details."""
    if response.status_code >= 400:
        kind = response.headers.get("content-type", [""])
        kind = kind[0] if isinstance(kind, list) else kind
        assert kind.startswith(PROBLEM_JSON), f"{response.status_code} answered as {kind!r}"
        body = response.json()
        assert body["status"] == response.status_code and body["title"], body


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    errors_are_problems,
]


@pytest.fixture(scope="module")
def app(demo_db_shared: Engine) -> Iterator[Any]:
    """The app on this module's copy of the demo (its lifespan runs once, then shuts down)."""
    for user, thread_id in zip(ROLES, THREADS, strict=True):
        create_thread(demo_db_shared, get_actor(demo_db_shared, user), {}, thread_id)
    yield create_app(SETTINGS, engine=demo_db_shared)
    shutdown_lifespans()
    shutil.rmtree(KEYS, ignore_errors=True)


@pytest.fixture(scope="module")
def tokens() -> dict[str, dict[str, str]]:
    return {user: bearer(SETTINGS, user) for user in ROLES}


@schema.parametrize()
def test_every_endpoint_answers_within_its_schema(
    case: Any, app: Any, tokens: dict[str, dict[str, str]]
) -> None:
    if isinstance(case.body, dict) and case.body.get("stream"):
        case.body["stream"] = False  # the streamed answer is checked over HTTP by the e2e tests
    if isinstance(case.query, dict) and "time_limit_s" in case.query:
        case.query["time_limit_s"] = 0.5  # keep the scheduler's search short
    for user in ROLES:
        case.call_and_validate(app=app, headers=tokens[user], checks=CHECKS)
