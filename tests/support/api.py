"""An API app over one test database, and demo tokens signed by a key of the test's own."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.app import create_app
from api.auth import issue_demo_token
from domain.settings import ApiSettings, Settings


def api_settings_for(tmp: Path, **overrides: object) -> Settings:
    """The environment's settings, with demo tokens signed by a key in `tmp` and `overrides`
    of the api section."""
    api = ApiSettings(demo_key_file=tmp / "demo-key.pem", **overrides)  # type: ignore[arg-type]
    return Settings(api=api)


def bearer(settings: Settings, username: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_demo_token(settings.api, username)}"}


@contextmanager
def api_client(engine: Engine, settings: Settings) -> Iterator[TestClient]:
    """A TestClient with the app's lifespan run (queue opened, agent closed at the end)."""
    with TestClient(create_app(settings, engine=engine)) as client:
        yield client
