"""The optional LLM judge: grades answers against the case's rubric when a model is configured."""

from __future__ import annotations

import json

from domain.settings import LlmSettings
from evals.cases import EvalCase, Say
from evals.scorers.base import ScoreResult, verdict
from evals.transcript import CaseRun

NAME = "judge"
PROMPT = (
    "You grade one answer of a manufacturing-operations copilot. Question: {question}\n"
    "Answer: {answer}\nRubric: {rubric}\n"
    'Reply with JSON only: {{"pass": true|false, "reason": "one sentence"}}'
)


class LlmJudge:
    """Asks the configured OpenAI-compatible model whether each answer meets its rubric."""

    name = NAME

    def __init__(self, settings: LlmSettings) -> None:
        from langchain_openai import ChatOpenAI
        from pydantic import SecretStr

        self.model = ChatOpenAI(
            model=settings.model,
            base_url=settings.base_url,
            api_key=SecretStr(settings.api_key or "not-needed"),
            temperature=0,
            timeout=settings.timeout_s,
        )

    def __call__(self, case: EvalCase, run: CaseRun) -> ScoreResult:
        problems: list[str] = []
        checked = 0
        for index, (step, record) in enumerate(zip(case.steps, run.steps, strict=False)):
            if not isinstance(step, Say) or not step.expect.rubric:
                continue
            checked += 1
            reply = self.model.invoke(
                PROMPT.format(question=step.say, answer=record.answer, rubric=step.expect.rubric)
            )
            try:
                graded = json.loads(str(reply.content).strip().strip("`").removeprefix("json"))
            except ValueError:
                problems.append(f"turn {index + 1}: the judge did not answer in JSON")
                continue
            if not graded.get("pass"):
                problems.append(f"turn {index + 1}: {graded.get('reason', 'rubric not met')}")
        if not checked:
            return ScoreResult.skip(NAME, "no rubric")
        return verdict(NAME, problems, f"the judge passed {checked} answer(s)")
