"""Times what governance adds to a read-tool call: shared rate limit, policy check, audit.

    python -m benchmarks.governance_bench [--calls 3000] [--warmup 200]

On a scratch database (embedded PostgreSQL unless LINESIDE_DATABASE_URL is set) it runs, in
alternation within the same run: the bare read (one indexed SELECT of an item, as lookup_item
does) and the same read through `governed_call`. It prints p50/p95/p99 of each, the added
milliseconds at each percentile, the ratio to the bare call, and the audit append and the
shared rate-limit bucket (one autocommitted statement) alone.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Engine, create_engine, text

from domain.db.engine import database_url, drop_database, ensure_database
from domain.db.migrate import upgrade
from governance.audit import AuditEntry, append_audit, verify_chain
from governance.context import CallContext
from governance.gate import governed_call
from governance.identity import get_actor
from governance.rate_limit import PostgresRateLimiter

DB = "lineside_bench_governance"


class LookupArgs(BaseModel):
    code: str


def _scratch() -> Engine:
    drop_database(DB)
    ensure_database(DB)
    upgrade(database_url(DB))
    engine = create_engine(database_url(DB), pool_size=4)
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO app_user (username, display_name, email, role, plant_scope,"
                " item_families, approval_limit) VALUES ('dana.kim', 'Dana', '', 'buyer',"
                " '{LKS}', '{}', 5000)"
            )
        )
        c.execute(
            text(
                "INSERT INTO item (code, description, family, item_type, uom, criticality,"
                " unit_cost) SELECT 'I-' || g, 'item ' || g, 'electronics', 'component', 'EA',"
                " 2, 1 FROM generate_series(1, 5000) g"
            )
        )
    return engine


def _ms(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000.0


def _pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=3000)
    parser.add_argument("--warmup", type=int, default=200)
    opts = parser.parse_args()

    engine = _scratch()
    ctx = CallContext(get_actor(engine, "dana.kim"), "bench", "bench-thread", model="offline")
    # The shared database limiter, as production runs it; a huge burst so it never refuses.
    limiter = PostgresRateLimiter(engine, burst=10**9, per_minute=10**9)

    def bare(n: int) -> dict[str, Any]:
        with engine.connect() as c:
            row = c.execute(
                text("SELECT code, description, family FROM item WHERE code = :c"),
                {"c": f"I-{n % 5000 + 1}"},
            ).one()
        return dict(row._mapping)

    def governed(n: int) -> dict[str, Any]:
        args = LookupArgs(code=f"I-{n % 5000 + 1}")
        return governed_call(
            engine, ctx, "lookup_item", args, ["LKS"], lambda: bare(n), limiter=limiter
        )

    def audit_only(n: int) -> int:
        entry = AuditEntry(
            kind="tool_call",
            actor="dana.kim",
            outcome="ok",
            tool="lookup_item",
            arguments={"code": f"I-{n}"},
            latency_ms=0.5,
        )
        return append_audit(engine, entry)

    def bucket_only(n: int) -> None:
        limiter.acquire("dana.kim", "lookup_item")

    for n in range(opts.warmup):
        bare(n), governed(n), audit_only(n), bucket_only(n)
    timings: dict[str, list[float]] = {
        "bare": [],
        "governed": [],
        "audit append (durable)": [],
        "rate bucket (shared)": [],
    }
    for n in range(opts.calls):  # interleaved, so both see the same machine state
        timings["bare"].append(_ms(lambda n=n: bare(n)))  # type: ignore[misc]
        timings["governed"].append(_ms(lambda n=n: governed(n)))  # type: ignore[misc]
        timings["audit append (durable)"].append(_ms(lambda n=n: audit_only(n)))  # type: ignore[misc]
        timings["rate bucket (shared)"].append(_ms(lambda n=n: bucket_only(n)))  # type: ignore[misc]

    print(f"{opts.calls} calls each, {engine.url.render_as_string(hide_password=True)}")
    print(f"{'':24}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'mean ms':>9}")
    for name, values in timings.items():
        print(
            f"{name:24}{_pct(values, 50):9.3f}{_pct(values, 95):9.3f}{_pct(values, 99):9.3f}"
            f"{statistics.fmean(values):9.3f}"
        )
    for q in (50, 95, 99):
        added = _pct(timings["governed"], q) - _pct(timings["bare"], q)
        ratio = _pct(timings["governed"], q) / _pct(timings["bare"], q)
        print(f"added at p{q}: {added:.3f} ms (governed / bare = {ratio:.2f}x)")
    started = time.perf_counter()
    report = verify_chain(engine)
    print(
        f"verify_chain: {report.checked} records in {(time.perf_counter() - started) * 1000:.0f}"
        f" ms, ok={report.ok}"
    )
    engine.dispose()
    drop_database(DB)


if __name__ == "__main__":
    main()
