"""`lineside data generate`: a large synthetic company for benchmarks, with a progress bar."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from cli.demo import prepare_database
from domain.db.engine import get_engine
from domain.settings import get_settings
from sample_data.meridian.validate import DatasetError
from sample_data.synthetic.generator import SyntheticInputError, generate_company

data_app = typer.Typer(help="Generate synthetic data for benchmarks.", no_args_is_help=True)
console = Console()


@data_app.command("generate")
def data_generate(
    plants: Annotated[int, typer.Option(help="Number of plants.")] = 3,
    items: Annotated[int, typer.Option(help="Number of items (10% finished goods).")] = 5000,
    po_lines: Annotated[int, typer.Option("--po-lines", help="Number of PO lines.")] = 50_000,
    work_orders: Annotated[int, typer.Option("--work-orders", help="Released WOs.")] = 2000,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed, the same company.")] = 1,
    reset: Annotated[bool, typer.Option("--reset", help="Replace the data already there.")] = False,
) -> None:
    """Create the database if needed and fill it with a synthetic company (one transaction)."""
    prepare_database(reset)
    truncate = reset and bool(get_settings().database.url)
    columns = (
        TextColumn("{task.description:<22}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(),
    )  # fmt: skip
    with Progress(*columns, console=console) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(table: str, done: int, total: int) -> None:
            if table not in tasks:
                tasks[table] = bar.add_task(table, total=total)
            bar.update(tasks[table], completed=done, total=max(total, done))

        try:
            report = generate_company(
                get_engine(), plants=plants, items=items, po_lines=po_lines,
                work_orders=work_orders, seed=seed, progress=progress, reset=truncate,
            )  # fmt: skip
        except (SyntheticInputError, DatasetError) as err:
            console.print(f"[red]Not generated:[/red] {err}")
            raise typer.Exit(code=2) from err
    table = Table(title=f"Synthetic company (seed {seed}) written in {report.seconds:.1f} s")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, count in report.counts.items():
        table.add_row(name, f"{count:,}")
    console.print(table)
