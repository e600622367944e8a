"""Liveness, readiness (database, migrations, queue) and Prometheus metrics."""

from __future__ import annotations

from functools import lru_cache

from fastapi import APIRouter, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import Engine, text

from api.auth import CurrentUser
from api.deps import EngineDep
from api.metrics import render_metrics
from api.problems import COMMON_RESPONSES
from governance.queue import QUEUE_SCHEMA

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str


class Check(BaseModel):
    ok: bool
    detail: str


class Readiness(BaseModel):
    status: str  # ready | not ready
    checks: dict[str, Check]


@router.get("/healthz", response_model=Health, summary="The process is up (no sign-in)")
async def healthz() -> Health:
    return Health(status="ok")


@lru_cache
def _head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    from domain.db.migrate import MIGRATIONS, alembic_config

    cfg = alembic_config("postgresql://unused")
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg).get_current_head()


def _checks(engine: Engine) -> dict[str, Check]:
    checks: dict[str, Check] = {}
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            checks["database"] = Check(ok=True, detail="reachable")
            head = _head_revision()
            checks["migrations"] = Check(
                ok=revision == head, detail=f"at {revision}, latest {head}"
            )
            workers = conn.execute(
                text(
                    f"SELECT count(*) FROM {QUEUE_SCHEMA}.procrastinate_workers"
                    " WHERE last_heartbeat > now() - interval '60 seconds'"
                )
            ).scalar_one()
            checks["queue"] = Check(ok=True, detail=f"{workers} worker(s) alive")
    except Exception as err:  # readiness reports what is wrong instead of failing
        name = "database" if "database" not in checks else "queue"
        checks[name] = Check(ok=False, detail=f"{type(err).__name__}: {err}")
    return checks


@router.get(
    "/readyz",
    response_model=Readiness,
    responses={503: {"model": Readiness, "description": "Not ready"}, **COMMON_RESPONSES},
    summary="Database, migrations and queue are ready",
)
async def readyz(user: CurrentUser, engine: EngineDep) -> JSONResponse:
    checks = await run_in_threadpool(_checks, engine)
    ready = all(c.ok for c in checks.values()) and {"database", "migrations", "queue"} <= set(
        checks
    )
    body = Readiness(status="ready" if ready else "not ready", checks=checks)
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503)


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}}, **COMMON_RESPONSES},
    summary="Prometheus metrics",
)
async def metrics(user: CurrentUser, engine: EngineDep) -> Response:
    body, content_type = await run_in_threadpool(render_metrics, engine)
    return Response(body, media_type=content_type)
