"""The optional LLM judge passes an answer its model grades as meeting the rubric and fails the
rest: a failing grade, a reply that is not JSON; a case without a rubric is not judged."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage

from domain.settings import LlmSettings
from evals.cases import EvalCase
from evals.scorers.judge import LlmJudge
from evals.transcript import CaseRun, StepRecord

RUBRIC = "names PO-7781's unconfirmed 600 as the risk"


class ScriptedModel:
    """Replies with fixed texts in turn and keeps the prompts it was sent."""

    def __init__(self, *replies: str) -> None:
        self.replies = list(replies)
        self.prompts: list[str] = []

    def invoke(self, prompt: str) -> AIMessage:
        self.prompts.append(prompt)
        return AIMessage(self.replies.pop(0))


def _case(rubric: str | None = RUBRIC) -> EvalCase:
    expect: dict[str, Any] = {"rubric": rubric} if rubric else {}
    return EvalCase.model_validate({
        "id": "c1", "title": "t", "persona": "buyer", "user": "dana.kim", "intent": "po_risk",
        "steps": [{"say": "why is PO-7781 risky?", "expect": expect}],
    })  # fmt: skip


def _run(answer: str) -> CaseRun:
    step = StepRecord(kind="say", user="dana.kim", text="why is PO-7781 risky?", answer=answer)
    return CaseRun(case_id="c1", steps=[step])


def _judge(*replies: str) -> tuple[LlmJudge, ScriptedModel]:
    judge = LlmJudge(LlmSettings(base_url="http://127.0.0.1:9/v1", model="grader"))
    model = ScriptedModel(*replies)
    judge.model = model  # no endpoint in a unit test: the scripted grader answers
    return judge, model


def test_the_judge_passes_an_answer_graded_as_meeting_the_rubric() -> None:
    judge, model = _judge('```json\n{"pass": true, "reason": "names the 600"}\n```')
    result = judge(_case(), _run("600 of the 1,000 on PO-7781 are unconfirmed."))
    assert result.passed and result.applicable
    assert RUBRIC in model.prompts[0] and "600 of the 1,000" in model.prompts[0]


def test_the_judge_fails_an_answer_graded_as_missing_the_rubric() -> None:
    judge, _ = _judge('{"pass": false, "reason": "blames the supplier\'s OTIF only"}')
    result = judge(_case(), _run("Voltaic is often late."))
    assert not result.passed
    assert "turn 1: blames the supplier's OTIF only" in result.reason


def test_a_judge_reply_that_is_not_json_fails_the_case() -> None:
    judge, _ = _judge("Looks fine to me!")
    result = judge(_case(), _run("600 of the 1,000 on PO-7781 are unconfirmed."))
    assert not result.passed and "did not answer in JSON" in result.reason


def test_a_case_without_a_rubric_is_not_judged() -> None:
    judge, model = _judge()
    result = judge(_case(rubric=None), _run("anything"))
    assert result.passed and not result.applicable and model.prompts == []
