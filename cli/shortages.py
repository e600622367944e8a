"""`lineside shortages`: the plant's material shortages in the horizon, as a table or JSON."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.table import Table

from cli.errors import user_error
from domain.clock import as_of
from domain.db.engine import get_engine
from domain.planning.policy import PlanningInputError, SupplyPolicy, parse_horizon
from domain.planning.repository import plant_timezone, shortages_for_plant
from domain.planning.shortages import Shortage

console = Console()


def _local(at: datetime | None, tz: ZoneInfo, fmt: str = "%a %m-%d %H:%M") -> str:
    return "-" if at is None else at.astimezone(tz).strftime(fmt)


def _table(shortages: list[Shortage], plant: str, start: datetime, tz: ZoneInfo) -> Table:
    since = _local(start, tz, "%a %Y-%m-%d %H:%M %Z")
    table = Table(title=f"Shortages at {plant} as of {since} (times {tz.key})")
    table.add_column("Item", no_wrap=True)
    table.add_column("First short", no_wrap=True)
    table.add_column("Qty short", justify="right", no_wrap=True)
    table.add_column("WOs hit", justify="right", no_wrap=True)
    table.add_column("Line h", justify="right", no_wrap=True)
    table.add_column("Covered again", no_wrap=True)
    for s in shortages:
        table.add_row(
            s.item,
            _local(s.first_short_at, tz),
            f"{s.qty_short:,.6g}",
            str(len(s.pegged)),
            f"{s.line_hours_at_risk:.1f}",
            _local(s.recovered_at, tz) if s.recovered_at else "not in horizon",
        )
    return table


def _pegging(s: Shortage) -> str:
    by = f" Covered again by {', '.join(s.recovered_by)}." if s.recovered_by else ""
    held = (
        f" {s.held:,.6g} held/blocked not counted." if s.held and not s.policy.include_held else ""
    )
    return (
        f"[bold]{s.item}[/bold]: WOs {', '.join(s.work_orders)}; "
        f"customer orders {', '.join(s.customer_orders) or '-'}.{by}{held}"
    )


def shortages_command(
    plant: Annotated[str, typer.Option("--plant", help="Plant code, e.g. LKS.")],
    horizon: Annotated[str, typer.Option(help="How far ahead: 14d, 36h, 2w.")] = "14d",
    line: Annotated[str | None, typer.Option(help="Only shortages hitting this line.")] = None,
    item: Annotated[str | None, typer.Option(help="Only this item.")] = None,
    include_unconfirmed: Annotated[
        bool, typer.Option("--include-unconfirmed", help="Count unconfirmed PO quantities.")
    ] = False,
    include_held: Annotated[
        bool, typer.Option("--include-held", help="Count stock on quality hold or blocked.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Emit JSON instead of a table.")] = False,
) -> None:
    """Print the plant's shortages: first-short time, quantity, WOs and customer orders hit."""
    plant = plant.strip().upper()  # plant codes are upper case; `--plant lks` means LKS
    policy = SupplyPolicy(include_unconfirmed=include_unconfirmed, include_held=include_held)
    engine = get_engine()
    try:
        span = parse_horizon(horizon)
        tz = ZoneInfo(plant_timezone(engine, plant))
        start = as_of(engine)
        shortages = shortages_for_plant(engine, plant, span, policy, line, item, start)
    except PlanningInputError as err:
        raise user_error(err) from None
    if as_json:
        typer.echo(json.dumps([s.as_dict(tz.key) for s in shortages], indent=2))
        return
    if shortages:
        console.print(_table(shortages, plant, start, tz))
        for s in shortages:
            console.print(_pegging(s))
    else:
        since = _local(start, tz, "%a %Y-%m-%d %H:%M %Z")
        console.print(f"No shortages at {plant} in the next {horizon} as of {since}.")
    console.print(f"Policy: {policy.describe()}; horizon {horizon}.")
