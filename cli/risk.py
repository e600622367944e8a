"""`lineside risk po|top`: explainable PO-line risk scores, as tables or JSON."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cli.errors import user_error
from domain.db.engine import get_engine
from domain.risk import PoLineRisk, RiskInputError, po_line_risk, risky_po_lines

risk_app = typer.Typer(help="Why a PO line is at risk: score and contributing factors.",
                       no_args_is_help=True)  # fmt: skip
console = Console()

AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _factors(risk: PoLineRisk) -> Table:
    table = Table(
        title=f"{risk.po_number} line {risk.line_no}: {risk.score:.0f}/100 ({risk.level})"
    )
    table.add_column("Factor", no_wrap=True)
    table.add_column("Weight", justify="right")
    table.add_column("Points", justify="right")
    table.add_column("Value", justify="right")
    table.add_column("Why")
    for f in risk.factors:
        table.add_row(f.name, f"{f.weight:.0f}", f"{f.points:.1f}", str(f.value), f.sentence)
    return table


@risk_app.command("po")
def po_command(
    po_number: Annotated[str, typer.Argument(help="PO number, e.g. PO-7781.")],
    line: Annotated[
        int | None, typer.Option("--line", help="Line number (default: the riskiest line).")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """The risk of a PO line and the factors that explain it."""
    try:
        risk = po_line_risk(get_engine(), po_number, line)
    except RiskInputError as error:
        raise user_error(error) from None
    if as_json:
        typer.echo(json.dumps(risk.as_dict(), indent=2, ensure_ascii=False))
        return
    console.print(_factors(risk))
    console.print(risk.explanation())


@risk_app.command("top")
def top_command(
    plant: Annotated[str, typer.Option("--plant", help="Plant code, e.g. LKS.")],
    top: Annotated[int, typer.Option("--top", help="How many lines.")] = 10,
    as_json: AsJson = False,
) -> None:
    """The plant's riskiest open PO lines."""
    try:
        risks = risky_po_lines(get_engine(), plant, top)
    except RiskInputError as error:
        raise user_error(error) from None
    if as_json:
        typer.echo(json.dumps([r.as_dict() for r in risks], indent=2, ensure_ascii=False))
        return
    table = Table(title=f"Riskiest open PO lines at {plant.upper()}")
    for column in ("PO", "Line", "Item", "Supplier", "Score", "Level", "Main reason"):
        table.add_column(column)
    for r in risks:
        table.add_row(r.po_number, str(r.line_no), r.item, r.supplier_name, f"{r.score:.0f}",
                      r.level, r.factors[0].sentence)  # fmt: skip
    console.print(table)
