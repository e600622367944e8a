"""`lineside db up|down|status|reset`: the database's lifecycle."""

from __future__ import annotations

import typer
from rich.console import Console

from domain.db import embedded
from domain.db.engine import database_url, drop_database, ensure_database
from domain.db.migrate import current_revision, upgrade
from domain.settings import get_settings

db_app = typer.Typer(
    help="Start, stop, migrate and reset Lineside's PostgreSQL.", no_args_is_help=True
)
console = Console()


def _using_embedded() -> bool:
    return not get_settings().database.url


@db_app.command("up")
def db_up() -> None:
    """Start the embedded server (unless LINESIDE_DATABASE_URL is set) and apply migrations."""
    if _using_embedded():
        console.print(f"Starting embedded PostgreSQL in {get_settings().database.data_dir} ...")
        embedded.start()
        ensure_database(get_settings().database.name)
    url = database_url()
    upgrade(url)
    console.print(f"[green]Database ready[/green] at revision {current_revision(url)}")


@db_app.command("down")
def db_down() -> None:
    """Stop the embedded server cleanly (data is kept)."""
    if not _using_embedded():
        console.print("LINESIDE_DATABASE_URL is set: that server is not ours to stop.")
        return
    stopped = embedded.stop()
    console.print("Embedded PostgreSQL " + ("stopped." if stopped else "was not running."))


@db_app.command("status")
def db_status() -> None:
    """Say where the database is, whether it runs, and its migration revision."""
    if _using_embedded():
        st = embedded.status()
        console.print(f"embedded server: {'running' if st.running else 'stopped'} ({st.data_dir})")
        if not st.running:
            return
    url = database_url()
    try:
        console.print(f"database: {get_settings().database.name} revision {current_revision(url)}")
    except Exception as err:  # a missing database is an answer here, not a crash
        console.print(f"database: not reachable ({err.__class__.__name__}); run `lineside db up`")


@db_app.command("reset")
def db_reset(
    yes: bool = typer.Option(False, "--yes", help="Confirm that all data may be dropped."),
) -> None:
    """Drop the Lineside database and recreate it at the latest migration."""
    if not yes:
        console.print("[red]This drops every table.[/red] Re-run with --yes to confirm.")
        raise typer.Exit(code=2)
    name = get_settings().database.name
    if not _using_embedded():
        console.print("Refusing to drop the database of LINESIDE_DATABASE_URL; drop it yourself.")
        raise typer.Exit(code=2)
    embedded.start()
    drop_database(name)
    ensure_database(name)
    upgrade(database_url())
    console.print(f"[green]Database {name} recreated[/green] at the latest migration.")
