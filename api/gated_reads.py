"""Reads the agent has no tool for yet (top risks, a resequence plan, the audit chain check).

They pass the same gate as every tool call (governance.gate.governed_call: rate limit, role and
plant scope, audit record) under policy rows of their own (migration 0006).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any, TypeVar

from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import Engine

from api.problems import ProblemError, invalid_input
from domain.clock import as_of
from domain.planning.policy import PlanningInputError, parse_horizon
from domain.risk import RiskInputError
from domain.scheduling.model import SchedulingInputError
from governance.context import CallContext
from governance.gate import governed_call
from governance.identity import Actor
from tools.results import jsonable
from tools.scope import default_plant, line_plant

T = TypeVar("T")
A = TypeVar("A", bound=BaseModel)
USER_ERRORS = (PlanningInputError, RiskInputError, SchedulingInputError, ValueError)


class RiskTopArgs(BaseModel):
    plant: str
    horizon: str = Field(default="14d", pattern=r"^\s*\d+(\.\d+)?\s*[wdhmWDHM]\s*$")
    limit: int = Field(default=10, ge=1, le=100)


class ResequencePlanArgs(BaseModel):
    line: str
    horizon: str = Field(default="14d", pattern=r"^\d+[dh]$")
    time_limit_s: float = Field(default=10.0, gt=0, le=60)


class AuditVerifyArgs(BaseModel):
    pass


def _validated(model: type[A], **raw: Any) -> A:
    """The read's arguments, a bad one answered as a 422 naming its query field."""
    try:
        return model.model_validate(raw)
    except ValidationError as err:
        raise invalid_input(err, "query") from None


def _gated(
    engine: Engine,
    actor: Actor,
    name: str,
    args: BaseModel,
    plants: Sequence[str],
    fn: Callable[[], T],
    subject: str | None = None,
) -> T:
    try:
        return governed_call(
            engine, CallContext(actor, "api", None), name, args, plants, fn, subject=subject
        )
    except USER_ERRORS as err:
        raise ProblemError(422, "invalid-input", "Invalid input", str(err)) from err


def risk_top(
    engine: Engine, actor: Actor, plant: str | None, horizon: str, limit: int
) -> dict[str, Any]:
    """Open PO lines of a plant by risk, riskiest first, of those due within `horizon`."""
    from domain.risk import risky_po_lines

    code = (plant or default_plant(actor, engine)).upper()
    args = _validated(RiskTopArgs, plant=code, horizon=horizon, limit=limit)

    def run() -> dict[str, Any]:
        now = as_of(engine)
        until = now + parse_horizon(horizon)
        lines = [
            r
            for r in risky_po_lines(engine, code, top=10_000, as_of=now)
            if r.facts.promised_at <= until
        ][:limit]
        return {
            "plant": code,
            "as_of": now.isoformat(),
            "horizon_hours": (until - now) / timedelta(hours=1),
            "lines": [
                {
                    "po_number": r.po_number,
                    "line_no": r.line_no,
                    "item": r.item,
                    "supplier": r.supplier,
                    "supplier_name": r.supplier_name,
                    "score": r.score,
                    "level": r.level,
                    "promised_at": r.facts.promised_at.isoformat(),
                    "explanation": r.explanation(),
                    "factors": [jsonable(f) for f in r.factors if f.points > 0],
                }
                for r in lines
            ],
        }

    return _gated(engine, actor, "risk_top", args, [code], run)


def resequence_plan(
    engine: Engine, actor: Actor, line: str, horizon: str, time_limit_s: float
) -> dict[str, Any]:
    """The scheduler's plan for a line, its diff and KPI deltas; nothing is proposed."""
    from domain.scheduling.repository import resequence_line_from_db

    args = _validated(ResequencePlanArgs, line=line, horizon=horizon, time_limit_s=time_limit_s)
    plant = line_plant(engine, line)
    if plant is None:
        raise ProblemError(404, "not-found", "No such line", f"No line {line!r} (e.g. LKS-SEAT1)")

    def run() -> dict[str, Any]:
        result = resequence_line_from_db(engine, line, horizon, time_limit=time_limit_s)
        return {"line": line, "plant": plant, **result.to_json()}

    return _gated(engine, actor, "resequence_plan", args, [plant], run, subject=line)


def audit_verify(engine: Engine, actor: Actor) -> dict[str, Any]:
    """Walk the hash chain: ok, how many records, the first broken one."""
    from governance.audit import verify_chain

    def run() -> dict[str, Any]:
        report = verify_chain(engine)
        return {
            "ok": report.ok,
            "checked": report.checked,
            "first_broken_id": report.first_broken_id,
            "reason": report.reason,
        }

    return _gated(engine, actor, "audit_verify", AuditVerifyArgs(), [], run)
