"""The `lineside` command: one entry point, one sub-command group per part of the product."""

from __future__ import annotations

import typer

from cli.db import db_app

app = typer.Typer(
    help="Lineside: a copilot for manufacturing operations.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db_app, name="db")

if __name__ == "__main__":
    app()
