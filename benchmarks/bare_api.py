"""The baseline for api_bench: the same reads and turn in a bare FastAPI app (no sign-in,
governance, audit, rate limit, middleware), served by uvicorn the same way."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool

from domain.db.engine import get_engine
from domain.planning.policy import SupplyPolicy


def create_bare_app() -> FastAPI:
    engine = get_engine()
    app = FastAPI()

    def shortages() -> list[dict[str, Any]]:
        from domain.planning.repository import shortages_for_plant

        return [
            s.as_dict("America/Detroit")
            for s in shortages_for_plant(engine, "LKS", "14d", SupplyPolicy(False, False))
        ]

    def po() -> dict[str, Any]:
        from domain.risk import po_line_risk

        risk = po_line_risk(engine, "PO-7781")
        return {"score": risk.score, "explanation": risk.explanation()}

    def turn(thread: str) -> dict[str, Any]:
        from agent.runner import run_turn
        from governance.identity import get_actor

        result = run_turn(
            engine, get_actor(engine, "dana.kim"), "api", thread, "why is PO-7781 risky?"
        )
        return {"answer": result.answer}

    @app.get("/bare/shortages")
    async def bare_shortages() -> list[dict[str, Any]]:
        return await run_in_threadpool(shortages)

    @app.get("/bare/po")
    async def bare_po() -> dict[str, Any]:
        return await run_in_threadpool(po)

    @app.post("/bare/turn/{thread}")
    async def bare_turn(thread: str) -> dict[str, Any]:
        return await run_in_threadpool(turn, thread)

    return app
