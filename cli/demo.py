"""`lineside demo load [--reset]`: put Meridian Interiors, the demo company, in the database."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import text

from domain.clock import as_of
from domain.db.engine import database_url, drop_database, ensure_database, get_engine
from domain.db.migrate import upgrade
from domain.settings import get_settings
from sample_data.meridian.loader import DatabaseNotEmptyError, LoadReport, load_demo
from sample_data.meridian.validate import DatasetError

demo_app = typer.Typer(help="Load the demo company, Meridian Interiors.", no_args_is_help=True)
console = Console()

# The counts worth showing after a load, in the order a newcomer reads them.
SUMMARY = [
    ("plant", "plants"), ("line", "lines"), ("item", "items"), ("bom_line", "BOM lines"),
    ("supplier", "suppliers"), ("work_order", "work orders"), ("purchase_order", "purchase orders"),
    ("po_line", "PO lines"), ("goods_receipt", "goods receipts"), ("shipment", "ASNs"),
    ("inventory_balance", "stock balances"), ("supplier_message", "supplier emails"),
    ("app_user", "users"), ("entity_embedding", "embeddings"),
]  # fmt: skip


def prepare_database(reset: bool) -> None:
    """Like `lineside db up`: the database exists and is migrated; a reset recreates it first."""
    settings = get_settings()
    if not settings.database.url:
        if reset:
            drop_database(settings.database.name)
        ensure_database(settings.database.name)
    upgrade(database_url())


def print_report(report: LoadReport) -> None:
    console.print(
        f"[green]{report.name} loaded[/green] in {report.seconds:.1f} s, as of {report.as_of}"
    )
    table = Table()
    table.add_column("what")
    table.add_column("rows", justify="right")
    for key, label in SUMMARY:
        table.add_row(label, f"{report.counts.get(key, 0):,}")
    console.print(table)


def _demo_already_loaded() -> bool:
    with get_engine().connect() as conn:
        name = conn.execute(
            text("SELECT value->>'name' FROM dataset_meta WHERE key = 'dataset'")
        ).scalar()
    return name == "Meridian Interiors"


@demo_app.command("load")
def demo_load(
    reset: Annotated[
        bool, typer.Option("--reset", help="Replace whatever data the database holds.")
    ] = False,
) -> None:
    """Create the database if needed, migrate it, and load the demo company."""
    prepare_database(reset)
    # An external database is not dropped: its domain tables are emptied in the load transaction.
    truncate = reset and bool(get_settings().database.url)
    console.print("Loading Meridian Interiors (embeddings of items, suppliers and emails) ...")
    try:
        report = load_demo(get_engine(), reset=truncate)
    except DatabaseNotEmptyError as err:
        # A second `make run` keeps what the first one (and its users) stored.
        if _demo_already_loaded():
            console.print(f"Meridian Interiors is already loaded (as of {as_of(get_engine())}).")
            console.print("Use --reset to load it afresh.")
            return
        console.print(f"[red]Not loaded:[/red] {err}")
        raise typer.Exit(code=2) from err
    except DatasetError as err:
        console.print(f"[red]Not loaded:[/red] {err}")
        raise typer.Exit(code=2) from err
    print_report(report)
    console.print("Try: [bold]lineside shortages --plant LKS[/bold]")
