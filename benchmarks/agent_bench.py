"""Times offline-model agent turns on the demo company and splits where the time goes.

    python -m benchmarks.agent_bench [--turns 30] [--warmup 3]

Three turns, each on a fresh thread: a read question ("what will stop SEAT1 this week?"), a
proposal ("air-expedite 600 on PO-7781", which pauses for approval) and a two-step proposal
("push PO-7795 out a day": the PO line is read first, then the date change proposed). The load
average is printed before and after, since the machines it runs on are shared.
It prints p50/p95 turn latency, the understanding's own p95 (dialogue act, intent by meaning,
entities, slots, plan), the ratio of the turn's p95 to a baseline turn measured in the same run
whose model replays a cached plan (the same graph, tools and answer, no understanding), and the
mean share of each turn spent in:
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


def baseline_model(engine: Engine) -> Any:
    """The offline model with its understanding replaced by a cache of its own plans."""
    from agent.offline import model as offline
    from agent.offline.vocabulary import load_vocabulary

    cache: dict[tuple[str, Any], Any] = {}
    plan_turn = offline.plan_turn

    def cached(text: str, recall: Any, vocab: Any, permits: Any = None) -> Any:
        key = (text, recall)  # the bench asks as one user: the same permits each time
        if key not in cache:
            cache[key] = plan_turn(text, recall, vocab, permits)
        return cache[key]

    class CachedPlanModel(offline.OfflineChatModel):
        def respond(self, messages: Any, *args: Any, **kwargs: Any) -> Any:
            saved, offline.plan_turn = offline.plan_turn, cached
            try:  # the same arguments as the model's own (as-of time, permits, ...)
                return super().respond(messages, *args, **kwargs)
            finally:
                offline.plan_turn = saved

    return CachedPlanModel(vocabulary=load_vocabulary(engine))


def understanding_p95(engine: Engine, message: str, turns: int) -> float:
    """p95 of the understanding alone (uncached: meaning_of's memo cleared each time)."""
    from agent.offline.intents import Recall, plan_turn
    from agent.offline.meaning import meaning_of
    from agent.offline.vocabulary import load_vocabulary
    from domain.clock import as_of

    vocab = load_vocabulary(engine).at(as_of(engine))
    times = []
    for _ in range(turns):
        meaning_of.cache_clear()
        start = time.perf_counter()
        plan_turn(message, Recall(), vocab)
        times.append(time.perf_counter() - start)
    return statistics.quantiles(times, n=20)[18] * 1000


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
    baseline = Agent(engine, model=baseline_model(engine))
    agent.bench_spent = defaultdict(float)  # type: ignore[attr-defined]
    baseline.bench_spent = defaultdict(float)  # type: ignore[attr-defined]
    instrument(engine, agent, agent.bench_spent)  # type: ignore[attr-defined]
    try:
        actor = get_actor(engine, "dana.kim")
        print(f"load average at start: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
        for label, message in (
            ("read", "what will stop SEAT1 this week?"),
            ("proposal", "air-expedite 600 on PO-7781"),
            ("two-step", "push PO-7795 out a day"),  # reads the PO line, then proposes
        ):
            base = measure(baseline, actor, message, args.turns, args.warmup)
            r = measure(agent, actor, message, args.turns, args.warmup)
            nlu = understanding_p95(engine, message, args.turns)
            split = ", ".join(f"{k} {v:.0%}" for k, v in r["shares"].items())
            print(f"{label:9s} p50 {r['p50_ms']:7.1f} ms  p95 {r['p95_ms']:7.1f} ms  "
                  f"understanding p95 {nlu:5.1f} ms  baseline p95 {base['p95_ms']:7.1f} ms  "
                  f"ratio {r['p95_ms'] / base['p95_ms']:.2f}  | {split}")  # fmt: skip
        print(f"load average at end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        agent.close()
        baseline.close()
        engine.dispose()
        drop_database(name)


if __name__ == "__main__":
    main()
