"""`lineside proposals list|show|approve|reject|dispatch|expire`: the approvers' fallback."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine

from cli.errors import user_error
from domain.db.engine import get_engine
from domain.formatting import action_name, approver_words, channel_name, money, plant_time
from domain.planning.repository import plant_timezones
from governance.errors import GovernanceError, ProposalNotFound, UnknownIdentity
from governance.identity import Actor, get_actor
from governance.proposals import ProposalView, get_proposal, list_proposals

proposals_app = typer.Typer(
    help="List, show, approve and reject action proposals as an authenticated user.",
    no_args_is_help=True,
)
console = Console()
T = TypeVar("T")

AsUser = Annotated[str, typer.Option("--as", help="The Lineside user deciding (e.g. priya.nair).")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
Comment = Annotated[str, typer.Option("--comment", help="Why, for the requester and the audit.")]
Wait = Annotated[
    bool,
    typer.Option(
        "--wait/--no-wait",
        help="Send this decision's outbound messages before returning (default), or leave them"
        " to `lineside worker`.",
    ),
]


def _guarded(action: Callable[[], T]) -> T:
    """Run a governance action; a refusal becomes a red line and exit code 1, not a traceback."""
    try:
        return action()
    except (UnknownIdentity, ProposalNotFound) as err:
        raise user_error(err) from None  # a mistyped user or id: fix the command line
    except GovernanceError as err:
        console.print(f"[red]{err}[/red]")
        raise typer.Exit(code=1) from err


def _actor(engine: Engine, username: str) -> Actor:
    return _guarded(lambda: get_actor(engine, username))


def _dump(value: Any) -> None:
    typer.echo(json.dumps(value, indent=2, default=str))


def _at_plant(when: Any, zones: dict[str, str], plant: str) -> str:
    """A proposal's time on its plant's clock, with the zone ('Tue 2026-03-03 06:00 EST')."""
    return plant_time(when, zones.get(plant, "UTC"), zone=True) if when else "-"


def _table(views: list[ProposalView], zones: dict[str, str]) -> Table:
    table = Table(title="Action proposals")
    for column in ("Id", "Kind", "Plant", "Cost", "Status", "Needs", "Requested by", "Expires"):
        table.add_column(column, justify="right" if column == "Cost" else "left")
    for v in views:
        table.add_row(
            v.id,
            action_name(v.kind),
            v.plant_code,
            money(v.cost),
            v.status,
            approver_words(v.required_role, v.four_eyes),
            v.requested_by,
            _at_plant(v.expires_at, zones, v.plant_code),
        )
    return table


def _show(view: ProposalView, zones: dict[str, str]) -> None:
    console.print(
        f"[bold]{view.id}[/bold] {action_name(view.kind)} at {view.plant_code}: [bold]{view.status}"
    )
    via = channel_name(view.channel)
    console.print(f"requested by {view.requested_by} via {via}, thread {view.thread_id}")
    needs = "someone other than the requester" if view.four_eyes else "the requester may confirm"
    console.print(f"cost {money(view.cost)}; needs {approver_words(view.required_role)} ({needs})")
    console.print(f"expires {_at_plant(view.expires_at, zones, view.plant_code)}")
    console.print(f"why: {view.rationale}")
    console.print(f"expected effect: {view.expected_effect}")
    for fact in view.cited_facts:
        console.print(f"  - {fact.get('fact', fact)} [dim]({fact.get('source', '')})[/dim]")
    console.print_json(json.dumps(view.payload, default=str))
    if view.decided_by:
        decided = _at_plant(view.decided_at, zones, view.plant_code)
        console.print(f"decided by {view.decided_by} at {decided}: {view.decision_comment}")
    if view.failure_reason:
        console.print(f"[red]failed: {view.failure_reason}[/red]")


@proposals_app.command("list")
def list_command(
    as_user: AsUser,
    status: Annotated[str | None, typer.Option(help="pending, executed, rejected...")] = None,
    as_json: AsJson = False,
) -> None:
    """Proposals at your plants, newest first."""
    engine = get_engine()
    actor = _actor(engine, as_user)
    views = _guarded(lambda: list_proposals(engine, actor, status))
    if as_json:
        _dump([v.model_dump(mode="json") for v in views])
    else:
        console.print(_table(views, plant_timezones(engine)))


@proposals_app.command("show")
def show_command(proposal_id: str, as_user: AsUser, as_json: AsJson = False) -> None:
    """One proposal in full: payload, cited facts, decision."""
    engine = get_engine()
    actor = _actor(engine, as_user)
    view = _guarded(lambda: get_proposal(engine, proposal_id, actor))
    if as_json:
        _dump(view.model_dump(mode="json"))
    else:
        _show(view, plant_timezones(engine))


def _decide(
    proposal_id: str,
    as_user: str,
    verb: str,
    comment: str,
    edit: str | None,
    as_json: bool,
    wait: bool,
) -> None:
    from agent.decisions import decide_proposal  # loads LangGraph only when deciding
    from agent.runner import close_agents

    engine = get_engine()
    actor = _actor(engine, as_user)
    edited: dict[str, Any] | None = None
    if edit is not None:
        try:
            edited = json.loads(edit)
        except json.JSONDecodeError as err:
            console.print(f"[red]--edit is not valid JSON: {err}[/red]")
            raise typer.Exit(code=2) from err
    decision: Any = "edit" if edited is not None else verb
    try:
        done = _guarded(
            lambda: decide_proposal(
                engine, proposal_id, actor, decision, edited_payload=edited, comment=comment,
                channel="cli", wait_for_send=wait,
            )
        )  # fmt: skip
    finally:
        close_agents()
    view = done.proposal
    if as_json:
        extra = done.model_dump(mode="json", exclude={"proposal", "outcome"})
        _dump({**view.model_dump(mode="json"), **extra})
        return
    colour = {"executed": "green", "rejected": "yellow"}.get(view.status, "red")
    console.print(f"[{colour}]{view.id} {view.status}[/{colour}] by {view.decided_by}")
    if view.failure_reason:
        console.print(f"[red]{view.failure_reason}[/red]")
    if done.messages_sent:
        console.print(f"{done.messages_sent} outbound message(s) sent.")
    elif done.messages_queued:
        console.print(f"{done.messages_queued} outbound message(s) queued for `lineside worker`.")
    if done.thread_message:
        console.print(f"thread {done.thread_id}: {done.thread_message}", markup=False)


@proposals_app.command("approve")
def approve_command(
    proposal_id: str,
    as_user: AsUser,
    comment: Comment = "",
    edit: Annotated[
        str | None, typer.Option("--edit", help="Edited payload as JSON (edit, then approve).")
    ] = None,
    as_json: AsJson = False,
    wait: Wait = True,
) -> None:
    """Approve (optionally with an edited payload); the action runs once, now."""
    _decide(proposal_id, as_user, "approve", comment, edit, as_json, wait)


@proposals_app.command("reject")
def reject_command(
    proposal_id: str, as_user: AsUser, comment: Comment = "", as_json: AsJson = False
) -> None:
    """Reject: nothing is sent or changed."""
    _decide(proposal_id, as_user, "reject", comment, None, as_json, wait=False)


@proposals_app.command("dispatch")
def dispatch_command(limit: int = 100) -> None:
    """Send queued outbound messages now, as `lineside worker` does (the demo's sender records
    them in outbound_message)."""
    from governance.worker import send_waiting

    console.print(f"{send_waiting(get_engine(), limit)} message(s) sent.")


@proposals_app.command("expire")
def expire_command() -> None:
    """Expire pending proposals past their time to live now, as `lineside worker` does (deny by
    default)."""
    from governance.worker import expire_overdue

    console.print(f"{expire_overdue(get_engine())} proposal(s) expired.")
