"""`lineside kpi list|show|supplier`: the governed KPI catalogue and its values (table or JSON)."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cli.errors import user_error
from domain.db.engine import get_engine
from domain.kpis import KpiInputError, KpiResult, compute_kpi, format_value, list_kpis
from domain.kpis.supplier_performance import supplier_performance

kpi_app = typer.Typer(help="The governed KPI catalogue: definitions, owners and values.",
                      no_args_is_help=True)  # fmt: skip
console = Console()

AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
Plant = Annotated[str | None, typer.Option("--plant", help="Plant code, e.g. LKS.")]
Period = Annotated[
    str | None,
    typer.Option(
        "--period",
        help="e.g. 90d, 'last quarter', 'this month', 'next 14d', 2026-01-01..2026-02-28 "
        "(default: the KPI's own).",
    ),
]


@kpi_app.command("list")
def list_command(as_json: AsJson = False) -> None:
    """Every KPI with its owner and definition."""
    kpis = list_kpis()
    if as_json:
        typer.echo(json.dumps([k.as_dict() for k in kpis], indent=2, ensure_ascii=False))
        return
    table = Table(title="Lineside KPI catalogue")
    table.add_column("Name", no_wrap=True)
    table.add_column("Owner")
    table.add_column("Unit", no_wrap=True)
    table.add_column("Definition")
    for k in kpis:
        table.add_row(k.name, k.owner, k.unit, k.definition)
    console.print(table)


def _result_table(result: KpiResult) -> Table:
    k = result.kpi
    scope = ", ".join(f"{n}={v}" for n, v in result.filters.items() if v and n != "period")
    period = f"{result.period.start:%Y-%m-%d %H:%M} → {result.period.end:%Y-%m-%d %H:%M}"
    table = Table(
        title=f"{k.title}: {format_value(result.value, k.unit)}",
        caption=f"{result.period.label} ({period}){'; ' + scope if scope else ''}",
    )
    table.add_column(result.group_by or "scope", no_wrap=True)
    table.add_column("Name")
    table.add_column("Value", justify="right", no_wrap=True)
    table.add_column("Numerator", justify="right")
    table.add_column("Denominator", justify="right")
    table.add_column("Count", justify="right")
    for row in (*result.rows, result.overall):
        table.add_row(
            row.group or "all",
            row.label or "",
            format_value(row.value, k.unit),
            "" if row.numerator is None else f"{row.numerator:,.6g}",
            "" if row.denominator is None else f"{row.denominator:,.6g}",
            str(row.count),
        )
    return table


@kpi_app.command("show")
def show_command(
    name: Annotated[str, typer.Argument(help="KPI name or synonym, e.g. supplier_otif, OTIF.")],
    plant: Plant = None,
    supplier: Annotated[
        str | None, typer.Option("--supplier", help="Supplier code or name.")
    ] = None,
    family: Annotated[str | None, typer.Option("--family", help="Item family.")] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Group by supplier | plant | family | month | item.")
    ] = None,
    period: Period = None,
    as_json: AsJson = False,
) -> None:
    """A KPI's value, overall and per group, with its definition and owner."""
    try:
        result = compute_kpi(
            get_engine(), name, plant=plant, supplier=supplier, item_family=family,
            period=period, group_by=by,
        )  # fmt: skip
    except KpiInputError as error:
        raise user_error(error) from None
    if as_json:
        typer.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        return
    console.print(_result_table(result))
    console.print(f"[bold]Definition[/bold] ({result.owner}): {result.definition}")
    console.print(f"[bold]Formula[/bold]: {result.kpi.formula}")
    for note in result.notes:
        console.print(f"[dim]Note: {note}[/dim]")


@kpi_app.command("supplier")
def supplier_command(
    supplier: Annotated[str, typer.Argument(help="Supplier code or name, e.g. Voltaic.")],
    plant: Plant = None,
    period: Period = None,
    as_json: AsJson = False,
) -> None:
    """A supplier's OTIF, on-time %, days late and confirmation rate against the portfolio."""
    try:
        perf = supplier_performance(get_engine(), supplier, period, plant=plant)
    except KpiInputError as error:
        raise user_error(error) from None
    if as_json:
        typer.echo(json.dumps(perf.as_dict(), indent=2, ensure_ascii=False))
        return
    table = Table(title=f"{perf.supplier_name} ({perf.supplier}) — {perf.period.label}")
    for column in ("KPI", "Supplier", "Portfolio", "Lines/receipts"):
        table.add_column(column, justify="left" if column == "KPI" else "right")
    for m in perf.measures:
        table.add_row(
            m.title + (" [red]▼[/red]" if m.worse_than_portfolio else ""),
            format_value(m.supplier, m.unit),
            format_value(m.portfolio, m.unit),
            "" if m.denominator is None else f"{m.denominator:,.0f}",
        )
    console.print(table)
    console.print(f"Open PO lines: {perf.open_po_lines} ({perf.open_qty:,.0f} units open)")
