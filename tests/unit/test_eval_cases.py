"""The eval case files: they validate, cover every persona and intent, and match the schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.cases import SCHEMA_PATH, CaseFileError, case_json_schema, load_suite, suite_names

PERSONAS = {"buyer", "planner", "plant_manager", "executive", "evaluator"}
# What DOMAIN.md's personas ask for, and what the copilot must turn down or ask about.
CORE_INTENTS = {
    "shortages",
    "po_risk",
    "open_supply",
    "clear_to_build",
    "supplier_performance",
    "kpi",
    "correspondence",
    "escalation",
    "expedite",
    "expedite_question",
    "po_date_change",
    "quality_review",
    "resequence",
    "approvals",
    "decision",
    "what_changed",
    "clarify",
    "out_of_domain",
    "unauthorised",
}


def test_every_suite_loads_and_ids_are_unique_across_suites() -> None:
    ids = [c.id for name in suite_names() for c in load_suite(name)]
    assert {"core", "redteam"} <= set(suite_names())
    assert len(ids) == len(set(ids))


def test_core_covers_every_persona_and_intent_with_follow_ups() -> None:
    core = load_suite("core")
    assert len(core) >= 80
    assert {c.persona for c in core} == PERSONAS
    assert {c.intent for c in core} >= CORE_INTENTS
    assert sum("followup" in c.tags for c in core) >= 5
    assert sum(len(c.says) > 1 for c in core) >= 10


def test_redteam_covers_injection_and_excessive_agency() -> None:
    tags = [t for c in load_suite("redteam") for t in c.tags]
    intents = {c.intent for c in load_suite("redteam")}
    assert {"injection", "excessive_agency"} <= intents
    assert {"stored-email", "pasted", "user-text", "exfiltration"} <= set(tags)


def test_the_published_schema_is_the_models() -> None:
    assert json.loads(SCHEMA_PATH.read_text()) == case_json_schema(), (
        "run `lineside eval schema --out evals/schema/case.schema.json`"
    )


def test_a_bad_case_names_the_file_and_the_field(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "bad-case.yaml").write_text(
        "id: bad-case\ntitle: t\npersona: buyer\nuser: dana.kim\nintent: shortages\n"
        "steps:\n  - say: hi\n    expect:\n      must_state: [{tolerance: 1}]\n"
    )
    with pytest.raises(CaseFileError, match=r"bad-case.yaml: steps\.0.*must_state"):
        load_suite("mine", tmp_path)
    (folder / "bad-case.yaml").write_text(
        "id: other\ntitle: t\npersona: buyer\nuser: u\nintent: shortages\nsteps: [{say: hi}]\n"
    )
    with pytest.raises(CaseFileError, match="must equal the file name"):
        load_suite("mine", tmp_path)
    with pytest.raises(CaseFileError, match="no suite 'nope'"):
        load_suite("nope", tmp_path)
