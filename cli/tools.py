"""`lineside tools list|call`: the governed tool catalogue, for people and for debugging."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cli.errors import user_error

tools_app = typer.Typer(help="List the agent's governed tools, or call one as a user.",
                        no_args_is_help=True)  # fmt: skip
console = Console()


@tools_app.command("list")
def tools_list(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Every tool: name, kind (read/propose), description and input schema."""
    from tools.registry import catalogue

    tools = catalogue()
    if as_json:
        rows = [
            {"name": t.name, "kind": t.kind, "description": t.description,
             "input_schema": t.json_schema()}
            for t in tools
        ]  # fmt: skip
        typer.echo(json.dumps(rows, indent=2))
        return
    table = Table("tool", "kind", "arguments", "description", show_lines=True)
    for t in tools:
        props = t.json_schema().get("properties", {})
        required = set(t.json_schema().get("required", []))
        args = ", ".join(f"{n}{'*' if n in required else ''}" for n in props)
        table.add_row(t.name, t.kind, args, t.description)
    console.print(table)
    console.print("* required")


@tools_app.command("call")
def tools_call(
    name: Annotated[str, typer.Argument(help="Tool name, e.g. shortages.")],
    as_user: Annotated[str, typer.Option("--as", help="Lineside username to call as.")],
    args: Annotated[str, typer.Option("--args", help="Arguments as a JSON object.")] = "{}",
    thread: Annotated[str | None, typer.Option(help="Thread id to record in the audit.")] = None,
) -> None:
    """Call one tool through governance as USER and print the ToolResult as JSON."""
    from domain.db.engine import get_engine
    from governance.context import CallContext
    from governance.errors import GovernanceError
    from governance.identity import get_actor
    from tools.runner import call_tool

    try:
        raw = json.loads(args)
    except json.JSONDecodeError as err:
        raise typer.BadParameter(f"--args is not valid JSON: {err}") from err
    if not isinstance(raw, dict):
        raise typer.BadParameter('--args must be a JSON object, e.g. \'{"plant": "LKS"}\'')
    engine = get_engine()
    try:
        actor = get_actor(engine, as_user)
    except GovernanceError as err:
        raise user_error(err) from None
    result = call_tool(engine, CallContext(actor, "cli", thread), name, raw)
    typer.echo(json.dumps(result.model_dump(mode="json"), indent=2, default=str))
    if not result.ok:
        raise typer.Exit(1)
