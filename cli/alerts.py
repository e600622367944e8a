"""`lineside alerts list|ack|resolve|deliver`: alerts raised by events, for their recipients."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cli.errors import user_error
from domain.alerts.notify import deliver_pending
from domain.alerts.store import AlertError, acknowledge_alert, get_alert, list_alerts
from domain.alerts.store import resolve_alert as resolve_by_hand
from domain.db.engine import get_engine
from governance.errors import UnknownIdentity
from governance.identity import Actor, get_actor
from governance.policy import in_scope

alerts_app = typer.Typer(help="Alerts raised by events: list, acknowledge, resolve, deliver.",
                         no_args_is_help=True)  # fmt: skip
console = Console()
AsUser = Annotated[str, typer.Option("--as", help="The Lineside user (e.g. dana.kim).")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _actor(username: str) -> Actor:
    try:
        return get_actor(get_engine(), username)
    except UnknownIdentity as err:
        raise user_error(err) from None


def _plants(actor: Actor) -> list[str] | None:
    return None if actor.all_plants else list(actor.plant_scope)


@alerts_app.command("list")
def list_command(
    as_user: AsUser,
    mine: Annotated[bool, typer.Option("--mine", help="Only alerts routed to you.")] = False,
    plant: Annotated[str | None, typer.Option(help="One plant of your scope.")] = None,
    status: Annotated[str, typer.Option(help="active | open | acknowledged | resolved | all")] = (
        "active"
    ),
    as_json: AsJson = False,
) -> None:
    """Alerts at your plants, newest first."""
    actor = _actor(as_user)
    if status not in ("active", "open", "acknowledged", "resolved", "all"):
        raise user_error(f"--status {status!r}: use active, open, acknowledged, resolved or all")
    plants = _plants(actor)
    if plant is not None:
        if not in_scope(actor, plant.upper()):
            raise user_error(f"{plant} is outside {actor.username}'s plants")
        plants = [plant.upper()]
    alerts = list_alerts(get_engine(), plants, recipient=as_user if mine else None,
                         status=status)  # type: ignore[arg-type]  # fmt: skip
    if as_json:
        typer.echo(json.dumps([a.as_dict() for a in alerts], indent=2, default=str))
        return
    table = Table(title=f"Alerts for {as_user}")
    for column in ("Id", "Plant", "Rule", "Status", "Owner", "Opened", "Subject"):
        table.add_column(column)
    for a in alerts:
        table.add_row(str(a.id), a.plant, a.rule or a.kind, a.status, a.owner or "-",
                      a.opened_at.strftime("%m-%d %H:%M"), a.subject)  # fmt: skip
    console.print(table)


def _change(alert_id: int, as_user: str, resolve: bool, comment: str) -> None:
    actor = _actor(as_user)
    engine = get_engine()
    try:
        alert = get_alert(engine, alert_id)
        if not in_scope(actor, alert.plant):
            raise AlertError(f"alert {alert_id} is at {alert.plant}, outside your plants")
        now = datetime.now(UTC)
        done = (
            resolve_by_hand(engine, alert_id, as_user, now, comment)
            if resolve
            else acknowledge_alert(engine, alert_id, as_user, now)
        )
    except AlertError as err:
        raise user_error(err) from None
    typer.echo(f"alert {done.id}: {done.status}")


@alerts_app.command("ack")
def ack_command(alert_id: int, as_user: AsUser) -> None:
    """open → acknowledged: you are on it."""
    _change(alert_id, as_user, False, "")


@alerts_app.command("resolve")
def resolve_command(
    alert_id: int, as_user: AsUser,
    comment: Annotated[str, typer.Option(help="What was done.")] = "",
) -> None:  # fmt: skip
    """→ resolved by hand (alerts also resolve by themselves when their condition clears)."""
    _change(alert_id, as_user, True, comment)


@alerts_app.command("deliver")
def deliver_command() -> None:
    """Hand waiting alert deliveries to the registered notifiers once (the worker does this)."""
    typer.echo(f"{deliver_pending(get_engine())} alert deliveries sent")
