"""Alerts over HTTP: mine or my plant's by status, acknowledge, resolve."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Path, Query
from fastapi.concurrency import run_in_threadpool
from pydantic import AwareDatetime, BaseModel, Field

from api.auth import CurrentUser
from api.deps import EngineDep
from api.problems import COMMON_RESPONSES, Problem, ProblemError
from domain.alerts.store import (
    AlertError,
    AlertView,
    acknowledge_alert,
    get_alert,
    list_alerts,
    resolve_alert,
)
from domain.clock import as_of
from governance.identity import Actor

router = APIRouter(prefix="/v1/alerts", tags=["alerts"], responses=COMMON_RESPONSES)
Status = Literal["active", "open", "acknowledged", "resolved", "all"]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "No such alert at your plants"}
}
DECIDED: dict[int | str, dict[str, Any]] = {
    **NOT_FOUND,
    409: {"model": Problem, "description": "The alert is already resolved"},
}


def _plants(user: Actor, plant: str | None) -> list[str] | None:
    if plant is not None:
        if not (user.all_plants or plant.upper() in user.plant_scope):
            raise ProblemError(403, "out-of-scope", "Not in your plant scope",
                               f"{plant} is outside your plants")  # fmt: skip
        return [plant.upper()]
    return None if user.all_plants else list(user.plant_scope)


@router.get("", summary="Alerts at your plants (or routed to you), newest first")
async def alerts(
    user: CurrentUser, engine: EngineDep,
    mine: Annotated[bool, Query(description="Only alerts routed to you.")] = False,
    plant: Annotated[str | None, Query(max_length=10)] = None,
    status: Annotated[Status, Query(description="active = open or acknowledged")] = "active",
    since: Annotated[AwareDatetime | None, Query(description="Opened at or after.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[dict[str, Any]]:  # fmt: skip
    views = await run_in_threadpool(
        lambda: list_alerts(engine, _plants(user, plant), recipient=user.username if mine else None,
                            status=status, since=since, limit=limit)
    )  # fmt: skip
    return [v.as_dict() for v in views]


def _mine_to_see(engine: Any, alert_id: int, user: Actor) -> AlertView:
    try:
        alert = get_alert(engine, alert_id)
    except AlertError as err:
        raise ProblemError(404, "not-found", "No such alert", str(err)) from err
    if not (user.all_plants or alert.plant in user.plant_scope):
        raise ProblemError(404, "not-found", "No such alert", f"no alert {alert_id}")
    return alert


@router.get(
    "/{alert_id}", responses=NOT_FOUND, summary="One alert with what changed and the next actions"
)
async def alert(alert_id: Annotated[int, Path(ge=1)], user: CurrentUser,
                engine: EngineDep) -> dict[str, Any]:  # fmt: skip
    return (await run_in_threadpool(_mine_to_see, engine, alert_id, user)).as_dict()


def _change(engine: Any, alert_id: int, user: Actor, resolve: bool, comment: str) -> AlertView:
    _mine_to_see(engine, alert_id, user)
    now = as_of(engine)  # Lineside's now: the frozen clock in demo mode, as events use
    try:
        if resolve:
            return resolve_alert(engine, alert_id, user.username, now, comment)
        return acknowledge_alert(engine, alert_id, user.username, now)
    except AlertError as err:
        raise ProblemError(409, "already-resolved", "Alert already resolved", str(err)) from err


class Resolution(BaseModel):
    comment: str = Field(default="", max_length=2000, description="What was done.")


@router.post("/{alert_id}/acknowledge", responses=DECIDED, summary="open → acknowledged")
async def acknowledge(alert_id: Annotated[int, Path(ge=1)], user: CurrentUser,
                      engine: EngineDep) -> dict[str, Any]:  # fmt: skip
    return (await run_in_threadpool(_change, engine, alert_id, user, False, "")).as_dict()


@router.post("/{alert_id}/resolve", responses=DECIDED, summary="→ resolved by hand")
async def resolve(
    alert_id: Annotated[int, Path(ge=1)], user: CurrentUser, engine: EngineDep,
    body: Annotated[Resolution | None, Body()] = None,
) -> dict[str, Any]:  # fmt: skip
    comment = body.comment if body else ""
    return (await run_in_threadpool(_change, engine, alert_id, user, True, comment)).as_dict()
