"""Times the full material projection of a generated company against one plain SQL scan.

    python -m benchmarks.projection_bench [--sizes 50000,200000,1000000] [--seed 1] [--reuse]
    lineside bench projection [--sizes ...]

For each size (PO lines) it generates a company with `generate_company` (the data
`lineside data generate` makes: 3 plants, items = PO lines / 20, WOs = PO lines / 10) in a
scratch database, then measures, best of --repeat runs, interleaved:
- baseline: one SQL statement that reads the same supply and demand rows with the same
  filters (open PO lines of open POs, their receipts, ASNs not yet received, confirmations,
  and the BOM requirements of the WOs the projection schedules) and sums them per plant and
  item, fetched to the client;
- projection: load_projection_inputs (every plant in one statement), then for every
  plant project + find_shortages (pegged WOs,
  cover times, line hours at risk): every item of the company.
It prints rows per second (supply + demand rows read, and PO lines) and the ratio.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import psycopg
from sqlalchemy import Engine, create_engine, pool, text

from domain.clock import DEMO_AS_OF
from domain.db.engine import database_url, drop_database, ensure_database, server_url
from domain.db.migrate import upgrade
from domain.planning.projection import project
from domain.planning.repository import load_projection_inputs
from domain.planning.shortages import find_shortages
from domain.planning.snapshot import PLANNER_SETTINGS
from sample_data.synthetic.generator import generate_company

HORIZON = timedelta(days=14)
PLANTS = 3

# The rows the projection reads, with its filters, summed per plant and item in one statement.
BASELINE = """
WITH lines AS (
    SELECT po.plant_code AS plant, pl.id, pl.item_code AS item, pl.qty_ordered
    FROM po_line pl JOIN purchase_order po ON po.po_number = pl.po_number
    WHERE po.status = 'open' AND pl.status = 'open'
),
rows AS (
    SELECT plant, item, qty_ordered AS supply, 0 AS demand, 1 AS n FROM lines
    UNION ALL
    SELECT l.plant, l.item, -g.qty, 0, 1 FROM goods_receipt g JOIN lines l ON l.id = g.po_line_id
    UNION ALL
    SELECT l.plant, l.item, s.qty, 0, 1 FROM shipment s JOIN lines l ON l.id = s.po_line_id
    WHERE NOT EXISTS (SELECT 1 FROM goods_receipt g WHERE g.asn_number = s.asn_number)
    UNION ALL
    SELECT l.plant, l.item, c.qty, 0, 1
    FROM supplier_confirmation c JOIN lines l ON l.id = c.po_line_id
    UNION ALL
    SELECT w.plant_code, b.component_item, 0, b.qty_per * w.qty, 1
    FROM work_order w JOIN bom_line b ON b.parent_item = w.item_code
    WHERE w.status IN ('released', 'started') AND w.planned_start < :end
      AND NOT (w.status = 'started' AND w.planned_start < :start)
)
SELECT plant, item, sum(supply), sum(demand), sum(n) FROM rows GROUP BY plant, item
"""


@dataclass
class Figures:
    po_lines: int
    rows: int  # supply + demand rows the baseline reads (the same ones the projection reads)
    shortages: int
    baseline_s: float
    load_s: float
    project_s: float
    shortages_s: float

    @property
    def total_s(self) -> float:
        return self.load_s + self.project_s + self.shortages_s

    @property
    def ratio(self) -> float:
        return self.total_s / self.baseline_s


def _exists(name: str) -> bool:
    with psycopg.connect(server_url(), autocommit=True) as conn:
        return bool(
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        )


def _company(size: int, seed: int, reuse: bool, say: Callable[[str], None]) -> tuple[str, Engine]:
    """A scratch database holding the generated company of `size` PO lines."""
    name = f"lineside_bench_projection_{size}_{seed}"
    url = database_url(name)
    if reuse and _exists(name):
        engine = create_engine(url, poolclass=pool.NullPool)
        with engine.connect() as conn:
            kept = conn.execute(text("SELECT count(*) FROM dataset_meta")).scalar()
        if kept:
            upgrade(url)  # a company kept from an earlier schema gets the newer migrations
            say("  reusing the generated company")
            return name, engine
        engine.dispose()
    drop_database(name)
    ensure_database(name)
    upgrade(url)
    engine = create_engine(url, poolclass=pool.NullPool)
    t0 = time.perf_counter()
    generate_company(
        engine,
        plants=PLANTS,
        items=max(10 * PLANTS, size // 20),
        po_lines=size,
        work_orders=max(100, size // 10),
        seed=seed,
    )
    with engine.connect() as conn:
        conn.connection.driver_connection.autocommit = True  # type: ignore[union-attr]
        conn.exec_driver_sql("VACUUM ANALYZE")
    say(f"  generated in {time.perf_counter() - t0:.1f}s")
    return name, engine


def _best(
    repeat: int, runs: dict[str, Callable[[], Any]]
) -> tuple[dict[str, float], dict[str, Any]]:
    """Best wall time of each run over `repeat` rounds (interleaved: noise hits all alike)."""
    best = {k: float("inf") for k in runs}
    results: dict[str, Any] = {}
    for _ in range(repeat):
        for key, run in runs.items():
            t0 = time.perf_counter()
            results[key] = run()
            best[key] = min(best[key], time.perf_counter() - t0)
    return best, results


def measure(engine: Engine, size: int, repeat: int) -> Figures:
    """The baseline scan and the full projection of the company in `engine`, interleaved."""
    with engine.connect() as conn:
        plants = [r[0] for r in conn.execute(text("SELECT code FROM plant ORDER BY code"))]
    start, end = DEMO_AS_OF, DEMO_AS_OF + HORIZON

    def baseline() -> list[Any]:
        with engine.connect() as conn:
            for setting in PLANNER_SETTINGS:  # the loader's session settings, for fairness
                conn.exec_driver_sql(setting)
            return list(conn.execute(text(BASELINE), {"start": start, "end": end}).all())

    def load() -> list[Any]:
        return list(load_projection_inputs(engine, plants, start, HORIZON).values())

    baseline(), load()  # warm the cache for both
    times, results = _best(repeat, {"baseline": baseline, "load": load})
    data = results["load"]
    t_proj, projections = _best(repeat, {"p": lambda: [project(d) for d in data]})
    t_short, shortages = _best(
        repeat, {"s": lambda: [s for p in projections["p"] for s in find_shortages(p)]}
    )
    return Figures(
        po_lines=size,
        rows=sum(int(r[4]) for r in results["baseline"]),
        shortages=len(shortages["s"]),
        baseline_s=times["baseline"],
        load_s=times["load"],
        project_s=t_proj["p"],
        shortages_s=t_short["s"],
    )


def bench_size(size: int, seed: int, repeat: int, reuse: bool, keep: bool) -> Figures:
    name, engine = _company(size, seed, reuse, print)
    try:
        return measure(engine, size, repeat)
    finally:
        engine.dispose()
        if not keep:
            drop_database(name)


def table(rows: Sequence[Figures]) -> str:
    """The figures as a Markdown table (what goes in the README)."""
    out = [
        "| PO lines | rows read | baseline s | projection s | rows/s | PO lines/s | ratio |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    out += [
        f"| {f.po_lines:,} | {f.rows:,} | {f.baseline_s:.3f} | {f.total_s:.3f} "
        f"| {f.rows / f.total_s:,.0f} | {f.po_lines / f.total_s:,.0f} | {f.ratio:.2f}x |"
        for f in rows
    ]
    return "\n".join(out)


def run(sizes: Sequence[int], seed: int = 1, repeat: int = 3, reuse: bool = False) -> list[Figures]:
    """Benchmark each size and print its line; `reuse` keeps and reuses the scratch databases."""
    rows = []
    for size in sizes:
        print(f"size {size:,} PO lines")
        f = bench_size(size, seed, repeat, reuse, keep=reuse)
        rows.append(f)
        print(
            f"  rows read {f.rows:,}, shortages {f.shortages:,}\n"
            f"  baseline scan {f.baseline_s:.3f}s | projection {f.total_s:.3f}s "
            f"(load {f.load_s:.3f} + project {f.project_s:.3f} + shortages {f.shortages_s:.3f})"
            f" | {f.rows / f.total_s:,.0f} rows/s | ratio {f.ratio:.2f}x",
            flush=True,
        )
    print()
    print(table(rows))
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="50000,200000,1000000", help="PO line counts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best kept)")
    parser.add_argument("--reuse", action="store_true", help="keep and reuse scratch databases")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    run(sizes, args.seed, args.repeat, args.reuse)


if __name__ == "__main__":
    main()
