"""`lineside eval`: run eval suites in-process or against a deployment, report, compare."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cli.errors import user_error

if TYPE_CHECKING:
    from evals.cases import EvalCase
    from evals.runner import Driver, Report
    from evals.scorers import ScoreFn

eval_app = typer.Typer(help="Eval suites: run them against a model or a deployment, compare.")
console = Console()


def _cases(suites: list[str], case_ids: list[str]) -> list[EvalCase]:
    from evals.cases import CaseFileError, load_suite, suite_names

    names = suite_names() if suites == ["all"] else suites
    try:
        cases = [c for name in names for c in load_suite(name)]
    except CaseFileError as err:
        raise user_error(err) from None
    if case_ids:
        unknown = set(case_ids) - {c.id for c in cases}
        if unknown:
            raise user_error(f"no case {', '.join(sorted(unknown))} in suite(s) {', '.join(names)}")
        cases = [c for c in cases if c.id in case_ids]
    return cases


def _driver(model: str, target: str | None, token: str | None, tokens: Path | None) -> Driver:
    if target:
        from evals.http import HttpDriver, load_tokens

        try:
            table = load_tokens(tokens) if tokens else {}
        except ValueError as err:
            raise user_error(err) from None
        if not token and not table:
            raise user_error(
                "--target needs --token T or --tokens FILE (`lineside users tokens"
                " --json > tokens.json`)"
            )
        return HttpDriver(target, default_token=token, tokens=table)
    from evals.inprocess import InProcessDriver, ensure_template

    if model not in ("offline", "openai"):
        raise user_error(f"--model must be offline or openai, not {model!r}")
    console.print("[dim]preparing the demo template…[/dim]")
    try:
        return InProcessDriver(ensure_template(), model)  # type: ignore[arg-type]
    except ValueError as err:
        raise user_error(err) from None


def _summary(report: Report) -> None:
    table = Table(title=f"Eval results ({report.model})")
    for column in ("group", "cases", "passed", "pass rate", "policy", "p50 ms"):
        table.add_column(column, justify="left" if column == "group" else "right")
    for label, groups in (
        ("suite", report.suites),
        ("persona", report.by_persona),
        ("intent", report.by_intent),
    ):
        for name, g in groups.items():
            table.add_row(
                f"{label}: {name}",
                str(g.cases),
                str(g.passed),
                f"{g.pass_rate:.1%}",
                f"{g.policy_pass_rate:.1%}",
                f"{g.latency_ms_p50:.0f}",
            )
    console.print(table)
    for case in report.cases:
        if not case.passed:
            reasons = "; ".join(f"{s.name}: {s.reason}" for s in case.scorers if not s.passed)
            console.print(f"[red]✗ {case.id}[/red] {escape(reasons)}", highlight=False)
    console.print(f"pass rate {report.pass_rate:.1%} over {len(report.cases)} cases")


@eval_app.command("run")
def run_command(
    suite: Annotated[list[str], typer.Option(help="Suite name (repeatable) or 'all'.")] = ["core"],  # noqa: B006
    case: Annotated[list[str], typer.Option(help="Only this case id (repeatable).")] = [],  # noqa: B006
    model: Annotated[str, typer.Option(help="offline | openai (LINESIDE_LLM_*).")] = "offline",
    target: Annotated[str | None, typer.Option(help="Base URL of a deployed service.")] = None,
    token: Annotated[str | None, typer.Option(help="Bearer token for --target.")] = None,
    tokens: Annotated[
        Path | None, typer.Option(help="JSON of demo tokens by user, for --target.")
    ] = None,
    repeat: Annotated[int, typer.Option(min=1, max=20, help="Trials per case (pass^k).")] = 1,
    judge: Annotated[bool, typer.Option(help="Grade rubrics with the configured LLM.")] = False,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the JSON report.")] = None,
    html_out: Annotated[Path | None, typer.Option("--html", help="Write the HTML report.")] = None,
    junit_out: Annotated[Path | None, typer.Option("--junit", help="Write JUnit XML.")] = None,
    floor: Annotated[
        float | None, typer.Option(help="Exit 1 when the pass rate is below this (0..1).")
    ] = None,
) -> None:
    """Run suites case by case, each on a fresh copy of the demo, and report."""
    from rich.progress import Progress

    from evals.report_html import write_html
    from evals.report_json import write_json
    from evals.report_junit import write_junit
    from evals.runner import build_report, run_cases

    cases = _cases(suite, case)
    if target:
        # A deployment keeps what an approval executed: those cases go last, so the others see
        # the demo as it was loaded, as they do in-process.
        cases = sorted(cases, key=lambda c: c.approves)
    driver = _driver(model, target, token, tokens)
    extra: tuple[ScoreFn, ...] = ()
    if judge:
        from domain.settings import get_settings
        from evals.scorers.judge import LlmJudge

        settings = get_settings().llm
        if not settings.configured:
            raise user_error("--judge needs LINESIDE_LLM_BASE_URL and LINESIDE_LLM_MODEL")
        extra = (LlmJudge(settings),)
    try:
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("cases", total=len(cases) * repeat)
            results = run_cases(
                cases,
                driver,
                repeat=repeat,
                extra_scorers=extra,
                on_trial=lambda c, t: progress.advance(task),
            )
    finally:
        driver.close()
    report = build_report(
        results, model=target and "deployment" or model, target=target, repeat=repeat
    )
    _summary(report)
    for path, writer in ((json_out, write_json), (html_out, write_html), (junit_out, write_junit)):
        if path is not None:
            console.print(f"wrote {writer(report, path)}")
    if floor is not None and report.pass_rate < floor:
        console.print(f"[red]pass rate {report.pass_rate:.1%} is below the floor {floor:.1%}[/red]")
        raise typer.Exit(code=1)


@eval_app.command("compare")
def compare_command(
    before: Annotated[Path, typer.Argument(help="The older JSON report.")],
    after: Annotated[Path, typer.Argument(help="The newer JSON report.")],
) -> None:
    """What got better and what got worse between two JSON reports."""
    from pydantic import ValidationError

    from evals.compare import compare_reports
    from evals.report_json import read_json

    try:
        diff = compare_reports(read_json(before), read_json(after))
    except (OSError, ValidationError) as err:
        raise user_error(f"cannot read the reports: {err}") from None
    console.print(diff.render(), markup=False, highlight=False)


@eval_app.command("list")
def list_command(
    suite: Annotated[list[str], typer.Option(help="Suite name or 'all'.")] = ["all"],  # noqa: B006
) -> None:
    """The cases of a suite: id, persona, intent and title."""
    for case in _cases(suite, []):
        typer.echo(f"{case.suite}/{case.id}\t{case.persona}\t{case.intent}\t{case.title}")


@eval_app.command("schema")
def schema_command(
    out: Annotated[Path | None, typer.Option(help="Write it here instead of stdout.")] = None,
) -> None:
    """The JSON Schema of a case file."""
    import json

    from evals.cases import case_json_schema, write_json_schema

    if out is None:
        typer.echo(json.dumps(case_json_schema(), indent=2))
    else:
        typer.echo(f"wrote {write_json_schema(out)}")
