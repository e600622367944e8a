"""Chat turns through the HTTP service against the same turns run in-process, in one run.

    python -m benchmarks.turn_bench [--turns 24] [--concurrency 4] [--workers 1 2]

On the api_bench demo copy (embedded PostgreSQL unless LINESIDE_DATABASE_URL is set), with rate
limits raised so they measure their cost, not their refusals:
- baseline: `agent.runner.run_turn` on one warm Agent, `--concurrency` threads at once;
- for each `--workers` count: `lineside serve` (which builds each worker's agent before it
  takes requests), then POST /v1/threads and POST /v1/threads/{id}/runs/wait per turn from a
  bounded asyncio load generator at the same concurrency, after a short warm-up.
Every turn is the offline model answering "why is PO-7781 risky?" on a fresh thread. It prints
turns/s, p50 and p95 of each, the ratio to the baseline, how long `serve` took to answer
/healthz, and the 1-minute load average before and after (the machine may be shared).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

from benchmarks.api_bench import LINESIDE, _demo_database, _start, _stop

QUESTION = "why is PO-7781 risky?"
RAISED_LIMITS = {"LINESIDE_RATE_BURST": "1000000000", "LINESIDE_RATE_PER_MINUTE": "1000000000"}


@dataclass
class Measured:
    name: str
    seconds: float
    latencies_ms: list[float]
    errors: int = 0
    note: str = ""

    @property
    def rate(self) -> float:
        return len(self.latencies_ms) / self.seconds

    def pct(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def in_process(url: str, turns: int, concurrency: int) -> Measured:
    """The baseline: the same turn through run_turn, no HTTP, sign-in or middleware."""
    from sqlalchemy import create_engine

    from agent.offline.meaning import warm_up
    from agent.runner import Agent, run_turn
    from governance.identity import get_actor

    engine = create_engine(url, pool_size=concurrency + 2)
    agent = Agent(engine)
    actor = get_actor(engine, "dana.kim")
    warm_up()
    run_id = uuid.uuid4().hex[:6]

    def one(i: int) -> float:
        started = time.perf_counter()
        run_turn(engine, actor, "api", f"bench-{run_id}-{i}", QUESTION, agent=agent)
        return (time.perf_counter() - started) * 1000

    try:
        with ThreadPoolExecutor(concurrency) as pool:
            list(pool.map(one, range(-concurrency, 0)))  # warm-up
            started = time.perf_counter()
            latencies = list(pool.map(one, range(turns)))
            return Measured("in-process run_turn", time.perf_counter() - started, latencies)
    finally:
        agent.close()
        engine.dispose()


async def _turns(base: str, token: str, n: int, concurrency: int) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    errors = 0
    todo = list(range(n))
    body = {"input": {"messages": [{"role": "user", "content": QUESTION}]}}
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=300, limits=limits) as c:

        async def worker() -> None:
            nonlocal errors
            while todo:
                todo.pop()
                started = time.perf_counter()
                thread = await c.post("/v1/threads", json={})
                answer = await c.post(
                    f"/v1/threads/{thread.json()['thread_id']}/runs/wait", json=body
                )
                latencies.append((time.perf_counter() - started) * 1000)
                errors += answer.status_code != 200

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - started, latencies, errors


def over_http(url: str, workers: int, turns: int, concurrency: int) -> Measured:
    from api.auth import issue_demo_token
    from domain.settings import ApiSettings

    keys = Path(tempfile.mkdtemp(prefix="lineside-bench-"))
    settings = ApiSettings(demo_key_file=keys / "key.pem")
    token = issue_demo_token(settings, "dana.kim")
    env = {
        **os.environ,
        **RAISED_LIMITS,
        "LINESIDE_DATABASE_URL": url,
        "LINESIDE_API_DEMO_KEY_FILE": str(settings.demo_key_file),
    }
    port = 18720 + workers
    started = time.perf_counter()
    server = _start(
        [
            str(LINESIDE),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env,
        port,
    )
    ready_s = time.perf_counter() - started
    base = f"http://127.0.0.1:{port}"
    try:
        asyncio.run(_turns(base, token, 2 * concurrency, concurrency))  # warm-up
        seconds, latencies, errors = asyncio.run(_turns(base, token, turns, concurrency))
    finally:
        _stop(server)
    return Measured(
        f"HTTP runs/wait, {workers} worker(s)",
        seconds,
        latencies,
        errors,
        f"ready in {ready_s:.0f} s",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=24)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    a = parser.parse_args()
    for key, value in RAISED_LIMITS.items():
        os.environ.setdefault(key, value)
    load_before = os.getloadavg()[0]
    url = _demo_database()
    results = [in_process(url, a.turns, a.concurrency)]
    print(_line(results[0], results[0]), flush=True)
    for workers in a.workers:
        results.append(over_http(url, workers, a.turns, a.concurrency))
        print(_line(results[-1], results[0]), flush=True)
    print(
        f"\n{a.turns} turns, {a.concurrency} at a time; load average {load_before:.1f} before,"
        f" {os.getloadavg()[0]:.1f} after; mean turn {statistics.mean(results[0].latencies_ms):.0f}"
        " ms in-process"
    )
    print("\n| run | turns/s | p50 ms | p95 ms | vs baseline | errors |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r.name} | {r.rate:.2f} | {r.pct(50):.0f} | {r.pct(95):.0f} |"
            f" {r.rate / results[0].rate:.0%} | {r.errors} |"
        )


def _line(r: Measured, baseline: Measured) -> str:
    return (
        f"{r.name:34s} {r.rate:6.2f} turns/s  p50 {r.pct(50):7.0f} ms  p95 {r.pct(95):7.0f} ms"
        f"  ({r.rate / baseline.rate:.0%} of baseline)  errors {r.errors}  {r.note}"
    )


if __name__ == "__main__":
    main()
