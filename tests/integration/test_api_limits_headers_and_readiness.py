"""What protects the service and what it says of itself: body limits, security headers, CORS,
readiness of the database, migrations and queue, and a busy chat refused with Retry-After."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from agent.runner import thread_lock
from domain.settings import Settings
from governance.queue import QUEUE_SCHEMA
from tests.support.api import api_client, api_settings_for, bearer

pytestmark = pytest.mark.integration

ORIGIN = "https://console.meridian.example"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return api_settings_for(tmp_path, max_body_bytes=2048, cors_origins=[ORIGIN])


@pytest.fixture
def client(demo_db: Engine, settings: Settings) -> Iterator[TestClient]:
    with api_client(demo_db, settings) as c:
        yield c


def test_a_body_over_the_limit_is_refused_before_it_is_read(
    client: TestClient, settings: Settings
) -> None:
    big = {"input": {"messages": [{"role": "user", "content": "x" * 4096}]}}
    answer = client.post(
        "/v1/threads/t-1/runs/wait", json=big, headers=bearer(settings, "dana.kim")
    )
    assert answer.status_code == 413
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.headers["x-content-type-options"] == "nosniff"  # errors carry them too


def test_answers_carry_security_headers_and_cors_names_only_the_configured_origin(
    client: TestClient, settings: Settings
) -> None:
    ok = client.get("/v1/models", headers={**bearer(settings, "dana.kim"), "Origin": ORIGIN})
    assert ok.status_code == 200
    assert ok.headers["x-frame-options"] == "DENY"
    assert ok.headers["content-security-policy"].startswith("default-src 'none'")
    assert ok.headers["cache-control"] == "no-store"
    assert ok.headers["access-control-allow-origin"] == ORIGIN
    preflight = client.options(
        "/v1/chat/completions",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Authorization, Idempotency-Key",
        },
    )
    assert preflight.status_code == 200
    assert "idempotency-key" in preflight.headers["access-control-allow-headers"].lower()
    stranger = client.get(
        "/v1/models", headers={**bearer(settings, "dana.kim"), "Origin": "https://evil.example"}
    )
    assert "access-control-allow-origin" not in stranger.headers


def test_readiness_checks_database_migrations_and_queue(
    client: TestClient, settings: Settings, demo_db: Engine
) -> None:
    eve = bearer(settings, "eve.tester")
    ready = client.get("/readyz", headers=eve)
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    checks = ready.json()["checks"]
    assert {name for name, c in checks.items() if c["ok"]} == {"database", "migrations", "queue"}
    assert checks["queue"]["detail"] == "0 worker(s) alive"
    with demo_db.begin() as conn:  # a queue the service cannot read
        conn.execute(text(f"ALTER TABLE {QUEUE_SCHEMA}.procrastinate_workers RENAME TO gone"))
    broken = client.get("/readyz", headers=eve)
    assert broken.status_code == 503 and broken.json()["status"] == "not ready"
    assert broken.json()["checks"]["queue"]["ok"] is False
    assert broken.json()["checks"]["database"]["ok"] is True


def test_a_busy_conversation_is_refused_with_retry_after_streamed_or_not(
    client: TestClient, settings: Settings, demo_db: Engine
) -> None:
    body = {"messages": [{"role": "user", "content": "why is PO-7781 risky?"}], "user": "c-1"}
    with thread_lock(demo_db, "chat:dana.kim:c-1", wait_s=0):
        for stream in (False, True):
            busy = client.post(
                "/v1/chat/completions",
                json={**body, "stream": stream},
                headers=bearer(settings, "dana.kim"),
            )
            assert busy.status_code == 409, stream
            assert busy.headers["retry-after"] == str(settings.api.busy_retry_after_s)
            assert busy.headers["content-type"] == "application/problem+json"
