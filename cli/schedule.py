"""`lineside schedule`: solve job-shop instances and propose line resequences with CP-SAT."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from cli.errors import user_error
from domain.db.engine import get_engine
from domain.scheduling.model import SchedulingInputError

if TYPE_CHECKING:
    from domain.scheduling.resequence import ResequenceResult

schedule_app = typer.Typer(
    help="Scheduling: job-shop benchmark instances and line resequencing.", no_args_is_help=True
)
console = Console()


@schedule_app.command("jobshop")
def jobshop_command(
    file: Annotated[Path, typer.Argument(help="Instance: `jobs machines`, then pairs per job.")],
    time_limit: Annotated[float, typer.Option("--time-limit", help="Seconds.", min=0.01)] = 60.0,
    workers: Annotated[int, typer.Option("--workers", help="CP-SAT workers.", min=1)] = 2,
    as_json: Annotated[bool, typer.Option("--json", help="Emit JSON.")] = False,
) -> None:
    """Minimise the makespan of a classic job-shop instance; print makespan, bound, status."""
    # Imported here: ortools is heavy and `lineside --help` should not pay for it.
    from domain.scheduling.jobshop import load_instance, solve_jobshop

    try:
        instance = load_instance(file)
        result = solve_jobshop(instance, time_limit=time_limit, workers=workers)
    except SchedulingInputError as err:
        raise user_error(err) from err
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "makespan": result.makespan,
                    "lower_bound": result.lower_bound,
                    "status": result.status,
                    "seconds": round(result.seconds, 3),
                }
            )
        )
        return
    known = f" (published optimum {instance.optimum})" if instance.optimum else ""
    console.print(
        f"{instance.name}: makespan {result.makespan}, lower bound "
        f"{result.lower_bound}, {result.status}, {result.seconds:.2f} s{known}"
    )


def _print_resequence(result: ResequenceResult) -> None:
    console.print(f"{result.line}: {result.status}, solved in {result.seconds:.1f} s")
    table = Table(title="Moved work orders")
    for column in ("Work order", "Item", "Old start", "New start", "Why"):
        table.add_column(column)
    for m in result.moved:
        table.add_row(
            m.work_order,
            m.item,
            f"{m.old_start:%a %m-%d %H:%M}",
            f"{m.new_start:%a %m-%d %H:%M}",
            m.why,
        )
    console.print(table)
    for line in result.summary():
        console.print(f"  {line}")
    for late in result.after.late:
        console.print(f"  late: {late.work_order} ({late.item}) by {late.lateness_minutes} min")
    for u in result.unschedulable:
        least = (
            f" (at least {u.min_lateness_minutes} min late)"
            if u.min_lateness_minutes is not None
            else ""
        )
        console.print(f"  not placed: {u.work_order} ({u.item}){least}: {u.reason}")
    check = result.material_check
    if check:
        console.print(
            f"  material check ({check['against']}): {check['clear_to_build']} of "
            f"{check['scheduled']} placed WOs clear-to-build"
            + (
                f"; starts short: {', '.join(check['starts_short'])}"
                if check["starts_short"]
                else ""
            )
        )
    for w in result.warnings:
        console.print(f"  warning: {w}")


@schedule_app.command("resequence")
def resequence_command(
    line: Annotated[str, typer.Option("--line", help="Line code, e.g. LKS-SEAT1.")],
    horizon: Annotated[str, typer.Option(help="How far ahead: 5d, 14d, 36h.")] = "14d",
    time_limit: Annotated[float, typer.Option("--time-limit", help="Seconds.", min=0.01)] = 10.0,
    workers: Annotated[int, typer.Option("--workers", help="CP-SAT workers.", min=1)] = 2,
    as_json: Annotated[bool, typer.Option("--json", help="Emit JSON.")] = False,
) -> None:
    """Propose a resequence of one line that starts no WO before its material (writes nothing)."""
    # Imported here so `schedule jobshop` stays quick to start.
    from domain.planning.policy import PlanningInputError
    from domain.scheduling.repository import resequence_line_from_db

    try:
        result = resequence_line_from_db(
            get_engine(), line, horizon, time_limit=time_limit, workers=workers
        )
    except (SchedulingInputError, PlanningInputError) as err:
        raise user_error(err) from err
    if as_json:
        typer.echo(json.dumps(result.to_json(), indent=2))
        return
    _print_resequence(result)
