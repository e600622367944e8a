"""Times the full material projection of a generated plant against one plain SQL aggregate scan.

    python -m benchmarks.projection_bench [--sizes 50000,200000,1000000] [--seed 7]

For each size (PO lines) it fills a scratch database, then measures (best of --repeat runs):
- baseline: one SQL statement summing open PO quantity (ordered - received) and BOM
  requirements of scheduled WOs per item, i.e. the same supply and demand rows, no timing;
- projection: load_projection_input (SQL + binary COPY) + project + find_shortages.
It prints rows/second (PO lines per second) and the projection / baseline ratio.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import timedelta
from typing import Any

import numpy as np
import psycopg
from sqlalchemy import Engine, create_engine, pool, text

from domain.clock import DEMO_AS_OF
from domain.db.engine import database_url, drop_database, ensure_database, libpq_url
from domain.db.migrate import upgrade
from domain.planning.projection import project
from domain.planning.repository import load_projection_input
from domain.planning.shortages import find_shortages

PLANT = "BNC"
HORIZON = timedelta(days=14)
BOM_WIDTH = 6  # components per finished item

BASELINE = """
SELECT item_code, SUM(qty) FROM (
    SELECT pl.item_code, pl.qty_ordered - COALESCE(r.qty, 0) AS qty
    FROM po_line pl
    JOIN purchase_order po ON po.po_number = pl.po_number
    LEFT JOIN (SELECT po_line_id, SUM(qty) AS qty FROM goods_receipt GROUP BY po_line_id) r
        ON r.po_line_id = pl.id
    WHERE po.plant_code = :plant AND po.status = 'open' AND pl.status = 'open'
    UNION ALL
    SELECT b.component_item, -(b.qty_per * w.qty)
    FROM work_order w JOIN bom_line b ON b.parent_item = w.item_code
    WHERE w.plant_code = :plant AND w.status IN ('released', 'started')
      AND w.planned_start < :end
) rows GROUP BY item_code
"""


def _iso(seconds: np.ndarray) -> list[str]:
    return list(np.datetime_as_string(seconds.astype("datetime64[s]"), unit="s", timezone="UTC"))


def _copy(
    conn: psycopg.Connection[Any], table: str, columns: str, rows: Iterable[Sequence[Any]]
) -> int:
    count = 0
    with conn.cursor() as cur, cur.copy(f"COPY {table} ({columns}) FROM STDIN") as cp:
        for row in rows:
            cp.write_row(row)
            count += 1
    return count


def generate_plant(url: str, po_lines: int, seed: int, say: Callable[[str], None]) -> None:
    """A plant of `po_lines` PO lines, ~po_lines/10 WOs of 6 components, through COPY."""
    rng = np.random.default_rng(seed)
    n_comp = max(500, po_lines // 20)
    n_fin = max(20, n_comp // 50)
    n_wo = max(100, po_lines // 10)
    n_po = max(1, po_lines // 10)
    as_of = int(DEMO_AS_OF.timestamp())
    day = 86400
    comps = [f"C{i:07d}" for i in range(n_comp)]
    fins = [f"F{i:05d}" for i in range(n_fin)]
    lines = [f"{PLANT}-L{i}" for i in range(10)]
    with psycopg.connect(libpq_url(url), autocommit=False) as conn:
        _copy(
            conn,
            "plant",
            "code, name, timezone",
            [(PLANT, "Bench plant", "America/Detroit"), ("OTH", "Other", "UTC")],
        )
        _copy(
            conn,
            "line",
            "code, plant_code, name, rate_per_hour, frozen_hours",
            [(c, PLANT, c, 50, 8) for c in lines],
        )
        _copy(
            conn,
            "item",
            "code, description, family, item_type, uom, criticality, unit_cost",
            [(c, c, "comp", "component", "EA", 2, 1) for c in comps]
            + [(f, f, "fin", "finished", "EA", 1, 10) for f in fins],
        )
        bom = (
            rng.random((n_fin, n_comp)).argsort(axis=1)[:, :BOM_WIDTH]
            if n_comp * n_fin < 5e7
            else rng.integers(0, n_comp, (n_fin, BOM_WIDTH))
        )
        _copy(
            conn,
            "bom_line",
            "parent_item, component_item, qty_per",
            {
                (fins[f], comps[int(c)], int(1 + (f + int(c)) % 3))
                for f in range(n_fin)
                for c in bom[f]
            },
        )
        _copy(
            conn,
            "supplier",
            "code, name, email, country, interplant",
            [(f"S{i:03d}", f"Supplier {i}", "", "US", False) for i in range(50)],
        )
        issued = _iso(np.full(n_po, as_of - 30 * day))
        _copy(
            conn,
            "purchase_order",
            "po_number, supplier_code, plant_code, issued_at, status",
            (
                (
                    f"PO{i:07d}",
                    f"S{i % 50:03d}",
                    PLANT if i % 20 else "OTH",
                    issued[i],
                    "closed" if i % 10 == 3 else "open",
                )
                for i in range(n_po)
            ),
        )
        say(f"  master data + {n_po:,} POs")

        ids = np.arange(1, po_lines + 1)
        item = rng.integers(0, n_comp, po_lines)
        qty = rng.integers(1, 50, po_lines) * 100.0
        promised = as_of + rng.integers(-5 * day, 30 * day, po_lines) // 3600 * 3600
        open_ = rng.random(po_lines) < 0.85
        promised_s = _iso(promised)
        _copy(
            conn,
            "po_line",
            "id, po_number, line_no, item_code, qty_ordered, promised_at, status, unit_price",
            (
                (
                    int(ids[k]),
                    f"PO{k // 10:07d}",
                    k % 10 + 1,
                    comps[item[k]],
                    qty[k],
                    promised_s[k],
                    "open" if open_[k] else "received",
                    1.0,
                )
                for k in range(po_lines)
            ),
        )
        say(f"  {po_lines:,} PO lines")

        confirmed = np.flatnonzero(rng.random(po_lines) < 0.7)
        conf_qty = qty[confirmed] * rng.choice([1.0, 1.0, 0.5], len(confirmed))
        conf_for = _iso(promised[confirmed] + rng.integers(-1, 2, len(confirmed)) * day)
        conf_at = _iso(np.full(len(confirmed), as_of - 20 * day))
        _copy(
            conn,
            "supplier_confirmation",
            "po_line_id, qty, confirmed_for, received_at",
            ((int(ids[k]), conf_qty[n], conf_for[n], conf_at[n]) for n, k in enumerate(confirmed)),
        )
        shipped = np.flatnonzero(rng.random(po_lines) < 0.15)
        eta = _iso(promised[shipped] + rng.integers(-2, 3, len(shipped)) * day)
        sent = _iso(np.full(len(shipped), as_of - 2 * day))
        _copy(
            conn,
            "shipment",
            "asn_number, po_line_id, qty, shipped_at, eta, original_eta, hub, hub_status, carrier",
            (
                (
                    f"A{ids[k]}",
                    int(ids[k]),
                    qty[k] / 2,
                    sent[n],
                    eta[n],
                    eta[n],
                    "",
                    "in_transit",
                    "",
                )
                for n, k in enumerate(shipped)
            ),
        )
        received = np.flatnonzero(rng.random(po_lines) < 0.1)
        got = _iso(np.full(len(received), as_of - 3 * day))
        _copy(
            conn,
            "goods_receipt",
            "po_line_id, qty, received_at",
            ((int(ids[k]), qty[k] * 0.3, got[n]) for n, k in enumerate(received)),
        )
        say(
            f"  {len(confirmed):,} confirmations, {len(shipped):,} ASNs, {len(received):,} receipts"
        )

        stock = rng.integers(0, 200, n_comp) * 100.0
        _copy(
            conn,
            "inventory_balance",
            "plant_code, item_code, location, lot, qty, status",
            [(PLANT, comps[c], "MAIN", "", stock[c], "available") for c in range(n_comp)]
            + [(PLANT, comps[c], "QA", "H", 500.0, "quality_hold") for c in range(0, n_comp, 20)],
        )
        start = as_of + rng.integers(-1 * 24, 15 * 24, n_wo) * 3600
        start_s, end_s = _iso(start), _iso(start + 4 * 3600)
        wo_item = rng.integers(0, n_fin, n_wo)
        status = rng.choice(["released"] * 18 + ["started", "completed"], n_wo)
        _copy(
            conn,
            "work_order",
            "id, plant_code, line_code, item_code, qty, planned_start, planned_end, sequence, "
            "due_at, status",
            (
                (
                    f"W{k:08d}",
                    PLANT,
                    lines[k % 10],
                    fins[wo_item[k]],
                    float(100 + k % 4 * 50),
                    start_s[k],
                    end_s[k],
                    k,
                    end_s[k],
                    status[k],
                )
                for k in range(n_wo)
            ),
        )
        say(f"  {n_comp:,} stocked components, {n_wo:,} work orders")
        conn.commit()
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def _generate(url: str, engine: Engine, size: int, seed: int, say: Callable[[str], None]) -> str:
    """The plant to project: the synthetic company's busiest plant, else our own generator."""
    try:
        from domain.synthetic import generate_company  # type: ignore[attr-defined]
    except ImportError:
        generate_plant(url, size, seed, say)
        return PLANT
    generate_company(
        engine,
        plants=3,
        items=max(500, size // 20),
        po_lines=size,
        work_orders=max(100, size // 10),
        seed=seed,
    )
    with engine.connect() as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")
        row = conn.execute(
            text(
                "SELECT po.plant_code FROM po_line pl JOIN purchase_order po USING (po_number) "
                "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
            )
        ).one()
    return str(row[0])


def _best(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - t0)
    return best, result


def bench_size(size: int, seed: int, repeat: int, keep: bool) -> dict[str, float]:
    name = f"lineside_bench_projection_{size}"
    drop_database(name)
    ensure_database(name)
    url = database_url(name)
    upgrade(url)
    engine = create_engine(url, poolclass=pool.NullPool)
    say = print
    try:
        t0 = time.perf_counter()
        plant = _generate(url, engine, size, seed, say)
        say(f"  generated in {time.perf_counter() - t0:.1f}s")
        end = DEMO_AS_OF + HORIZON

        def baseline() -> list[Any]:
            with engine.connect() as conn:
                return list(conn.execute(text(BASELINE), {"plant": plant, "end": end}))

        def load() -> Any:
            return load_projection_input(engine, plant, DEMO_AS_OF, HORIZON)

        baseline()  # warm the cache for both
        t_base, groups = _best(repeat, baseline)
        t_load, data = _best(repeat, load)
        t_proj, projection = _best(repeat, lambda: project(data))
        t_short, shortages = _best(repeat, lambda: find_shortages(projection))
        total = t_load + t_proj + t_short
        figures = {
            "po_lines": size,
            "supply_rows": len(data.supply_qty),
            "demand_rows": len(data.demand_qty),
            "items": len(data.items),
            "shortages": len(shortages),
            "baseline_s": t_base,
            "load_s": t_load,
            "project_s": t_proj,
            "shortages_s": t_short,
            "total_s": total,
            "rows_per_s": size / total,
            "ratio": total / t_base,
            "groups": len(groups),
        }
        return figures
    finally:
        engine.dispose()
        if not keep:
            drop_database(name)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="50000,200000,1000000", help="comma-separated PO line counts"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best kept)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    rows = []
    for size in sizes:
        print(f"size {size:,} PO lines")
        f = bench_size(size, args.seed, args.repeat, args.keep)
        rows.append(f)
        print(
            f"  supply rows {f['supply_rows']:,.0f}, demand rows {f['demand_rows']:,.0f}, "
            f"items {f['items']:,.0f}, shortages {f['shortages']:,.0f}\n"
            f"  baseline scan {f['baseline_s']:.3f}s | projection {f['total_s']:.3f}s "
            f"(load {f['load_s']:.3f} + project {f['project_s']:.3f} "
            f"+ shortages {f['shortages_s']:.3f}) | {f['rows_per_s']:,.0f} PO lines/s "
            f"| ratio {f['ratio']:.2f}x"
        )
    print(
        "\n| PO lines | supply rows | demand rows | baseline s | projection s | PO lines/s "
        "| ratio |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for f in rows:
        print(
            f"| {f['po_lines']:,.0f} | {f['supply_rows']:,.0f} | {f['demand_rows']:,.0f} "
            f"| {f['baseline_s']:.3f} | {f['total_s']:.3f} | {f['rows_per_s']:,.0f} "
            f"| {f['ratio']:.2f}x |"
        )


if __name__ == "__main__":
    main()
