"""One request yields one proposal per distinct action and target: a second clause that asks for
the same action on the same thing ('resequence SEAT1 so we don't start the orion runs while the
heater modules are short, pull the vega runs forward') is that action's reason, not a second
proposal; different targets or actions stay apart."""

from __future__ import annotations

from agent.offline.guard import is_propose
from agent.offline.intents import Recall, plan_turn
from agent.offline.one_action import once_per_target
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()


NOTHING = Recall()


def _proposed(text: str, recall: Recall = NOTHING) -> list[tuple[str, dict[str, object]]]:
    return [(n, a) for n, a in plan_turn(text, recall, VOCAB).calls if is_propose(n)]


def test_two_clauses_on_one_line_are_one_resequence_with_both_reasons() -> None:
    for text, recall in (
        ("can we resequence SEAT1 to avoid the heater-module gap? and pull the vega runs forward",
         Recall()),
        ("resequence seat1 so we dont start the orion jobs while E-4410 is short, pull the vega "
         "ones forward", Recall()),
        ("resequence it so we don't start orion while the heater modules are short, and bring "
         "the vega runs forward", Recall(line="LKS-SEAT1")),
        ("pls resequence the seat line. pull the vega runs ahead of the orion ones", Recall()),
    ):  # fmt: skip
        proposed = _proposed(text, recall)
        assert [(n, a["line"]) for n, a in proposed] == [("propose_resequence", "LKS-SEAT1")], (
            text,
            proposed,
        )
        assert "vega" in str(proposed[0][1].get("reason", "")).lower(), proposed


def test_the_later_clause_adds_to_the_reason_and_fills_what_is_open() -> None:
    calls = [
        ("shortages", {"line": "LKS-SEAT1", "horizon": "14d"}),
        ("propose_resequence", {"line": "LKS-SEAT1", "reason": "avoid the E-4410 gap"}),
        ("propose_resequence", {"line": "LKS-SEAT1", "reason": "planner request: pull vega in",
                                "sequence": ["WO-A", "WO-B"]}),
    ]  # fmt: skip
    assert once_per_target(calls) == [
        ("shortages", {"line": "LKS-SEAT1", "horizon": "14d"}),
        ("propose_resequence", {"line": "LKS-SEAT1", "reason": "avoid the E-4410 gap; pull vega in",
                                "sequence": ["WO-A", "WO-B"]}),
    ]  # fmt: skip


def test_other_targets_and_other_actions_stay_apart() -> None:
    calls = [
        ("expedite_po", {"po_number": "PO-7781", "mode": "air"}),
        ("expedite_po", {"po_number": "PO-7790", "mode": "air"}),
        ("draft_supplier_escalation", {"supplier": "VOLTAIC", "po_number": "PO-7781"}),
        ("propose_resequence", {"line": "LKS-SEAT1", "reason": "a"}),
        ("propose_resequence", {"line": "LKS-DOOR1", "reason": "b"}),
    ]
    assert once_per_target(calls) == calls
    # Read calls are never folded: two reads of one line are the tools' own business.
    reads = [("shortages", {"line": "LKS-SEAT1"}), ("shortages", {"line": "LKS-SEAT1"})]
    assert once_per_target(reads) == reads


def test_an_escalation_and_an_expedite_of_one_po_are_two_proposals() -> None:
    text = "escalate to voltaic on PO-7781 and air-expedite the 600 too"
    assert sorted(n for n, _ in _proposed(text)) == ["draft_supplier_escalation", "expedite_po"]


def test_what_the_action_is_for_is_not_a_negation() -> None:
    from agent.offline.acts import clause_act

    for text in ("resequence it so we don't start orion while the heater modules are short",
                 "resequence seat1 so that the line doesn't stop on wednesday",
                 "move the vega runs up so we dont run out of foam"):  # fmt: skip
        assert clause_act(text) == "request", text
    for text in ("don't resequence it", "so don't move anything yet", "no need to resequence"):
        assert clause_act(text) == "negate", text
