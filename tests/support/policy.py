"""The role → tools policy exactly as the governance migration seeds it, for tests to compare."""

from __future__ import annotations

import importlib.util
from pathlib import Path

MIGRATION = Path(__file__).parents[2] / "domain/db/migrations/versions/0002_governance.py"


def migration_policy() -> dict[str, list[str]]:
    """POLICY of 0002_governance.py (a migration is a file, not an importable module)."""
    spec = importlib.util.spec_from_file_location("gov_migration_policy", MIGRATION)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    policy: dict[str, list[str]] = module.POLICY
    return policy
