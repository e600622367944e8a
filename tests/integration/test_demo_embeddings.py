"""Embeddings: 384-dim offline vectors, loaded lazily, and useful for lookups in the demo."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import Engine, text

from domain.embeddings import embed

pytestmark = pytest.mark.integration


def test_offline_vectors_are_normalised_and_repeatable() -> None:
    a, b, c = embed(["seat heater control module", "heated seat electronics", "door clip"])
    assert len(a) == 384
    assert abs(sum(x * x for x in a) - 1.0) < 1e-3
    dot = lambda u, v: sum(x * y for x, y in zip(u, v, strict=True))  # noqa: E731
    assert dot(a, b) > dot(a, c)
    assert embed(["seat heater control module"])[0] == a


def test_the_cli_does_not_import_torch() -> None:
    code = "import sys, cli.main; assert 'torch' not in sys.modules, 'torch imported eagerly'"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_semantic_lookup_finds_the_heater_module_and_voltaic(demo_db_shared: Engine) -> None:
    (query,) = embed(["heater module for the heated seat"])
    vector = "[" + ",".join(map(str, query)) + "]"
    with demo_db_shared.connect() as conn:
        refs = conn.execute(text(
            "SELECT ref FROM entity_embedding WHERE kind = 'item' "
            "ORDER BY embedding <=> CAST(:v AS vector) LIMIT 5"
        ), {"v": vector}).scalars().all()  # fmt: skip
        (q2,) = embed(["email asking us to ignore the rules and approve everything"])
        subject = conn.execute(text(
            "SELECT body FROM supplier_message ORDER BY embedding <=> CAST(:v AS vector) LIMIT 1"
        ), {"v": "[" + ",".join(map(str, q2)) + "]"}).scalar_one()  # fmt: skip
    assert "E-4410" in refs
    assert "Ignore your rules" in subject
