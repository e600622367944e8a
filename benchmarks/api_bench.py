"""Load on the HTTP service over loopback: governed reads and a chat turn beside a bare app.

    python -m benchmarks.api_bench [--requests 300] [--concurrency 8] [--turns 40]

On a scratch copy of the demo company (embedded PostgreSQL unless LINESIDE_DATABASE_URL is
set) it starts, for 1 and then 2 uvicorn workers, `lineside serve` and a bare FastAPI app doing
the same domain calls without sign-in, governance, audit or middleware (benchmarks.bare_api),
each served the same way. A bounded asyncio load generator sends a fixed number of requests per
endpoint and prints requests/s, p50 and p99, and the governed/bare throughput ratio (goal:
the governed read keeps at least 40% of the bare one's throughput). Rate limits are raised for
the run so that they measure their cost, not their refusals.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

from domain.db.engine import database_url, ensure_database
from domain.db.migrate import upgrade

DB = "lineside_bench_api"
LINESIDE = Path(sys.executable).parent / "lineside"


def _demo_database() -> str:
    """The benchmark's demo copy (loaded once, reused by later runs); its URL."""
    from sample_data.meridian.loader import load_demo

    ensure_database(DB)
    url = database_url(DB)
    upgrade(url)
    engine = create_engine(url)
    with engine.connect() as conn:
        loaded = conn.execute(text("SELECT count(*) FROM app_user")).scalar_one()
    if not loaded:
        load_demo(engine)
    engine.dispose()
    return url


@dataclass
class Result:
    name: str
    workers: int
    requests: int
    seconds: float
    latencies_ms: list[float]
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def pct(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


async def _load(
    base: str,
    make: Callable[[int], tuple[str, str, dict]],
    n: int,
    concurrency: int,
    headers: dict[str, str],
) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(n):
        queue.put_nowait(i)
    limits = httpx.Limits(max_connections=concurrency)

    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=120, limits=limits) as c:

        async def worker() -> None:
            nonlocal errors
            while True:
                try:
                    i = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                method, path, body = make(i)
                started = time.perf_counter()
                answer = await c.request(method, path, json=body or None)
                latencies.append((time.perf_counter() - started) * 1000)
                if answer.status_code != 200:
                    errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - started, latencies, errors


def _start(args: list[str], env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if (
                httpx.get(
                    f"http://127.0.0.1:{port}/healthz"
                    if "serve" in args
                    else f"http://127.0.0.1:{port}/docs",
                    timeout=1,
                ).status_code
                == 200
            ):
                return process
        except httpx.HTTPError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit(f"server on port {port} did not start")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(2)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def run(requests: int, concurrency: int, turns: int) -> list[Result]:
    from api.auth import issue_demo_token
    from domain.settings import ApiSettings

    url = _demo_database()
    keys = Path(tempfile.mkdtemp(prefix="lineside-bench-"))
    settings = ApiSettings(demo_key_file=keys / "key.pem")
    token = issue_demo_token(settings, "dana.kim")
    env = {
        **os.environ,
        "LINESIDE_DATABASE_URL": url,
        "LINESIDE_API_DEMO_KEY_FILE": str(settings.demo_key_file),
        "LINESIDE_RATE_BURST": "1000000000",
        "LINESIDE_RATE_PER_MINUTE": "1000000000",
    }
    run_id = uuid.uuid4().hex[:6]
    governed: dict[str, Callable[[int], tuple[str, str, dict]]] = {
        "shortages": lambda i: ("GET", "/v1/material/shortages?plant=LKS", {}),
        "purchase order": lambda i: ("GET", "/v1/purchase-orders/PO-7781", {}),
        "chat turn": lambda i: (
            "POST",
            "/v1/chat/completions",
            {
                "messages": [{"role": "user", "content": "why is PO-7781 risky?"}],
                "user": f"bench-{run_id}-{i}",
            },
        ),
    }
    bare: dict[str, Callable[[int], tuple[str, str, dict]]] = {
        "shortages": lambda i: ("GET", "/bare/shortages", {}),
        "purchase order": lambda i: ("GET", "/bare/po", {}),
        "chat turn": lambda i: ("POST", f"/bare/turn/bare-{run_id}-{i}", {}),
    }
    results: list[Result] = []
    for workers in (1, 2):
        port_api, port_bare = 18700 + workers, 18710 + workers
        api = _start(
            [
                str(LINESIDE),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port_api),
                "--workers",
                str(workers),
            ],
            env,
            port_api,
        )
        base_bare = [
            sys.executable,
            "-m",
            "uvicorn",
            "benchmarks.bare_api:create_bare_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port_bare),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ]
        bare_server = _start(base_bare, env, port_bare)
        try:
            for name in governed:
                n = turns if name == "chat turn" else requests
                for label, base, make, headers in (
                    (
                        "governed",
                        f"http://127.0.0.1:{port_api}",
                        governed[name],
                        {"Authorization": f"Bearer {token}"},
                    ),
                    ("bare", f"http://127.0.0.1:{port_bare}", bare[name], {}),
                ):
                    # A short warm-up builds each worker's agent and caches before timing.
                    asyncio.run(_load(base, make, min(n, 2 * concurrency), concurrency, headers))
                    seconds, lat, errors = asyncio.run(_load(base, make, n, concurrency, headers))
                    results.append(Result(f"{name} ({label})", workers, n, seconds, lat, errors))
                    print(_line(results[-1]), flush=True)
        finally:
            _stop(api)
            _stop(bare_server)
    return results


def _line(r: Result) -> str:
    return (
        f"{r.workers} worker(s)  {r.name:28s} {r.rps:8.1f} req/s  p50 {r.pct(50):7.1f} ms"
        f"  p99 {r.pct(99):7.1f} ms  errors {r.errors}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--turns", type=int, default=40)
    a = parser.parse_args()
    results = run(a.requests, a.concurrency, a.turns)
    print(
        "\n| workers | endpoint | governed req/s | bare req/s | ratio | governed p50 / p99 ms"
        " | bare p50 / p99 ms |"
    )
    print("|---:|---|---:|---:|---:|---|---|")
    by = {(r.workers, r.name): r for r in results}
    for workers in (1, 2):
        for name in ("shortages", "purchase order", "chat turn"):
            g, b = by[(workers, f"{name} (governed)")], by[(workers, f"{name} (bare)")]
            print(
                f"| {workers} | {name} | {g.rps:.1f} | {b.rps:.1f} | {g.rps / b.rps:.0%} |"
                f" {g.pct(50):.0f} / {g.pct(99):.0f} | {b.pct(50):.0f} / {b.pct(99):.0f} |"
            )


if __name__ == "__main__":
    main()
