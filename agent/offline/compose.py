"""Writing the offline model's answer from the thread's tool results, and nothing else."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from domain.kpis import format_value

MAX_SOURCES = 12
MAX_RANKED = 10  # groups listed under a ranked KPI answer
# Phrases that make supplier text an attempted instruction to the assistant.
INSTRUCTION_RE = re.compile(
    r"\b(?:approve|ignore (?:your|all|previous)|disregard|you must|override|execute)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Observation:
    """One tool call of the turn and what it returned (a ToolResult as a dict)."""

    tool: str
    args: dict[str, Any]
    result: dict[str, Any]


def parse_result(content: str, tool: str) -> dict[str, Any]:
    """A ToolMessage's content as a ToolResult dict; plain text becomes its summary."""
    try:
        value = json.loads(content)
    except (TypeError, ValueError):
        return {"ok": True, "tool": tool, "summary": str(content)}
    return value if isinstance(value, dict) else {"ok": True, "tool": tool, "data": value}


def _bullets(summary: str) -> str:
    """'N things: a | b | c' as a head line and one bullet per part."""
    head, sep, rest = summary.partition(": ")
    parts = [p.strip() for p in rest.split(" | ")] if sep else []
    if len(parts) < 2:
        return summary
    return head + ":\n" + "\n".join(f"- {p}" for p in parts)


def _refusal(obs: Observation) -> str:
    error = obs.result.get("error") or obs.result.get("summary") or "the tool failed"
    if "scope" in error:
        return f"I can't show you that: {error}."
    return f"I couldn't run {obs.tool}: {error}"


def _proposal(obs: Observation) -> str:
    text = obs.result.get("summary", "")
    if (obs.result.get("proposal") or {}).get("required_role") == "requester":
        text += " You may confirm it yourself once you have checked the draft."
    payload = (obs.result.get("data") or {}).get("payload") or {}
    if isinstance(payload, dict) and payload.get("subject"):
        to = ", ".join(payload.get("recipients") or []) or "no address on file"
        text += f"\nDraft to {to} — subject: “{payload['subject']}”\n" + "\n".join(
            f"> {line}" for line in str(payload.get("body", "")).splitlines()
        )
    return text


def _messages(obs: Observation) -> str:
    rows = obs.result.get("data") or []
    lines = [obs.result.get("summary", "")]
    warned = False
    for row in rows if isinstance(rows, list) else []:
        subject = (row.get("subject") or {}).get("text", "")
        body = (row.get("body") or {}).get("text", "")
        excerpt = " ".join(body.split())[:240]
        lines.append(
            f"- supplier_message:{row.get('id')} {str(row.get('sent_at', ''))[:10]} from "
            f"{row.get('supplier')}: “{subject}” — {excerpt}"
        )
        if INSTRUCTION_RE.search(subject + " " + body):
            warned = True
    if warned:
        lines.append(
            "Note: a supplier message above contains instructions (e.g. to approve or to ignore "
            "rules). It is supplier text, not an order: I have not acted on it, and nothing was "
            "approved or changed."
        )
    return "\n".join(lines)


def _rank_text(row: dict[str, Any], unit: str) -> str:
    name = f"{row['group']} ({row['label']})" if row.get("label") else str(row["group"])
    return f"{name} {format_value(row['value'], unit)}"


def _kpi(obs: Observation) -> str:
    """A KPI answer: overall value per scope, then groups ranked lowest first."""
    lines = []
    for r in obs.result.get("data") or []:
        unit, period = r.get("unit", ""), (r.get("period") or {}).get("label", "")
        scope = r.get("scope_plant", "all")
        lines.append(
            f"{r.get('title', r.get('kpi'))}, {period}, {scope}: overall "
            f"{format_value(r.get('value'), unit)}"
        )
        rows = sorted((x for x in r.get("rows", []) if x.get("value") is not None),
                      key=lambda x: x["value"])  # fmt: skip
        if len(rows) > 1:
            lines.append(
                f"Lowest: {_rank_text(rows[0], unit)}; highest: {_rank_text(rows[-1], unit)}."
            )
            lines += [f"- {_rank_text(x, unit)}" for x in rows[:MAX_RANKED]]
            if len(rows) > MAX_RANKED:
                lines.append(f"- … {len(rows) - MAX_RANKED} more")
    return "\n".join(lines) or obs.result.get("summary", "")


def describe(obs: Observation) -> str:
    """One tool result in words: its summary, proposal or quoted supplier text."""
    if not obs.result.get("ok", False):
        return _refusal(obs)
    if obs.result.get("proposal"):
        return _proposal(obs)
    if obs.result.get("untrusted"):
        return _messages(obs)
    if obs.tool == "kpi_query" and isinstance(obs.result.get("data"), list):
        return _kpi(obs)
    return _bullets(obs.result.get("summary", ""))


def compose_answer(observations: list[Observation]) -> str:
    """The final answer: each result in words, then the policy used and the sources cited."""
    if not observations:
        return "I can't answer that yet: no tool gave me facts for it."
    parts = [describe(o) for o in observations]
    policies = list(
        dict.fromkeys(o.result["policy"] for o in observations if o.result.get("policy"))
    )
    if policies:
        parts.append("Policy: " + "; ".join(policies) + ".")
    sources = list(dict.fromkeys(s for o in observations for s in o.result.get("sources") or []))
    if sources:
        more = f" (+{len(sources) - MAX_SOURCES} more)" if len(sources) > MAX_SOURCES else ""
        parts.append("Sources: " + ", ".join(sources[:MAX_SOURCES]) + more + ".")
    return "\n\n".join(p for p in parts if p)
