"""Per-event latency of the ingest (apply + re-project the touched items + alert rules + audit)
on a generated company, beside the full projection and a plain SQL scan in the same run.

    python -m benchmarks.events_bench [--po-lines 1000000] [--events 300] [--seed 1] [--reuse]

The company is the one `lineside data generate` makes (see projection_bench: 3 plants,
items = PO lines / 20, WOs = PO lines / 10), in its own scratch database, dropped at the end
(`--reuse` keeps it and reuses it next time). First the full projection of every plant is
measured against the baseline scan of the same rows (projection_bench.measure, best of 3,
interleaved). Then a deterministic mix of events over the company's open PO lines: ASN ETA
moves (40%), new confirmations (30%), PO line date changes (20%) and duplicates of earlier
events (10%). Each is ingested alone, in its own transaction, on a pooled engine as the
service does; the time is from the call to the commit. It prints the ratios against the
baselines of the same run (the scan; `SELECT 1` on the same server) and the load average.
"""

from __future__ import annotations

import argparse
import os
import random
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, timedelta
from typing import Any

from sqlalchemy import Engine, text

from benchmarks.projection_bench import _company, measure
from domain.clock import DEMO_AS_OF
from domain.db.engine import drop_database, get_engine
from domain.events.envelope import DomainEvent, make_event, parse_event
from domain.events.ingest import EventOutcome, ingest
from governance.event_audit import audit_event


def _targets(engine: Engine, n: int, seed: int) -> tuple[list[Any], list[Any]]:
    """Open PO lines with a pending ASN, and open PO lines, sampled deterministically."""
    with engine.connect() as conn:
        asns = conn.execute(
            text(
                "SELECT s.asn_number, s.eta FROM shipment s JOIN po_line pl ON pl.id = s.po_line_id"
                " JOIN purchase_order po ON po.po_number = pl.po_number"
                " WHERE pl.status = 'open' AND po.status = 'open'"
                " AND NOT EXISTS (SELECT 1 FROM goods_receipt g WHERE g.asn_number = s.asn_number)"
                " ORDER BY s.asn_number LIMIT 5000"
            )
        ).all()
        lines = conn.execute(
            text(
                "SELECT pl.po_number, pl.line_no, pl.qty_ordered, pl.promised_at FROM po_line pl"
                " JOIN purchase_order po ON po.po_number = pl.po_number"
                " WHERE pl.status = 'open' AND po.status = 'open' ORDER BY pl.id LIMIT 5000"
            )
        ).all()
    rng = random.Random(seed)
    return rng.sample(asns, min(n, len(asns))), rng.sample(lines, min(n, len(lines)))


def make_events(engine: Engine, n: int, seed: int) -> list[DomainEvent]:
    """`n` events over the company's open supply, times increasing, ids unique to this run."""
    rng = random.Random(seed)
    asns, lines = _targets(engine, n, seed)
    run = uuid.uuid4().hex[:8]
    t0 = DEMO_AS_OF.astimezone(UTC) + timedelta(minutes=1)
    raws: list[dict[str, Any]] = []
    for i in range(n):
        at = t0 + timedelta(seconds=i)
        roll = rng.random()
        if roll < 0.1 and raws:
            raws.append(rng.choice(raws))  # a duplicate: answered from the log
            continue
        if roll < 0.5:
            asn, eta = asns[i % len(asns)]
            data: dict[str, Any] = {
                "asn_number": asn,
                "eta": eta + timedelta(hours=rng.randint(-24, 72)),
            }
            kind = "asn.updated"
        elif roll < 0.8:
            po, line, qty, promised = lines[i % len(lines)]
            share = rng.choice((1.0, 1.0, 0.6))
            when = promised + timedelta(hours=rng.randint(0, 48))
            data = {"po_number": po, "line_no": line,
                    "schedule": [{"qty": round(qty * share), "delivery_at": when}]}  # fmt: skip
            kind = "confirmation.received"
        else:
            po, line, _, promised = lines[i % len(lines)]
            data = {"po_number": po, "line_no": line,
                    "promised_at": promised + timedelta(days=rng.randint(-2, 4))}  # fmt: skip
            kind = "po_line.changed"
        raws.append(make_event(kind, data, source="bench/erp", id=f"{run}-{i}", time=at))
    return [parse_event(r) for r in raws]


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def round_trip_ms(engine: Engine, n: int = 200) -> tuple[float, float]:
    """p50 and p95 of `SELECT 1` on the same server: what one round trip costs right now."""
    times = []
    with engine.connect() as conn:
        for _ in range(n):
            t0 = time.perf_counter()
            conn.exec_driver_sql("SELECT 1").scalar()
            times.append((time.perf_counter() - t0) * 1000)
    return _percentile(times, 0.5), _percentile(times, 0.95)


def run(size: int, n_events: int, seed: int, reuse: bool) -> dict[str, float]:
    load_before = os.getloadavg()
    name, scratch = _company(size, seed, reuse, print)
    engine = get_engine(str(scratch.url.render_as_string(hide_password=False)))  # as served
    try:
        full = measure(scratch, size, repeat=3)
        events = make_events(engine, n_events, seed)
        ingest(engine, events[:10], audit_event)  # warm: plans cached, pages in memory
        outcomes: list[EventOutcome] = []
        rtt_before = round_trip_ms(engine)
        for event in events[10:]:
            outcomes += ingest(engine, [event], audit_event)
        rtt_after = round_trip_ms(engine)
        applied = [o.latency_ms for o in outcomes if not o.duplicate]
        dup = [o.latency_ms for o in outcomes if o.duplicate]
        raised = sum(len(o.result.get("alerts_raised", [])) for o in outcomes if not o.duplicate)
        select1_p95 = (rtt_before[1] + rtt_after[1]) / 2
        figures = {
            "po_lines": size, "events": len(applied), "duplicates": len(dup),
            "p50_ms": _percentile(applied, 0.5), "p95_ms": _percentile(applied, 0.95),
            "max_ms": max(applied), "duplicate_p95_ms": _percentile(dup, 0.95) if dup else 0.0,
            "alerts_raised": raised, "baseline_scan_s": full.baseline_s,
            "full_projection_s": full.total_s, "full_load_s": full.load_s,
            "full_ratio": full.ratio, "shortages": full.shortages,
            "select1_p50_ms": (rtt_before[0] + rtt_after[0]) / 2, "select1_p95_ms": select1_p95,
            "load_before": load_before[0], "load_after": os.getloadavg()[0],
        }  # fmt: skip
        print(
            f"{size:,} PO lines, load average {figures['load_before']:.1f} before, "
            f"{figures['load_after']:.1f} after (2 cores)\n"
            f"  full projection of every plant {full.total_s:.3f} s (load {full.load_s:.3f} + "
            f"project {full.project_s:.3f} + shortages {full.shortages_s:.3f}; "
            f"{full.shortages:,} shortages) vs baseline scan {full.baseline_s:.3f} s: "
            f"ratio {full.ratio:.2f}x\n"
            f"  events: {len(applied)} applied, p50 {figures['p50_ms']:.1f} ms, "
            f"p95 {figures['p95_ms']:.1f} ms, max {figures['max_ms']:.1f} ms; {len(dup)} "
            f"duplicates p95 {figures['duplicate_p95_ms']:.1f} ms; {raised} alerts raised\n"
            f"  ratios: event p95 / full projection "
            f"{figures['p95_ms'] / 1000 / full.total_s:.4f}; event p95 / SELECT 1 p95 "
            f"{figures['p95_ms'] / max(select1_p95, 1e-9):.0f}x (SELECT 1 p50 "
            f"{figures['select1_p50_ms']:.2f} ms, p95 {select1_p95:.2f} ms)",
            flush=True,
        )
        return figures
    finally:
        engine.dispose()
        scratch.dispose()
        if not reuse:
            drop_database(name)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--po-lines", "--size", dest="size", type=int, default=1_000_000,
                        help="PO lines of the generated company")  # fmt: skip
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="keep and reuse the scratch database")
    args = parser.parse_args(argv)
    run(args.size, args.events, args.seed, args.reuse)


if __name__ == "__main__":
    main()
