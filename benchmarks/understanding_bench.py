"""Times the offline understanding (`plan_turn`) over the utterance suite, optionally against
another source tree in the same run.

    python -m benchmarks.understanding_bench [--baseline DIR] [--rounds 3] [--every 1]

Each round runs one fresh process per tree (alternately: this tree, then the baseline), which
loads the suite (tests/data/nlu/utterances.yaml of its own tree), warms the MiniLM model and
times `plan_turn` for every `--every`-th utterance three ways:
- first: the utterance seen for the first time (its MiniLM encoding included, where the
  intent is decided by meaning);
- new: again, with the encodings memoised but every per-text memo of the understanding emptied
  (a new message in a warm process);
- repeat: the same message once more (every memo warm, as when a question is asked again).
It prints median and p95 in ms per tree and way, the ratios of this tree to the baseline, and
the 1-minute load average before and after (the machines it runs on are shared).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parents[1]
WAYS = ("first", "new", "repeat")


def _forget_texts() -> None:
    """Empties the understanding's per-text memos, those this tree has (a new message)."""
    import importlib

    for module, name in (
        ("agent.offline.number_words", "to_digits"),
        ("domain.entities.folding", "fold"),
        ("domain.entities.spotting", "_words_of"),
    ):
        try:
            found = getattr(importlib.import_module(module), name, None)
        except ImportError:
            continue
        if found is not None and hasattr(found, "cache_clear"):
            found.cache_clear()


def child(every: int) -> dict[str, list[float]]:
    """One process's timings (ms per utterance) for each way."""
    from agent.offline.intents import plan_turn
    from agent.offline.meaning import warm_up
    from tests.support.nlu_suite import load_suite, recall_of

    vocab, cases = load_suite()
    warm_up()
    sample = [(c["text"], recall_of(c)) for c in cases[::every]]
    out: dict[str, list[float]] = {way: [] for way in WAYS}
    for way in WAYS:
        if way == "new":
            from dataclasses import replace

            vocab = replace(vocab)  # a vocabulary of the same words, with nothing memoised
            _forget_texts()
        for text, recall in sample:
            start = time.perf_counter()
            plan_turn(text, recall, vocab)
            out[way].append((time.perf_counter() - start) * 1000)
    return out


def _run(tree: Path, every: int) -> dict[str, list[float]]:
    env = {**os.environ, "PYTHONPATH": str(tree), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", "--every", str(every)],
        cwd=tree, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    found: dict[str, list[float]] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def _load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="another source tree to time beside this")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--every", type=int, default=1, help="time every n-th utterance")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.every)))
        return
    trees = {"this": HERE, **({"baseline": args.baseline.resolve()} if args.baseline else {})}
    print(f"load average at start: {_load()}")
    results: dict[str, list[dict[str, list[float]]]] = {name: [] for name in trees}
    for n in range(args.rounds):
        for name, tree in trees.items():
            results[name].append(_run(tree, args.every))
            print(f"round {n + 1} {name}: load {_load()}", flush=True)
    summary: dict[str, dict[str, Any]] = {}
    for name, rounds in results.items():
        for way in WAYS:
            per_round = [(statistics.median(r[way]), _p95(r[way])) for r in rounds]
            summary.setdefault(name, {})[way] = per_round
            cells = "  ".join(f"{m:6.2f}/{p:6.2f}" for m, p in per_round)
            print(f"{name:8s} {way:6s} median/p95 ms per round: {cells}  (n={len(rounds[0][way])})")
    if "baseline" in summary:
        for way in WAYS:
            ratios = [
                f"{m / bm:.2f}/{p / bp:.2f}"
                for (m, p), (bm, bp) in zip(summary["this"][way], summary["baseline"][way],
                                            strict=True)
            ]  # fmt: skip
            print(f"this/baseline {way:6s} median/p95 per round: {'  '.join(ratios)}")
    print(f"load average at end: {_load()}")


if __name__ == "__main__":
    main()
