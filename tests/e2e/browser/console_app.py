"""The app the browser tests serve: the console installed on a FastAPI app over the demo."""

from __future__ import annotations

from fastapi import FastAPI

from api.console import install
from domain.db.engine import get_engine


def create_app() -> FastAPI:
    app = FastAPI(title="Lineside")
    install(app, get_engine())
    return app
