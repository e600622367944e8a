"""The role → tools policy exactly as the migrations seed it, for tests to compare."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

VERSIONS = Path(__file__).parents[2] / "domain/db/migrations/versions"
MIGRATION = VERSIONS / "0002_governance.py"
EVENTS_MIGRATION = VERSIONS / "0005_events_and_alerts.py"
READ_TOOLS_MIGRATION = VERSIONS / "0008_understanding_read_tools.py"
ITEM_OVERVIEW_MIGRATION = VERSIONS / "0011_item_overview_tool.py"
PREVIEW_MIGRATION = VERSIONS / "0012_resequence_preview_tool.py"
PLANT_PROFILE_MIGRATION = VERSIONS / "0013_plant_profile_tool.py"
MATERIAL_BALANCE_MIGRATION = VERSIONS / "0014_material_balance_tool.py"


def _load(path: Path) -> ModuleType:
    # A migration is a file, not an importable module.
    spec = importlib.util.spec_from_file_location(f"policy_{path.stem}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def migration_policy() -> dict[str, list[str]]:
    """POLICY of 0002_governance.py, plus read_alerts for the roles 0005 grants it to and the
    understanding's read tools 0008 grants to every role, and the one-tool grants of 0011 to
    0014."""
    policy: dict[str, list[str]] = {k: list(v) for k, v in _load(MIGRATION).POLICY.items()}
    for role in _load(EVENTS_MIGRATION).TOOL_ROLES:
        policy.setdefault(role, []).append("read_alerts")
    later = _load(READ_TOOLS_MIGRATION)
    for role in later.ROLES:
        policy.setdefault(role, []).extend(later.NEW_READ_TOOLS)
    for one_tool in (ITEM_OVERVIEW_MIGRATION, PREVIEW_MIGRATION, PLANT_PROFILE_MIGRATION,
                     MATERIAL_BALANCE_MIGRATION):  # fmt: skip
        added = _load(one_tool)
        for role in added.ROLES:
            policy.setdefault(role, []).append(added.TOOL)
    return policy
