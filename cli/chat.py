"""`lineside chat`: talk to the copilot as a user, one message or interactively; decide a pause."""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from domain.db.engine import get_engine
from domain.formatting import action_name, approver_words, field_name, money, role_name
from governance.approvals import Decision
from governance.errors import GovernanceError
from governance.identity import Actor, get_actor

if TYPE_CHECKING:
    from agent.runner import TurnResult

console = Console()
HELP = "Commands: /approve [ID], /reject [ID] [comment], /quit. Anything else is a question."


def _show_event(event: dict[str, Any]) -> None:
    kind = event.get("event")
    if kind == "tool_call":
        args = ", ".join(
            f"{field_name([k], article=False)} {v!r}" for k, v in event["args"].items()
        )
        console.print(
            f"[dim]→ {action_name(event['name'])}" + (f": {args}" if args else "") + "[/dim]"
        )
    elif kind == "tool_result" and not event["ok"]:
        console.print(
            f"[dim red]  {action_name(event['name'])} refused: {event['summary']}[/dim red]"
        )
    elif kind == "proposal":
        console.print(
            f"[yellow]  proposal {event['id']} ({action_name(event['kind'])}) {event['status']}, "
            f"needs {approver_words(event['required_role'])}[/yellow]"
        )


def _show(result: TurnResult, as_json: bool) -> None:
    if as_json:
        payload = result.as_dict()
        payload.pop("approval_requests")
        typer.echo(json.dumps(payload, indent=2, default=str))
        return
    console.print(result.answer, markup=False, highlight=False)
    for p in result.proposals:
        console.print(
            f"[yellow]proposal {p['id']}: {action_name(p['kind'])}, {p['status']}, "
            f"needs {approver_words(p['required_role'])}, {money(p['cost'])}[/yellow]"
        )
    if result.interrupted:
        console.print("[yellow]Waiting for approval (/approve or /reject).[/yellow]")


def _decide(engine: Any, actor: Actor, thread: str, line: str, as_json: bool) -> None:
    from agent.decisions import decide_in_thread

    parts = line.split(maxsplit=2)
    decision: Decision = "approve" if parts[0] == "/approve" else "reject"
    proposal = parts[1] if len(parts) > 1 else None
    comment = parts[2] if len(parts) > 2 else ""
    result = decide_in_thread(engine, thread, actor, decision, proposal_id=proposal,
                              comment=comment, channel="cli")  # fmt: skip
    _show(result, as_json)


def _interactive(engine: Any, actor: Actor, thread: str, as_json: bool) -> None:
    from agent.runner import run_turn

    console.print(
        f"[dim]Lineside as {actor.username} ({role_name(actor.role, article=False)}),"
        f" thread {thread}. {HELP}[/dim]"
    )
    while True:
        try:
            line = console.input("[bold]you> [/bold]").strip()
        except (EOFError, KeyboardInterrupt):
            return
        if not line:
            continue
        if line in ("/quit", "/exit"):
            return
        try:
            if line.startswith(("/approve", "/reject")):
                _decide(engine, actor, thread, line, as_json)
            else:
                _show(run_turn(engine, actor, "cli", thread, line, on_event=_show_event), as_json)
        except GovernanceError as err:
            console.print(f"[red]{err}[/red]")


def chat_command(
    as_user: Annotated[str, typer.Option("--as", help="Lineside username, e.g. dana.kim.")],
    message: Annotated[str | None, typer.Argument(help="One message; omit to chat.")] = None,
    thread: Annotated[
        str | None, typer.Option("--thread", help="Continue this thread (default: a new one).")
    ] = None,
    approve: Annotated[
        str | None, typer.Option("--approve", help="Approve this proposal of the thread.")
    ] = None,
    reject: Annotated[
        str | None, typer.Option("--reject", help="Reject this proposal of the thread.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the turn as JSON.")] = False,
) -> None:
    """Ask the copilot as USER; tool calls show as they run, proposals with their id."""
    # Imported here so that other commands do not pay for loading LangGraph.
    from agent.decisions import decide_in_thread
    from agent.runner import close_agents, run_turn

    engine = get_engine()
    thread_id = thread or f"cli:{as_user}:{uuid.uuid4().hex[:12]}"
    try:
        actor = get_actor(engine, as_user)
        decided = approve or reject
        if decided and thread is None:
            raise typer.BadParameter("--approve/--reject need the --thread the proposal came from")
        if decided:
            verdict: Decision = "approve" if approve else "reject"
            _show(decide_in_thread(engine, thread_id, actor, verdict, proposal_id=decided,
                                   comment=message or "", channel="cli"), as_json)  # fmt: skip
        elif message:
            on_event = None if as_json else _show_event
            _show(run_turn(engine, actor, "cli", thread_id, message, on_event=on_event), as_json)
        else:
            _interactive(engine, actor, thread_id, as_json)
    except GovernanceError as err:
        typer.echo(f"Error: {err}", err=True)
        raise typer.Exit(code=2) from err
    finally:
        close_agents()
