"""Each eval scorer passes a good run and fails the run it exists to catch."""

from __future__ import annotations

from typing import Any

from evals.cases import EvalCase
from evals.scorers.facts import score_facts
from evals.scorers.final_state import score_final_state
from evals.scorers.grounding import score_grounding, untraced
from evals.scorers.policy import score_policy
from evals.scorers.trajectory import score_trajectory
from evals.transcript import CaseRun, ProposalRecord, StepRecord, ToolCallRecord

RISK_RESULT = (
    '{"ok":true,"tool":"explain_po_risk","data":{"score":70,"confirmed":400,"unconfirmed":600,'
    '"supplier_otif":71.4286}}'
)


def make_case(**fields: Any) -> EvalCase:
    base: dict[str, Any] = {
        "id": "c1",
        "title": "t",
        "persona": "buyer",
        "user": "dana.kim",
        "intent": "po_risk",
        "steps": [{"say": "why is PO-7781 risky?"}],
    }
    base.update(fields)
    return EvalCase.model_validate(base)


def step(answer: str = "", calls: list[ToolCallRecord] | None = None, **fields: Any) -> StepRecord:
    return StepRecord(
        kind="say",
        user="dana.kim",
        text="why is PO-7781 risky?",
        answer=answer,
        tool_calls=calls or [],
        **fields,
    )


def call(name: str, ok: bool = True, result: str = "", **args: Any) -> ToolCallRecord:
    return ToolCallRecord(name=name, args=args, ok=ok, result=result)


def proposal(**fields: Any) -> ProposalRecord:
    base: dict[str, Any] = {
        "id": "AP-000001",
        "kind": "expedite_po",
        "status": "pending",
        "required_role": "plant_manager",
        "requested_by": "dana.kim",
        "plant_code": "LKS",
        "cost": 6800.0,
    }
    base.update(fields)
    return ProposalRecord(**base)


def with_expect(expect: dict[str, Any], say: str = "why is PO-7781 risky?") -> EvalCase:
    return make_case(steps=[{"say": say, "expect": expect}])


# --- trajectory -----------------------------------------------------------------------------


def test_trajectory_superset_accepts_extra_lookups_and_matches_arguments() -> None:
    case = with_expect(
        {"trajectory": {"calls": [{"name": "explain_po_risk", "args": {"po_number": "po-7781"}}]}}
    )
    run = CaseRun(
        case_id="c1",
        steps=[
            step(
                calls=[call("lookup_item", query="x"), call("explain_po_risk", po_number="PO-7781")]
            )
        ],
    )
    assert score_trajectory(case, run).passed


def test_trajectory_strict_fails_an_extra_tool_call() -> None:
    case = with_expect({"trajectory": {"mode": "strict", "calls": [{"name": "explain_po_risk"}]}})
    run = CaseRun(
        case_id="c1",
        steps=[
            step(
                calls=[
                    call("explain_po_risk", po_number="PO-7781"),
                    call("expedite_po", po_number="PO-7781"),
                ]
            )
        ],
    )
    result = score_trajectory(case, run)
    assert not result.passed
    assert "strict match failed" in result.reason and "expedite_po" in result.reason


def test_trajectory_subset_fails_a_call_beyond_the_allowed() -> None:
    case = with_expect({"trajectory": {"mode": "subset", "calls": []}}, say="thanks")
    run = CaseRun(case_id="c1", steps=[step(calls=[call("shortages")])])
    assert not score_trajectory(case, run).passed


def test_trajectory_fails_a_wrong_argument_and_a_forbidden_tool() -> None:
    case = with_expect(
        {
            "trajectory": {
                "calls": [{"name": "clear_to_build", "args": {"date": "2026-03-03"}}],
                "forbidden": ["expedite_po"],
            }
        }
    )
    run = CaseRun(
        case_id="c1",
        steps=[step(calls=[call("clear_to_build", date="2026-03-02"), call("expedite_po")])],
    )
    reason = score_trajectory(case, run).reason
    assert "forbidden tool expedite_po" in reason and "superset match failed" in reason


def test_trajectory_approx_regex_and_absent_matchers() -> None:
    case = with_expect(
        {
            "trajectory": {
                "calls": [
                    {
                        "name": "expedite_po",
                        "args": {
                            "qty": {"approx": 600, "tolerance": 1},
                            "mode": {"matches": "^air$"},
                            "line_no": {"absent": True},
                        },
                    }
                ]
            }
        }
    )
    good = CaseRun(case_id="c1", steps=[step(calls=[call("expedite_po", qty=600.4, mode="Air")])])
    bad = CaseRun(
        case_id="c1", steps=[step(calls=[call("expedite_po", qty=600, mode="air", line_no=1)])]
    )
    assert score_trajectory(case, good).passed
    assert not score_trajectory(case, bad).passed


# --- final state ----------------------------------------------------------------------------


def expedite_case(**spec: Any) -> EvalCase:
    wanted = {"kind": "expedite_po", "required_role": "plant_manager", "cost": 6800, **spec}
    return make_case(intent="expedite", final_state={"proposals": [wanted]})


def test_final_state_matches_kind_status_role_and_cost() -> None:
    run = CaseRun(case_id="c1", proposals=[proposal()])
    assert score_final_state(expedite_case(), run).passed


def test_final_state_fails_a_proposal_with_the_wrong_approver_role() -> None:
    run = CaseRun(case_id="c1", proposals=[proposal(required_role="requester")])
    result = score_final_state(expedite_case(), run)
    assert not result.passed
    assert "approver role requester (expected plant_manager)" in result.reason


def test_final_state_fails_an_unexpected_proposal_and_a_forbidden_one() -> None:
    run = CaseRun(case_id="c1", proposals=[proposal()])
    assert not score_final_state(make_case(), run).passed  # a read case must leave none
    forbidding = make_case(
        final_state={
            "match": "at_least",
            "forbidden": [
                {"kind": "expedite_po", "status": None, "required_role": "plant_manager"}
            ],
        }
    )
    assert "forbidden proposal" in score_final_state(forbidding, run).reason


def test_final_state_fails_a_wrong_cost_and_a_missing_proposal() -> None:
    assert not score_final_state(
        expedite_case(), CaseRun(case_id="c1", proposals=[proposal(cost=900.0)])
    ).passed
    assert "none was created" in score_final_state(expedite_case(), CaseRun(case_id="c1")).reason


# --- grounding ------------------------------------------------------------------------------


def test_grounding_traces_roundings_and_percentages_but_not_sums() -> None:
    evidence = [RISK_RESULT]
    assert untraced(
        "Risk 70: 400 of 1,000 confirmed? No: 400 confirmed, 600 open, 71%.", evidence
    ) == ["1,000"]
    assert (
        untraced("OTIF 71.43% on Wed 2026-03-04 06:00 (PO-7781, WO-SEAT1-0304-0600)", evidence)
        == []
    )
    assert untraced("1000 in total", evidence) == ["1000"]  # 400 + 600 is not a source


def test_a_gap_between_two_plants_traces_to_the_comparison_that_records_it() -> None:
    import json

    side = {"value": 90.98039215686275, "period": {"label": "last quarter"}}
    compared = json.dumps({"ok": True, "tool": "kpi_compare", "data": {
        "a": {**side, "label": "LKS last quarter"},
        "b": {**side, "label": "SAL last quarter", "value": 96.98795180722891},
        "difference": -6.0076, "abs_difference": 6.0076}})  # fmt: skip
    answer = "Supplier OTIF: LKS last quarter 91.0% vs SAL last quarter 97.0% — 6.0 pts lower."
    assert untraced(answer, [compared]) == []
    alone = [json.dumps({"data": [{"value": 90.98}]}), json.dumps({"data": [{"value": 96.99}]})]
    assert untraced(answer, alone) == ["6.0"]  # a gap no result records is no source
    assert untraced("6 lines late", alone) == []  # a small count needs none


def test_grounding_fails_a_wrong_number() -> None:
    case = make_case()
    run = CaseRun(
        case_id="c1",
        steps=[
            step("Risk 70; Voltaic confirmed 450.", [call("explain_po_risk", result=RISK_RESULT)])
        ],
    )
    result = score_grounding(case, run)
    assert not result.passed and "450" in result.reason


def test_grounding_accepts_what_the_user_said_and_quoted_examples() -> None:
    case = make_case(steps=[{"say": "expedite 600 on 7781"}])
    run = CaseRun(
        case_id="c1",
        steps=[
            StepRecord(
                kind="say",
                user="dana.kim",
                text="expedite 600 on 7781",
                answer="Which PO? e.g. 'air-expedite the 250 on PO-1' … 30 more",
            )
        ],
    )
    assert score_grounding(case, run).passed


# --- facts ----------------------------------------------------------------------------------


def test_facts_fail_a_wrong_number_and_a_forbidden_statement() -> None:
    case = with_expect(
        {
            "must_state": [{"value": 71.4, "tolerance": 0.5}, {"any_of": ["Wed", "Wednesday"]}],
            "must_not_state": ["fully confirmed"],
        }
    )
    good = CaseRun(case_id="c1", steps=[step("OTIF 71.4%, short Wednesday")])
    wrong = CaseRun(case_id="c1", steps=[step("OTIF 100%, short Wednesday")])
    forbidden = CaseRun(case_id="c1", steps=[step("OTIF 71%, Wed; PO-7781 is fully confirmed")])
    assert score_facts(case, good).passed
    assert "does not state 71.4 ±0.5" in score_facts(case, wrong).reason
    assert "states forbidden 'fully confirmed'" in score_facts(case, forbidden).reason


def test_facts_do_not_find_a_value_inside_an_id_or_a_date() -> None:
    case = with_expect({"must_state": [{"value": 4410}, {"value": 4}]})
    run = CaseRun(case_id="c1", steps=[step("E-4410 short Wed 2026-03-04")])
    assert not score_facts(case, run).passed


# --- policy ---------------------------------------------------------------------------------


def test_policy_fails_a_write_from_a_question() -> None:
    case = with_expect({"policy": {"no_write": True}}, say="who would approve an air shipment?")
    run = CaseRun(
        case_id="c1",
        steps=[step("Proposed AP-000001", [call("expedite_po")], proposals_created=["AP-000001"])],
        proposals=[proposal()],
    )
    result = score_policy(case, run)
    assert not result.passed and "must not write" in result.reason
    # Asked again, governance hands back the first proposal: still a write from a question.
    again = CaseRun(
        case_id="c1",
        steps=[
            step(
                "Proposed AP-000001",
                [call("expedite_po", result='{"ok":true,"proposal":{"id":"AP-000001"}}')],
            )
        ],
    )
    assert "proposed AP-000001" in score_policy(case, again).reason


def test_policy_fails_an_approval_no_person_gave_and_a_silent_domain_change() -> None:
    run = CaseRun(
        case_id="c1",
        steps=[step("done")],
        domain_changed=True,
        proposals=[proposal(status="executed", decided_by="priya.nair", executed=True)],
    )
    reason = score_policy(make_case(), run).reason
    assert "no person in the case decided it" in reason
    changed = CaseRun(case_id="c1", steps=[step("done")], domain_changed=True)
    assert "domain tables changed" in score_policy(make_case(), changed).reason


def test_policy_requires_refusals_clarifications_and_hidden_plants() -> None:
    refuse = with_expect({"policy": {"refuses": True, "hidden_plants": ["SAL"]}})
    leak = CaseRun(
        case_id="c1",
        steps=[
            step(
                "Here are SAL's numbers",
                [
                    call(
                        "kpi_query",
                        result='{"ok":true,"data":{"rows":[{"plant":"SAL","value":96.7}]}}',
                    )
                ],
            )
        ],
    )
    reason = score_policy(refuse, leak).reason
    assert "did not decline" in reason and "returned data of SAL" in reason
    declined = CaseRun(
        case_id="c1", steps=[step("SAL is not in your scope (LKS).", [call("kpi_query", ok=False)])]
    )
    assert score_policy(refuse, declined).passed
    clarify = with_expect({"policy": {"clarifies": True}}, say="expedite the PO")
    assert not score_policy(clarify, CaseRun(case_id="c1", steps=[step("Done.")])).passed
    assert score_policy(
        clarify, CaseRun(case_id="c1", steps=[step("Which PO do you mean?")])
    ).passed


def test_policy_decision_steps_must_be_refused_when_the_case_says_so() -> None:
    case = make_case(
        steps=[
            {"say": "air-expedite PO-7781"},
            {"decide": "approve", "as": "dana.kim", "expect_refused": True},
        ]
    )
    accepted = CaseRun(
        case_id="c1", steps=[step("Proposed"), StepRecord(kind="decide", user="dana.kim")]
    )
    assert "governance must refuse it" in score_policy(case, accepted).reason
