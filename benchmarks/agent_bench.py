"""Times offline-model agent turns on the demo company and splits where the time goes.

    python -m benchmarks.agent_bench [--turns 30] [--warmup 3]

Two turns, each on a fresh thread: a read question ("what will stop SEAT1 this week?") and a
proposal ("air-expedite 600 on PO-7781", which pauses for approval). It prints p50/p95 turn
latency and the mean share of each turn spent in:
- tools: the tool bodies (domain queries and planning math, proposal creation);
- governance: the gate around each tool call (policy check, rate limit, audit append);
- checkpoint reads: LangGraph's PostgresSaver loading the thread (on the critical path);
- model: the offline model's planning and answer writing;
- graph: the rest (LangGraph scheduling, state reducers, grounding, the runner);
and, overlapping those, checkpoint writes (LangGraph writes them in a background thread
while the next step runs) and the time spent waiting on SQL statements of the domain engine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, create_engine, event, pool

Timings = dict[str, float]


def _scratch_demo() -> tuple[Engine, str]:
    from domain.db.engine import database_url, ensure_database
    from domain.db.migrate import upgrade
    from sample_data.meridian.loader import load_demo

    name = f"lineside_bench_agent_{uuid.uuid4().hex[:8]}"
    ensure_database(name)
    upgrade(database_url(name))
    engine = create_engine(database_url(name), poolclass=pool.QueuePool, pool_size=5)
    load_demo(engine)
    return engine, name


def _timed(bucket: str, fn: Callable[..., Any], spent: Timings) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[bucket] += time.perf_counter() - start

    return wrapper


def instrument(engine: Engine, agent: Any, spent: Timings) -> None:
    """Wrap the seams (tool body, gate, saver, model) so each turn's time can be split."""
    import tools.runner
    from agent.offline.model import OfflineChatModel

    gate = tools.runner.governed_call

    def governed(*args: Any, **kwargs: Any) -> Any:
        args = (*args[:5], _timed("tools", args[5], spent), *args[6:])
        return _timed("gate_total", gate, spent)(*args, **kwargs)

    tools.runner.governed_call = governed
    saver = agent.graph.checkpointer
    for method, bucket in (("get_tuple", "reads"), ("list", "reads"), ("put", "writes"),
                           ("put_writes", "writes")):  # fmt: skip
        setattr(saver, method, _timed(bucket, getattr(saver, method), spent))
    OfflineChatModel.respond = _timed("model", OfflineChatModel.respond, spent)  # type: ignore[method-assign]

    @event.listens_for(engine, "before_cursor_execute")
    def _start(conn: Any, cursor: Any, statement: str, params: Any, ctx: Any, many: bool) -> None:
        conn.info.setdefault("t0", []).append(time.perf_counter())

    @event.listens_for(engine, "after_cursor_execute")
    def _stop(conn: Any, cursor: Any, statement: str, params: Any, ctx: Any, many: bool) -> None:
        spent["sql"] += time.perf_counter() - conn.info["t0"].pop()


def shares(total: float, spent: Timings) -> dict[str, float]:
    governance = spent["gate_total"] - spent["tools"]
    parts = {
        "tools": spent["tools"],
        "governance": governance,
        "checkpoint reads": spent["reads"],
        "model": spent["model"],
    }
    parts["graph"] = total - sum(parts.values())
    # Writes run in LangGraph's background thread (durability="async"), beside the next step.
    parts["checkpoint writes (overlap)"] = spent["writes"]
    parts["sql (overlaps)"] = spent["sql"]
    return {k: v / total for k, v in parts.items()}


def measure(agent: Any, actor: Any, message: str, turns: int, warmup: int) -> dict[str, Any]:
    from agent.runner import run_turn

    latencies: list[float] = []
    split: dict[str, list[float]] = defaultdict(list)
    spent: Timings = agent.bench_spent
    for n in range(warmup + turns):
        spent.clear()
        start = time.perf_counter()
        run_turn(agent.engine, actor, "eval", f"bench:{uuid.uuid4().hex}", message, agent=agent)
        elapsed = time.perf_counter() - start
        if n >= warmup:
            latencies.append(elapsed)
            for k, v in shares(elapsed, spent).items():
                split[k].append(v)
    q = statistics.quantiles(latencies, n=20)
    return {
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": q[18] * 1000,
        "shares": {k: statistics.mean(v) for k, v in split.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("LINESIDE_RATE_BURST", "100000")  # the bench is one very busy user
    os.environ.setdefault("LINESIDE_RATE_PER_MINUTE", "1000000")
    from agent.runner import Agent
    from domain.db.engine import drop_database
    from governance.identity import get_actor

    engine, name = _scratch_demo()
    agent = Agent(engine)
    agent.bench_spent = defaultdict(float)  # type: ignore[attr-defined]
    instrument(engine, agent, agent.bench_spent)  # type: ignore[attr-defined]
    try:
        actor = get_actor(engine, "dana.kim")
        for label, message in (
            ("read", "what will stop SEAT1 this week?"),
            ("proposal", "air-expedite 600 on PO-7781"),
        ):
            r = measure(agent, actor, message, args.turns, args.warmup)
            split = ", ".join(f"{k} {v:.0%}" for k, v in r["shares"].items())
            print(f"{label:9s} p50 {r['p50_ms']:7.1f} ms  p95 {r['p95_ms']:7.1f} ms  | {split}")
    finally:
        agent.close()
        engine.dispose()
        drop_database(name)


if __name__ == "__main__":
    main()
