"""Read tool over alerts: what is new or still open at your plants ('what's new today?')."""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, BaseModel, Field
from sqlalchemy import Engine

from domain.alerts.store import list_alerts
from domain.clock import as_of
from domain.planning.repository import plant_timezone
from tools.plant_time import local
from tools.results import ToolResult
from tools.scope import requested_or_visible
from tools.tool import Tool

if TYPE_CHECKING:
    from governance.context import Actor, CallContext


class ReadAlertsArgs(BaseModel):
    plant: str | None = Field(default=None, description="Plant code; default: all your plants.")
    since: AwareDatetime | None = Field(
        default=None, description="Only alerts opened at or after this time (ISO 8601)."
    )
    since_start_of_day: bool = Field(
        default=False,
        description="Only alerts opened since 00:00 today in the plant's time "
        "(for 'what's new since this morning?' / 'today').",
    )
    lifecycle: Literal["active", "open", "acknowledged", "resolved", "all"] = Field(
        default="active", description="Which alerts: active (default) = open or acknowledged."
    )
    mine: bool = Field(default=False, description="Only alerts routed to you.")
    limit: int = Field(default=20, ge=1, le=100, description="Most alerts, newest first.")


def _plants(args: ReadAlertsArgs, actor: Actor, engine: Engine) -> list[str]:
    return requested_or_visible(args.plant, actor, engine)


def _run(engine: Engine, ctx: CallContext, args: ReadAlertsArgs) -> ToolResult:
    plants = _plants(args, ctx.actor, engine)
    tz = plant_timezone(engine, plants[0]) if plants else "UTC"
    since = args.since
    if args.since_start_of_day:
        now = as_of(engine).astimezone(ZoneInfo(tz))
        since = datetime.combine(now.date(), time(0), now.tzinfo)
    alerts = list_alerts(
        engine, plants, recipient=ctx.actor.username if args.mine else None,
        status=args.lifecycle, since=since, limit=args.limit,
    )  # fmt: skip
    data = [a.as_dict() for a in alerts]
    when = f" since {local(since, tz)}" if since else ""
    summary = f"{len(alerts)} {args.lifecycle} alert(s) at {', '.join(plants)}{when}" + (
        ": " + "; ".join(
            f"#{a.id} [{a.status}] {a.subject} (opened {local(a.opened_at, tz)}, owner "
            f"{a.owner or '-'})" for a in alerts[:10]
        )
        if alerts
        else "."
    )  # fmt: skip
    return ToolResult(
        ok=True, tool="read_alerts", data=data, summary=summary,
        sources=[f"alert:{a.id}" for a in alerts],
    )  # fmt: skip


TOOLS = [
    Tool(
        name="read_alerts",
        kind="read",
        description=(
            "Alerts raised by supplier, logistics, quality and shop-floor events at your plants: "
            "new or worse shortages, short or late confirmations, late ASNs, quality holds on "
            "needed items, downtime making WOs late. Each has its status (open, acknowledged, "
            "resolved), owner, what changed (first-short time and qty before/after, WOs and "
            "customer orders hit) and suggested next actions. Use since_start_of_day for "
            "'what's new since this morning?', mine for 'my alerts'. Read-only."
        ),
        input_model=ReadAlertsArgs,
        plants=_plants,
        run=_run,
    )
]
