"""The understanding suite as data (tests/data/nlu/utterances.yaml): load it, check one case."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from agent.offline.acts import dialogue_act
from agent.offline.guard import is_propose
from agent.offline.intents import Plan, Recall, plan_turn
from agent.offline.planners import Pending
from agent.offline.vocabulary import Vocabulary, directory_of, kpi_synonyms

SUITE = Path(__file__).parents[1] / "data" / "nlu" / "utterances.yaml"


def load_suite() -> tuple[Vocabulary, list[dict[str, Any]]]:
    raw = yaml.safe_load(SUITE.read_text())
    v = raw["vocabulary"]
    vocab = Vocabulary(
        items=v["items"], suppliers=v["suppliers"], lines=v["lines"], plants=v["plants"],
        kpis=kpi_synonyms(), as_of=datetime.fromisoformat(raw["as_of"]),
        plant_timezones=v["plant_timezones"], po_plants=v["po_plants"], asn_pos=v["asn_pos"],
        po_suppliers=v.get("po_suppliers", {}),
        hubs=v["hubs"],
        used_in={c: tuple(ps) for c, ps in (v.get("used_in") or {}).items()},
        people=v.get("people") or {},
        supplied_by={c: tuple(ss) for c, ss in (v.get("supplied_by") or {}).items()},
    )  # fmt: skip
    directory = directory_of(
        vocab,
        v.get("line_builds"),
        frozenset(v.get("in_use", ())),
        v.get("shipment_of"),
        v.get("lots"),
    )
    return replace(vocab, directory=directory), list(raw["cases"])


def recall_of(case: dict[str, Any]) -> Recall:
    given = dict(case.get("recall") or {})
    calls = tuple((name, dict(args)) for name, args in given.pop("calls", []))
    pending = given.pop("pending", None)
    choices = tuple(dict(c) for c in given.pop("choices", []))
    given["listed"] = tuple(given.get("listed", ()))
    given["shorts"] = tuple(given.get("shorts", ()))
    return Recall(**given, calls=calls, choices=choices,
                  pending=Pending(**pending) if pending else None)  # fmt: skip


def problems(case: dict[str, Any], vocab: Vocabulary) -> list[str]:
    """What the understanding of one case got wrong (empty: right)."""
    plan: Plan = plan_turn(case["text"], recall_of(case), vocab)
    found = []
    act = dialogue_act(case["text"])
    if "act" in case and act != case["act"]:
        found.append(f"act {act} != {case['act']}")
    if "intent" in case and plan.intent != case["intent"]:
        found.append(f"intent {plan.intent} != {case['intent']}")
    for name, args in case.get("calls") or []:
        if not any(n == name and all(a.get(k) == v for k, v in args.items())
                   for n, a in plan.calls):  # fmt: skip
            found.append(f"missing {name} {args}; planned {plan.calls}")
    if case.get("no_calls") and plan.calls:
        found.append(f"planned {plan.calls}, no tool call wanted")
    if case.get("no_propose") and any(is_propose(n) for n, _ in plan.calls):
        found.append(f"proposed {plan.calls}")
    then = case.get("then")
    if then is not None:  # the action planned once the open PO lines are read
        wanted = {"tool": then["tool"], "shift_days": then.get("shift_days")}
        got = plan.then
        if (
            got is None
            or any(getattr(got, k) != v for k, v in wanted.items() if v is not None)
            or any(got.args.get(k) != v for k, v in (then.get("args") or {}).items())
        ):
            found.append(f"then {then} != {got}")
    return found
