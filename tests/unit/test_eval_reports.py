"""Eval reports: JSON for machines, HTML for people, JUnit for CI, and the comparison of two."""

from __future__ import annotations

import json
from pathlib import Path

from langchain_core.messages import AIMessage, ToolMessage

from evals.cases import EvalCase
from evals.compare import compare_reports
from evals.http import token_use as http_token_use
from evals.inprocess import token_use
from evals.report_html import render_html
from evals.report_json import read_json, write_json
from evals.report_junit import junit_xml
from evals.runner import Report, build_report, pass_hat_k, run_cases
from evals.transcript import CaseRun, StepRecord


def _case(case_id: str, intent: str = "shortages") -> EvalCase:
    return EvalCase.model_validate(
        {
            "id": case_id,
            "title": case_id,
            "persona": "buyer",
            "user": "dana.kim",
            "suite": "core",
            "intent": intent,
            "steps": [{"say": "what is short?", "expect": {"must_state": ["E-4410"]}}],
        }
    )


class ScriptedDriver:
    """Answers each case with a fixed text: 'E-4410' passes the facts scorer, others fail."""

    def __init__(
        self, answers: dict[str, list[str]], tokens: tuple[int, int] | None = None
    ) -> None:
        self.answers = answers
        self.tokens = tokens  # (input, output) per turn, as a model that reports usage

    def run(self, case: EvalCase, trial: int = 0) -> CaseRun:
        answer = self.answers[case.id][trial]
        return CaseRun(
            case_id=case.id,
            trial=trial,
            steps=[
                StepRecord(
                    kind="say",
                    user=case.user,
                    text=case.says[0].say,
                    answer=answer,
                    latency_ms=100.0,
                    input_tokens=self.tokens[0] if self.tokens else None,
                    output_tokens=self.tokens[1] if self.tokens else None,
                )
            ],
        )

    def close(self) -> None:
        pass


def _report(
    answers: dict[str, list[str]], repeat: int = 1, tokens: tuple[int, int] | None = None
) -> Report:
    cases = [_case(i, "kpi" if i == "b" else "shortages") for i in answers]
    results = run_cases(cases, ScriptedDriver(answers, tokens), repeat=repeat)
    return build_report(results, model="scripted", target=None, repeat=repeat)


def test_pass_hat_k_is_taus() -> None:
    assert pass_hat_k(3, 3, 3) == 1.0
    assert pass_hat_k(2, 3, 1) == 2 / 3
    assert pass_hat_k(2, 3, 2) == 1 / 3
    assert pass_hat_k(2, 3, 3) == 0.0


def test_json_report_has_rates_suites_and_case_reasons(tmp_path: Path) -> None:
    report = _report({"a": ["E-4410 short", "E-4410"], "b": ["nothing", "E-4410"]}, repeat=2)
    data = json.loads(write_json(report, tmp_path / "r.json").read_text())
    assert data["pass_rate"] == 0.5
    assert data["suites"]["core"]["pass_hat_k"] == {"1": 0.75, "2": 0.5}
    failed = next(c for c in data["cases"] if c["id"] == "b")
    assert failed["passed"] is False and failed["successes"] == 1
    facts = next(s for s in failed["scorers"] if s["name"] == "facts")
    assert "does not state 'E-4410'" in facts["reason"]
    assert read_json(tmp_path / "r.json").pass_rate == 0.5


def test_html_shows_charts_and_each_failure_with_its_conversation() -> None:
    page = render_html(_report({"a": ["E-4410"], "b": ["no idea <b>"]}))
    assert page.count("<svg") == 4 and "tokens" not in page  # the scripted model reports none
    for chart in ("by suite", "by persona", "by intent", "Median latency by intent"):
        assert f'aria-label="Pass rate {chart}"' in page or f'aria-label="{chart}"' in page
    assert "core/b" in page and "does not state" in page and "no idea &lt;b&gt;" in page
    assert "core/a —" not in page  # passing cases are not listed as failures


def test_junit_marks_failures() -> None:
    xml = junit_xml(_report({"a": ["E-4410"], "b": ["no"]}))
    assert (
        'tests="2" failures="1"' in xml and '<testcase classname="evals.core.kpi" name="b"' in xml
    )
    assert "<failure" in xml


def test_compare_names_what_got_better_and_worse() -> None:
    before = _report({"a": ["E-4410"], "b": ["no"]})
    after = _report({"a": ["no"], "b": ["E-4410"]})
    text = compare_reports(before, after).render()
    assert "better (1): b" in text and "worse (1): a" in text
    assert "a [facts] turn 1 does not state 'E-4410'" in text


def test_latency_and_token_use_per_case_when_the_model_reports_them(tmp_path: Path) -> None:
    report = _report({"a": ["E-4410"], "b": ["no"]}, tokens=(1200, 80))
    data = json.loads(write_json(report, tmp_path / "r.json").read_text())
    assert [(c["latency_ms"], c["tokens"]) for c in data["cases"]] == [(100.0, 1280)] * 2
    assert data["suites"]["core"]["tokens_per_case"] == 1280
    page = render_html(report)
    assert 'aria-label="Tokens per case by intent"' in page and "1200 in / 80 out tokens" in page


def test_the_in_process_driver_reads_token_use_from_the_models_messages() -> None:
    used = [
        AIMessage(
            "", usage_metadata={"input_tokens": 900, "output_tokens": 40, "total_tokens": 940}
        ),
        ToolMessage("{}", tool_call_id="c1"),
        AIMessage(
            "done", usage_metadata={"input_tokens": 1000, "output_tokens": 60, "total_tokens": 1060}
        ),
    ]
    assert token_use(used) == (1900, 100)
    assert token_use([AIMessage("offline: no usage")]) == (None, None)


def test_over_http_token_use_comes_from_the_thread_views_assistant_messages() -> None:
    messages = [
        {"role": "user", "content": "what is short?"},
        {"role": "assistant", "content": "", "usage": {"input_tokens": 700, "output_tokens": 30}},
        {"role": "tool", "content": "{}", "name": "shortages"},
        {
            "role": "assistant",
            "content": "E-4410",
            "usage": {"input_tokens": 800, "output_tokens": 50},
        },
    ]
    assert http_token_use(messages) == (1500, 80)
    assert http_token_use(messages[:1]) == (None, None)
