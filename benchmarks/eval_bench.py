"""Times the in-process eval runner per case and splits where a case's time goes.

    python -m benchmarks.eval_bench [--cases 20] [--suite core]

Runs the first N cases of a suite on the offline model, each on its own copy of the demo, and
prints seconds per case in all (clone waits, the agent's start, the turns and decisions, the
final-state reads, the drops at the end), then the share of each part. The first case is run
before the clock starts (it loads the embedding model once per process).
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any


def _timed(owner: Any, name: str, label: str, spent: dict[str, float]) -> None:
    inner: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - started

    setattr(owner, name, wrapper)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20)
    parser.add_argument("--suite", default="core")
    args = parser.parse_args()

    import evals.inprocess as inprocess
    from evals.cases import load_suite
    from evals.runner import run_cases

    spent: dict[str, float] = defaultdict(float)
    for owner, name, label in (
        (inprocess.ClonePipeline, "take", "waiting for a clone"),
        (inprocess.InProcessDriver, "_agent", "agent start"),
        (inprocess, "run_turn", "turns"),
        (inprocess, "decide_in_process", "decisions"),
        (inprocess, "domain_digest", "final-state digest"),
        (inprocess, "_proposals", "final-state proposals"),
    ):
        _timed(owner, name, label, spent)

    cases = load_suite(args.suite)[: args.cases + 1]
    driver = inprocess.InProcessDriver(inprocess.ensure_template(), "offline")
    run_cases(cases[:1], driver)  # warm: the embedding model, the vocabulary
    spent.clear()
    started = time.perf_counter()
    run_cases(cases[1:], driver)
    looped = time.perf_counter() - started
    closing = time.perf_counter()
    driver.close()
    spent["drops at the end"] = time.perf_counter() - closing
    total = time.perf_counter() - started
    n = len(cases) - 1
    dropping = spent["drops at the end"] / n
    print(f"{n} {args.suite} cases: {total / n:.2f} s per case in all "
          f"({looped / n:.2f} s running, {dropping:.2f} s dropping)")  # fmt: skip
    for label, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {label:24s} {seconds / n:6.3f} s per case  {seconds / total:5.1%}")


if __name__ == "__main__":
    main()
