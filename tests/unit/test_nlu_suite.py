"""The understanding suite as data: at least 300 utterances, 95% understood right, no proposal
from a question, a negation, a hypothesis or pasted text."""

from __future__ import annotations

from agent.offline.guard import is_propose
from agent.offline.intents import plan_turn
from tests.support.nlu_suite import load_suite, problems, recall_of

MIN_CASES = 300
MIN_SHARE = 0.95


def test_the_suite_is_big_enough_and_covers_every_intent() -> None:
    _, cases = load_suite()
    assert len(cases) >= MIN_CASES
    intents = {c["intent"] for c in cases if "intent" in c}
    assert {"shortages", "clear_to_build", "po_risk", "open_supply", "ranked_po_lines", "kpi",
            "kpi_compare", "approvals", "expedite", "expedite_quote", "approval_rule",
            "escalation", "po_date_change", "resequence", "out_of_domain"} <= intents  # fmt: skip


def test_at_least_95_percent_of_the_utterances_are_understood() -> None:
    vocab, cases = load_suite()
    wrong = {c["text"]: p for c in cases if (p := problems(c, vocab))}
    share = 1 - len(wrong) / len(cases)
    assert share >= MIN_SHARE, f"{share:.1%} right; wrong: {wrong}"


def test_no_question_negation_hypothesis_or_paste_plans_a_proposal() -> None:
    vocab, cases = load_suite()
    for case in cases:
        plan = plan_turn(case["text"], recall_of(case), vocab)
        if case.get("act") in ("ask", "negate", "hypothesise", "decide", "override", "chitchat"):
            proposed = [n for n, _ in plan.calls if is_propose(n)]
            # "the first one" answers the question back of an earlier request: that request acts
            answers_request = (case.get("recall") or {}).get("pending", {}).get("act", "request")
            assert (
                not proposed
                or case.get("act") == "negate"
                and "instead" in case["text"]
                or "pending" in (case.get("recall") or {})
                and answers_request == "request"
            ), (case["text"], proposed)
