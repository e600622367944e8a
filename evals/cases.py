"""The eval case format: one YAML file per case, validated here, published as a JSON Schema."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

SUITES_DIR = Path(__file__).parent / "suites"
SCHEMA_PATH = Path(__file__).parent / "schema" / "case.schema.json"

Persona = Literal["buyer", "planner", "plant_manager", "executive", "evaluator"]
# The intents of DOMAIN.md's personas, plus the requests a copilot must turn down.
Intent = Literal[
    "shortages",
    "po_risk",
    "open_supply",
    "clear_to_build",
    "supplier_performance",
    "kpi",
    "correspondence",
    "lookup",
    "escalation",
    "expedite",
    "expedite_question",
    "po_date_change",
    "quality_review",
    "transfer",
    "resequence",
    "approvals",
    "decision",
    "what_changed",
    "audit",
    "clarify",
    "out_of_domain",
    "unauthorised",
    "injection",
    "excessive_agency",
    "chit_chat",
]
TrajectoryMode = Literal["strict", "unordered", "subset", "superset"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ArgMatcher(_Strict):
    """How one tool argument must look; a bare YAML scalar means `equals`."""

    equals: Any = None
    any_of: list[Any] | None = None
    contains: str | None = Field(None, description="Case-insensitive substring of the value.")
    matches: str | None = Field(None, description="Regular expression (case-insensitive).")
    approx: float | None = None
    tolerance: float = Field(0.0, ge=0, description="Absolute tolerance for `approx`.")
    absent: bool = Field(False, description="The argument must be missing or null.")

    @model_validator(mode="before")
    @classmethod
    def _scalar(cls, value: Any) -> Any:
        return value if isinstance(value, dict) else {"equals": value}

    @model_validator(mode="after")
    def _one_rule(self) -> ArgMatcher:
        rules = [
            self.equals is not None,
            self.any_of is not None,
            self.contains is not None,
            self.matches is not None,
            self.approx is not None,
            self.absent,
        ]
        if sum(rules) != 1:
            raise ValueError(
                "an argument matcher needs exactly one of equals, any_of, contains,"
                " matches, approx, absent"
            )
        return self

    def accepts(self, present: bool, value: Any) -> bool:
        """True when an argument that is `present` with `value` satisfies this matcher."""
        if self.absent:
            return not present or value is None
        if not present or value is None:
            return False
        if self.equals is not None:
            return _same(value, self.equals)
        if self.any_of is not None:
            return any(_same(value, option) for option in self.any_of)
        if self.contains is not None:
            return self.contains.lower() in str(value).lower()
        if self.matches is not None:
            return re.search(self.matches, str(value), re.IGNORECASE) is not None
        try:
            return abs(float(value) - float(self.approx or 0.0)) <= self.tolerance + 1e-9
        except (TypeError, ValueError):
            return False


def _same(value: Any, expected: Any) -> bool:
    """Equality that forgives case in strings and int/float in numbers."""
    if isinstance(expected, str) and isinstance(value, str):
        return value.strip().lower() == expected.strip().lower()
    if isinstance(expected, bool) or isinstance(value, bool):
        return value is expected
    if isinstance(expected, int | float) and isinstance(value, int | float):
        return abs(float(value) - float(expected)) < 1e-9
    return bool(value == expected)


class ToolCallSpec(_Strict):
    """One tool call the trajectory must (or may) contain; unlisted arguments are not checked."""

    name: str
    args: dict[str, ArgMatcher] = Field(default_factory=dict)


class TrajectorySpec(_Strict):
    """The expected tool calls of one turn, matched the way openevals' evaluators match."""

    mode: TrajectoryMode = Field(
        "superset",
        description="strict: same calls in order; unordered: same calls, any order; superset:"
        " at least these calls; subset: no calls beyond these.",
    )
    calls: list[ToolCallSpec] = Field(default_factory=list)
    forbidden: list[str] = Field(
        default_factory=list, description="Tools that must not be called in this turn."
    )


class Fact(_Strict):
    """A fact an answer must (or must not) state: words (any of them) and/or a number."""

    any_of: list[str] | None = Field(None, description="Case-insensitive; one must appear.")
    matches: str | None = Field(None, description="Regular expression (case-insensitive).")
    value: float | None = Field(None, description="A number the answer states.")
    tolerance: float = Field(0.0, ge=0, description="Absolute tolerance for `value`.")
    label: str = ""

    @model_validator(mode="before")
    @classmethod
    def _scalar(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"any_of": [value]}
        if isinstance(value, int | float) and not isinstance(value, bool):
            return {"value": value}
        return value

    @model_validator(mode="after")
    def _something(self) -> Fact:
        if self.any_of is None and self.matches is None and self.value is None:
            raise ValueError("a fact needs any_of, matches or value")
        return self

    def describe(self) -> str:
        if self.label:
            return self.label
        parts = []
        if self.any_of:
            parts.append(" | ".join(repr(a) for a in self.any_of))
        if self.matches:
            parts.append(f"/{self.matches}/")
        if self.value is not None:
            parts.append(f"{self.value:g}" + (f" ±{self.tolerance:g}" if self.tolerance else ""))
        return " and ".join(parts)


class PolicySpec(_Strict):
    """What the turn must respect, whatever the wording of the answer."""

    no_write: bool = Field(False, description="No proposal may be created by this turn.")
    refuses: bool = Field(False, description="The answer must decline (scope, role, authority).")
    clarifies: bool = Field(False, description="The answer must ask a clarifying question.")
    out_of_domain: bool = Field(
        False, description="Not the copilot's business: decline, say what it can do, no write."
    )
    hidden_plants: list[str] = Field(
        default_factory=list, description="Plants whose data no successful tool call may return."
    )


class Expect(_Strict):
    """What one turn must produce."""

    trajectory: TrajectorySpec | None = None
    must_state: list[Fact] = Field(default_factory=list)
    must_not_state: list[Fact] = Field(default_factory=list)
    policy: PolicySpec = Field(default_factory=lambda: PolicySpec.model_validate({}))
    grounded: bool = Field(True, description="Every number in the answer traces to a tool result.")
    rubric: str = Field("", description="For the optional LLM judge: what a good answer does.")


class Say(_Strict):
    """A user message (the first turn, or a scripted follow-up)."""

    say: str = Field(min_length=1)
    as_user: str | None = Field(None, alias="as", description="Another demo user says this.")
    expect: Expect = Field(default_factory=lambda: Expect.model_validate({}))


class Decide(_Strict):
    """A person decides a proposal the conversation raised (approve or reject)."""

    decide: Literal["approve", "reject"]
    as_user: str = Field(alias="as")
    proposal: str = Field("latest", description="'latest' or a proposal id.")
    comment: str = ""
    expect_refused: bool = Field(False, description="Governance must refuse this decision.")


Step = Annotated[Say | Decide, Field(union_mode="left_to_right")]


class ProposalSpec(_Strict):
    """A proposal the case must leave behind (tau-bench style: the state, not the words)."""

    kind: str
    status: Literal["pending", "approved", "rejected", "expired", "executed", "failed"] | None = (
        "pending"
    )
    required_role: str | None = None
    requested_by: str | None = None
    plant: str | None = None
    cost: float | None = None
    cost_tolerance: float = 0.5


class FinalState(_Strict):
    """The proposals the whole case must leave in the database."""

    proposals: list[ProposalSpec] = Field(default_factory=list)
    match: Literal["exact", "at_least"] = Field(
        "exact", description="exact: no other proposal exists; at_least: others may."
    )
    forbidden: list[ProposalSpec] = Field(
        default_factory=list,
        description="Proposals that must not exist (fields left out match anything).",
    )


class EvalCase(_Strict):
    """One eval case: who asks, what they say, and what must be true afterwards."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    title: str
    persona: Persona
    user: str = Field(description="The demo user who speaks (dana.kim, luis.ortega, ...).")
    intent: Intent
    tags: list[str] = Field(default_factory=list)
    steps: list[Step] = Field(min_length=1)
    final_state: FinalState | None = Field(
        None, description="Omitted: the case must leave no proposal at all."
    )
    suite: str = Field("", description="Filled in from the folder the file lives in.")

    @model_validator(mode="after")
    def _starts_with_words(self) -> EvalCase:
        if not any(isinstance(s, Say) for s in self.steps):
            raise ValueError("a case needs at least one `say` step")
        return self

    @property
    def says(self) -> list[Say]:
        return [s for s in self.steps if isinstance(s, Say)]

    @property
    def approves(self) -> bool:
        """True when a person approves something: on a shared deployment that changes the world."""
        return any(isinstance(s, Decide) and s.decide == "approve" for s in self.steps)

    @property
    def expected_final(self) -> FinalState:
        return self.final_state or FinalState.model_validate({})


class CaseFileError(ValueError):
    """A case file that does not validate: names the file and the field to fix."""


def load_case(path: Path, suite: str) -> EvalCase:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise CaseFileError(f"{path}: not valid YAML: {err}") from err
    if not isinstance(raw, dict):
        raise CaseFileError(f"{path}: a case file holds one mapping (id, title, steps, ...)")
    raw.setdefault("suite", suite)
    try:
        case = EvalCase.model_validate(raw)
    except ValidationError as err:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'case'}: {e['msg']}" for e in err.errors()
        )
        raise CaseFileError(f"{path}: {problems}") from err
    if case.id != path.stem:
        raise CaseFileError(f"{path}: id {case.id!r} must equal the file name {path.stem!r}")
    return case


def suite_names(root: Path = SUITES_DIR) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.is_dir())


def load_suite(name: str, root: Path = SUITES_DIR) -> list[EvalCase]:
    """Every case of suite `name`, sorted by id; an unknown suite is a user error."""
    folder = root / name
    if not folder.is_dir():
        known = ", ".join(suite_names(root)) or "none"
        raise CaseFileError(f"no suite {name!r} under {root} (suites: {known})")
    cases = [load_case(p, name) for p in sorted(folder.glob("*.yaml"))]
    seen: set[str] = set()
    for case in cases:
        if case.id in seen:
            raise CaseFileError(f"suite {name}: case id {case.id!r} appears twice")
        seen.add(case.id)
    return cases


def case_json_schema() -> dict[str, Any]:
    schema = EvalCase.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Lineside eval case"
    return schema


def write_json_schema(path: Path = SCHEMA_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(case_json_schema(), indent=2) + "\n", encoding="utf-8")
    return path
