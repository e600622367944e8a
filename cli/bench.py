"""`lineside bench projection`: the material projection benchmark against a plain SQL scan."""

from __future__ import annotations

from typing import Annotated

import typer

bench_app = typer.Typer(
    help="Benchmarks on generated data (scratch databases).", no_args_is_help=True
)


@bench_app.command("projection")
def bench_projection(
    sizes: Annotated[
        str, typer.Option(help="Comma-separated PO line counts, e.g. 50000,200000,1000000.")
    ] = "50000,200000,1000000",
    seed: Annotated[int, typer.Option(help="Generator seed.")] = 1,
    repeat: Annotated[int, typer.Option(help="Runs per measurement; the best is kept.")] = 3,
    reuse: Annotated[
        bool, typer.Option("--reuse", help="Keep the generated databases and reuse them.")
    ] = False,
) -> None:
    """Full projection (load + project + shortages) vs one SQL scan of the same rows."""
    from benchmarks.projection_bench import run  # heavy imports only when benchmarking

    try:
        counts = [int(s.strip().replace("_", "")) for s in sizes.split(",") if s.strip()]
    except ValueError as err:
        raise typer.BadParameter(
            f"--sizes {sizes!r}: give PO line counts like 50000,200000"
        ) from err
    if not counts or min(counts) < 1:
        raise typer.BadParameter(f"--sizes {sizes!r}: every size must be a positive count")
    run(counts, seed=seed, repeat=repeat, reuse=reuse)
