"""Trajectory match: the tool calls of each turn against the case's, with openevals' evaluators."""

from __future__ import annotations

import json
from typing import Any

from openevals.trajectory.match import create_trajectory_match_evaluator

from evals.cases import EvalCase, Say, ToolCallSpec, TrajectorySpec
from evals.scorers.base import ScoreResult, verdict
from evals.transcript import CaseRun, StepRecord

NAME = "trajectory"


def args_match(spec: ToolCallSpec, args: dict[str, Any]) -> bool:
    return all(m.accepts(key in args, args.get(key)) for key, m in spec.args.items())


def _messages(calls: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """One assistant message per call, so `strict` also checks the order."""
    return [{"role": "user", "content": "turn"}] + [
        {
            "role": "assistant",
            "content": "",
            "tool_calls": [
                {
                    "id": f"c{i}",
                    "type": "function",
                    "function": {"name": name, "arguments": json.dumps(args, default=str)},
                }
            ],
        }
        for i, (name, args) in enumerate(calls)
    ]


def match_turn(spec: TrajectorySpec, step: StepRecord) -> list[str]:
    """The problems of one turn's tool calls; empty when they match."""
    problems = []
    actual = [(c.name, c.args) for c in step.tool_calls]
    called = [name for name, _ in actual]
    for name in spec.forbidden:
        if name in called:
            problems.append(f"called forbidden tool {name}")
    if spec.calls or spec.mode in ("strict", "unordered", "subset"):
        specs = spec.calls

        def matcher(out_args: dict[str, Any], ref_args: dict[str, Any]) -> bool:
            return args_match(specs[int(ref_args["__spec__"])], out_args)

        evaluator = create_trajectory_match_evaluator(
            trajectory_match_mode=spec.mode,
            tool_args_match_mode="exact",
            tool_args_match_overrides={s.name: matcher for s in specs},
        )
        reference = [(s.name, {"__spec__": i}) for i, s in enumerate(specs)]
        result = evaluator(outputs=_messages(actual), reference_outputs=_messages(reference))
        if isinstance(result, list) or not result["score"]:
            problems.append(
                f"{spec.mode} match failed: expected {_show_specs(specs)}, "
                f"got {_show_calls(actual)}"
            )
    return problems


def _show_specs(specs: list[ToolCallSpec]) -> str:
    return (
        "["
        + ", ".join(
            s.name
            + (
                "(" + ", ".join(f"{k}={_show_matcher(v)}" for k, v in s.args.items()) + ")"
                if s.args
                else ""
            )
            for s in specs
        )
        + "]"
    )


def _show_matcher(m: Any) -> str:
    for field in ("equals", "any_of", "contains", "matches", "approx"):
        value = getattr(m, field)
        if value is not None:
            return repr(value) if field == "equals" else f"{field}:{value!r}"
    return "absent"


def _show_calls(calls: list[tuple[str, dict[str, Any]]]) -> str:
    return (
        "[" + ", ".join(f"{n}({json.dumps(a, default=str)})" for n, a in calls) + "]"
        if calls
        else "no tool calls"
    )


def score_trajectory(case: EvalCase, run: CaseRun) -> ScoreResult:
    checked = 0
    problems: list[str] = []
    for index, (step, record) in enumerate(zip(case.steps, run.steps, strict=False)):
        if not isinstance(step, Say) or step.expect.trajectory is None:
            continue
        checked += 1
        problems += [f"turn {index + 1}: {p}" for p in match_turn(step.expect.trajectory, record)]
    if not checked:
        return ScoreResult.skip(NAME, "no trajectory expected")
    if len(run.steps) < len(case.steps):
        problems.append(f"the run stopped after {len(run.steps)} of {len(case.steps)} steps")
    return verdict(NAME, problems, f"tool calls matched in {checked} turn(s)")
