"""A large synthetic company for benchmarks, streamed into PostgreSQL with COPY.

Deterministic for a seed; frozen at DEMO_AS_OF like the demo. 80% of the PO lines are
closed history (received, a few late or short), 20% are open with confirmations and ASNs.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from psycopg import sql
from sqlalchemy import Engine

from domain.clock import DEMO_AS_OF
from sample_data.meridian.loader import ensure_empty, reset_sequence

# progress(table, rows written so far, rows expected in that table)
Progress = Callable[[str, int, int], None]
TIMEZONES = ("America/Detroit", "America/Monterrey", "Europe/Budapest", "Asia/Shanghai")
LINES_PER_PLANT = 2
RATE_PER_HOUR = 60.0
HISTORY_SHARE = 0.8
LINES_PER_PO = 4
EXPLICIT_IDS = {"po_line"}  # serial ids written by the generator (others come from the sequence)
REPORT_EVERY = 20_000


class SyntheticInputError(ValueError):
    """A generator size the caller can fix (too small, negative)."""


@dataclass
class SyntheticReport:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    seconds_by_table: dict[str, float] = field(default_factory=dict)


@dataclass
class _Company:
    """The master data every transaction table draws on."""

    plants: list[str]
    lines: dict[str, list[str]]  # plant -> line codes
    finished: dict[str, list[str]]  # plant -> finished item codes
    components: dict[str, list[str]]  # plant -> component codes
    bom: dict[str, list[tuple[str, float]]]
    suppliers: list[str]
    sourced: dict[tuple[str, str], list[str]]  # (supplier, plant) -> items
    price: dict[str, float]


def _check(name: str, value: int, minimum: int) -> None:
    if value < minimum:
        raise SyntheticInputError(
            f"--{name.replace('_', '-')} must be at least {minimum}, got {value}"
        )


def generate_company(
    engine: Engine,
    plants: int,
    items: int,
    po_lines: int,
    work_orders: int,
    seed: int,
    progress: Progress | None = None,
    reset: bool = False,
) -> SyntheticReport:
    """Write a synthetic company into an empty database in one transaction; returns row counts."""
    _check("plants", plants, 1)
    _check("items", items, 10 * plants)
    _check("po_lines", po_lines, 0)
    _check("work_orders", work_orders, 0)
    started = time.perf_counter()
    rng = random.Random(seed)
    company = _master(plants, items, rng)
    report = SyntheticReport()
    tables = _tables(company, po_lines, work_orders, rng)
    with engine.begin() as conn:
        ensure_empty(conn, reset)
        raw: Any = conn.connection.driver_connection
        with raw.cursor() as cur:
            for table, columns, expected, rows in tables:
                t0 = time.perf_counter()
                n = _copy(cur, table, columns, rows, expected, progress)
                if table in EXPLICIT_IDS:
                    reset_sequence(cur, table)
                report.counts[table] = n
                report.seconds_by_table[table] = round(time.perf_counter() - t0, 2)
            meta = {
                "as_of": DEMO_AS_OF.isoformat(), "name": "Synthetic company", "seed": seed,
                "plants": plants, "items": items, "po_lines": po_lines, "work_orders": work_orders,
            }  # fmt: skip
            cur.execute(
                "INSERT INTO dataset_meta (key, value) VALUES ('dataset', %s::jsonb)",
                (json.dumps(meta),),
            )
    with engine.connect() as conn:  # fresh statistics, so the first queries plan well
        raw = conn.connection.driver_connection
        raw.autocommit = True
        raw.execute("ANALYZE")
    report.seconds = round(time.perf_counter() - started, 2)
    return report


def _copy(
    cur: Any, table: str, columns: list[str], rows: Iterator[tuple[Any, ...]], expected: int,
    progress: Progress | None,
) -> int:  # fmt: skip
    stmt = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    n = 0
    with cur.copy(stmt) as copy:
        for row in rows:
            copy.write_row(row)
            n += 1
            if progress and n % REPORT_EVERY == 0:
                progress(table, n, expected)
    if progress:
        progress(table, n, max(n, expected))
    return n


def _master(plants: int, items: int, rng: random.Random) -> _Company:
    codes = [f"P{p + 1:02d}" for p in range(plants)]
    n_finished = max(2 * plants, items // 10)
    finished: dict[str, list[str]] = {p: [] for p in codes}
    components: dict[str, list[str]] = {p: [] for p in codes}
    for i in range(n_finished):
        finished[codes[i % plants]].append(f"FG-{i + 1:07d}")
    for i in range(items - n_finished):
        components[codes[i % plants]].append(f"C-{i + 1:07d}")
    bom: dict[str, list[tuple[str, float]]] = {}
    for plant in codes:
        pool = components[plant]
        for fg in finished[plant]:
            picks = rng.sample(pool, min(len(pool), rng.randint(4, 10)))
            bom[fg] = [(c, float(rng.choice((1, 1, 1, 2, 4)))) for c in picks]
    suppliers = [f"S-{s + 1:05d}" for s in range(max(10, min(5000, items // 25)))]
    sourced: dict[tuple[str, str], list[str]] = {}
    for plant in codes:
        for c in components[plant]:
            sourced.setdefault((rng.choice(suppliers), plant), []).append(c)
    price = {c: round(rng.uniform(0.05, 80), 2) for p in codes for c in components[p]}
    return _Company(
        plants=codes,
        lines={p: [f"{p}-L{k + 1}" for k in range(LINES_PER_PLANT)] for p in codes},
        finished=finished, components=components, bom=bom, suppliers=suppliers,
        sourced=sourced, price=price,
    )  # fmt: skip


Table = tuple[str, list[str], int, Iterator[tuple[Any, ...]]]


def _tables(c: _Company, po_lines: int, work_orders: int, rng: random.Random) -> list[Table]:
    """(table, columns, expected rows, row iterator) in foreign-key order."""
    n_items = sum(len(v) for v in c.finished.values()) + sum(len(v) for v in c.components.values())
    n_bom = sum(len(v) for v in c.bom.values())
    n_lines = sum(len(v) for v in c.lines.values())
    n_sourced = sum(len(v) for v in c.sourced.values())
    purchasing = _Purchasing(c, po_lines, rng)
    wo_seed = rng.random()  # WOs and their routings replay the same draws
    return [
        ("plant", ["code", "name", "timezone"], len(c.plants),
         iter([(p, f"Plant {p}", TIMEZONES[i % len(TIMEZONES)]) for i, p in enumerate(c.plants)])),
        ("line", ["code", "plant_code", "name", "rate_per_hour", "frozen_hours"], n_lines,
         iter([(ln, p, f"Line {ln}", RATE_PER_HOUR, 8.0) for p in c.plants for ln in c.lines[p]])),
        ("work_centre", ["code", "plant_code", "line_code", "name"], n_lines,
         iter([(ln, p, ln, f"Cell {ln}") for p in c.plants for ln in c.lines[p]])),
        ("shift", ["line_code", "name", "weekday", "start_minute", "end_minute"], n_lines * 10,
         iter([(ln, s, d, a, b) for p in c.plants for ln in c.lines[p] for d in range(5)
               for s, a, b in (("A", 360, 840), ("B", 840, 1320))])),
        ("item", ["code", "description", "family", "item_type", "uom", "criticality",
                  "unit_cost"], n_items, _items(c, rng)),
        ("bom_line", ["parent_item", "component_item", "qty_per"], n_bom,
         iter([(fg, comp, q) for fg, comps in c.bom.items() for comp, q in comps])),
        ("supplier", ["code", "name", "email", "country", "interplant"], len(c.suppliers),
         iter([(s, f"Supplier {s}", f"orders@{s.lower()}.example.com", "US", False)
               for s in c.suppliers])),
        ("approved_source", ["item_code", "supplier_code", "plant_code", "lead_time_days", "moq",
                             "unit_price", "rank"], n_sourced,
         iter([(item, s, p, rng.choice((7, 14, 21, 28)), 100.0, c.price[item], 1)
               for (s, p), its in c.sourced.items() for item in its])),
        ("work_order", ["id", "plant_code", "line_code", "item_code", "qty", "planned_start",
                        "planned_end", "sequence", "due_at", "status"], work_orders,
         _work_orders(c, work_orders, random.Random(wo_seed))),
        ("routing_operation", ["work_order_id", "op_seq", "work_centre_code", "duration_minutes",
                               "alt_work_centres"], work_orders,
         _routings(c, work_orders, random.Random(wo_seed))),
        ("purchase_order", ["po_number", "supplier_code", "plant_code", "issued_at", "status"],
         purchasing.n_pos, purchasing.orders()),
        ("po_line", ["id", "po_number", "line_no", "item_code", "qty_ordered", "promised_at",
                     "unit_price", "status"], po_lines, purchasing.lines()),
        ("supplier_confirmation", ["po_line_id", "qty", "confirmed_for", "received_at"],
         po_lines, purchasing.confirmations()),
        ("shipment", ["asn_number", "po_line_id", "qty", "shipped_at", "eta", "original_eta",
                      "hub", "hub_status", "carrier"], po_lines // 3, purchasing.shipments()),
        ("goods_receipt", ["po_line_id", "qty", "received_at", "asn_number"],
         int(po_lines * HISTORY_SHARE), purchasing.receipts()),
        ("inventory_balance", ["plant_code", "item_code", "location", "lot", "qty", "status"],
         n_items, _inventory(c, random.Random(rng.random()))),
    ]  # fmt: skip


def _items(c: _Company, rng: random.Random) -> Iterator[tuple[Any, ...]]:
    families = ("frames", "fabrics", "fasteners", "substrates", "electronics", "foam", "trim")
    for p in c.plants:
        for fg in c.finished[p]:
            yield (fg, f"Finished good {fg}", "assembly", "finished", "EA", 1, 100.0)
        for comp in c.components[p]:
            fam = families[int(comp[2:]) % len(families)]
            yield (comp, f"{fam.title()} part {comp}", fam, "component", "EA",
                   rng.choice((1, 2, 3)), c.price[comp])  # fmt: skip


def _work_orders(c: _Company, n: int, rng: random.Random) -> Iterator[tuple[Any, ...]]:
    for i, (plant, line, item, qty, start, minutes) in enumerate(_wo_plan(c, n, rng)):
        end = start + timedelta(minutes=minutes)
        yield (f"WO-{i + 1:08d}", plant, line, item, qty, start, end, i + 1,
               end + timedelta(hours=4), "released")  # fmt: skip


def _routings(c: _Company, n: int, rng: random.Random) -> Iterator[tuple[Any, ...]]:
    for i, (_plant, line, _item, _qty, _start, minutes) in enumerate(_wo_plan(c, n, rng)):
        yield (f"WO-{i + 1:08d}", 10, line, minutes, [])


def _wo_plan(
    c: _Company, n: int, rng: random.Random
) -> Iterator[tuple[str, str, str, float, datetime, int]]:
    """WOs spread over 14 days from the as-of time; replayed identically for the routings."""
    start0 = DEMO_AS_OF.astimezone(UTC)
    for _ in range(n):
        plant = rng.choice(c.plants)
        qty = float(rng.randrange(50, 500, 10))
        start = start0 + timedelta(minutes=30 * rng.randrange(0, 14 * 48))
        yield (plant, rng.choice(c.lines[plant]), rng.choice(c.finished[plant]), qty, start,
               round(qty / RATE_PER_HOUR * 60))  # fmt: skip


def _inventory(c: _Company, rng: random.Random) -> Iterator[tuple[Any, ...]]:
    for p in c.plants:
        for comp in c.components[p]:
            held = rng.random() < 0.03
            yield (p, comp, "MAIN", "", float(rng.randrange(0, 20000, 10)),
                   "quality_hold" if held else "available")  # fmt: skip
        for fg in c.finished[p]:
            yield (p, fg, "FG", "", float(rng.randrange(0, 2000, 10)), "available")


@dataclass
class _LinePlan:
    po_number: str
    item: str
    qty: float
    promised: datetime
    historical: bool
    outcome: float  # a uniform draw deciding late / short / confirmation / ASN


class _Purchasing:
    """PO lines planned once (cheaply), then streamed as orders, lines, confirmations, ..."""

    def __init__(self, c: _Company, n_lines: int, rng: random.Random) -> None:
        self.c = c
        self.seed = rng.random()
        self.n_lines = n_lines
        self.n_pos = -(-n_lines // LINES_PER_PO)
        as_of = DEMO_AS_OF.astimezone(UTC)
        keys = sorted(c.sourced)
        # po number, supplier, plant, historical, promised time of its lines
        self.pos: list[tuple[str, str, str, bool, datetime]] = []
        for i in range(self.n_pos):
            supplier, plant = keys[rng.randrange(len(keys))]
            historical = rng.random() < HISTORY_SHARE
            promised = (as_of - timedelta(hours=rng.randrange(24, 365 * 24)) if historical
                        else as_of + timedelta(hours=rng.randrange(1, 28 * 24)))  # fmt: skip
            self.pos.append((f"PO-{i + 1:08d}", supplier, plant, historical, promised))

    def _plan(self) -> Iterator[tuple[int, int, _LinePlan]]:
        """(line id, line no, plan) for every PO line, the same on every call."""
        rng = random.Random(self.seed)
        line_id = 0
        for po_number, supplier, plant, historical, promised in self.pos:
            items = self.c.sourced[(supplier, plant)]
            for line_no in range(1, min(LINES_PER_PO, self.n_lines - line_id) + 1):
                line_id += 1
                yield line_id, line_no, _LinePlan(
                    po_number, items[rng.randrange(len(items))],
                    float(rng.randrange(100, 5000, 50)), promised, historical, rng.random(),
                )  # fmt: skip

    def orders(self) -> Iterator[tuple[Any, ...]]:
        for po_number, supplier, plant, historical, promised in self.pos:
            yield (po_number, supplier, plant, promised - timedelta(days=30),
                   "closed" if historical else "open")  # fmt: skip

    def lines(self) -> Iterator[tuple[Any, ...]]:
        for line_id, line_no, p in self._plan():
            status = "received" if p.historical else "open"
            yield (line_id, p.po_number, line_no, p.item, p.qty, p.promised,
                   self.c.price[p.item], status)  # fmt: skip

    def confirmations(self) -> Iterator[tuple[Any, ...]]:
        for line_id, _, p in self._plan():
            if p.historical or p.outcome < 0.75:
                yield (line_id, p.qty, p.promised, p.promised - timedelta(days=20))
            elif p.outcome < 0.85:  # partially confirmed
                yield (line_id, round(p.qty / 2), p.promised, p.promised - timedelta(days=10))

    def shipments(self) -> Iterator[tuple[Any, ...]]:
        for line_id, _, p in self._plan():
            if p.historical and p.outcome < 0.3 or not p.historical and p.outcome > 0.75:
                eta = p.promised + timedelta(hours=int(p.outcome * 48) - 12)
                status = "delivered" if p.historical else "in_transit"
                yield (f"ASN-{line_id:09d}", line_id, p.qty, p.promised - timedelta(days=2), eta,
                       p.promised, "", status, "Synthetic Freight")  # fmt: skip

    def receipts(self) -> Iterator[tuple[Any, ...]]:
        for line_id, _, p in self._plan():
            if not p.historical:
                continue
            late = 0.90 <= p.outcome < 0.97
            short = p.outcome >= 0.97
            at = p.promised + timedelta(hours=72 if late else -4)
            asn = f"ASN-{line_id:09d}" if p.outcome < 0.3 else None
            yield (line_id, round(p.qty * 0.9) if short else p.qty, at, asn)
