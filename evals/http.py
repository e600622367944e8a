"""Runs a case against a deployed Lineside service over HTTP: threads, runs and proposals.

A deployment keeps its state between cases, so a case's proposals are the ones raised on its
own threads, and the domain tables cannot be diffed (the policy scorer says so).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import httpx

from evals.cases import Decide, EvalCase, Say
from evals.transcript import CaseRun, ProposalRecord, StepRecord, ToolCallRecord

TIMEOUT_S = 120.0


def load_tokens(path: Path) -> dict[str, str]:
    """Demo tokens by username, from `lineside users tokens --json` (a mapping or a list)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ValueError(f"cannot read tokens from {path}: {err}") from err
    if isinstance(raw, dict) and all(isinstance(v, str) for v in raw.values()):
        return dict(raw)
    rows = raw.get("tokens", raw) if isinstance(raw, dict) else raw
    tokens = {}
    for row in rows if isinstance(rows, list) else []:
        user = row.get("username") or row.get("user")
        token = row.get("token") or row.get("access_token")
        if user and token:
            tokens[str(user)] = str(token)
    if not tokens:
        raise ValueError(f"{path} holds no tokens (expected username -> token)")
    return tokens


def _tool_records(messages: list[dict[str, Any]]) -> list[ToolCallRecord]:
    """Pair each assistant tool call with the tool message that answered it, in order."""
    records: list[ToolCallRecord] = []
    waiting: list[ToolCallRecord] = []
    for message in messages:
        if message.get("role") == "assistant":
            for call in message.get("tool_calls") or []:
                function = call.get("function") or {}
                args = call.get("args", function.get("arguments", {}))
                if isinstance(args, str):
                    args = json.loads(args or "{}")
                record = ToolCallRecord(
                    name=call.get("name") or function.get("name", "?"), args=dict(args)
                )
                records.append(record)
                waiting.append(record)
        elif message.get("role") == "tool":
            match = next((r for r in waiting if r.name == message.get("name")), None)
            match = match or (waiting[0] if waiting else None)
            if match is not None:
                waiting.remove(match)
                match.result = str(message.get("content", ""))
                try:
                    match.ok = bool(json.loads(match.result).get("ok"))
                except (ValueError, AttributeError):
                    match.ok = None
    return records


def token_use(messages: list[dict[str, Any]]) -> tuple[int | None, int | None]:
    """The turn's input and output tokens, from the assistant messages that report usage."""
    used = [m["usage"] for m in messages if m.get("role") == "assistant" and m.get("usage")]
    if not used:
        return None, None
    return sum(u.get("input_tokens", 0) for u in used), sum(u.get("output_tokens", 0) for u in used)


class HttpDriver:
    """Each user of a case talks in a thread of their own on the deployment."""

    def __init__(
        self,
        base_url: str,
        *,
        default_token: str | None = None,
        tokens: dict[str, str] | None = None,
        client: httpx.Client | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.default_token = default_token
        self.tokens = tokens or {}
        self.client = client or httpx.Client(base_url=self.base_url, timeout=TIMEOUT_S)

    def close(self) -> None:
        self.client.close()

    def _headers(self, user: str) -> dict[str, str]:
        token = self.tokens.get(user) or self.default_token
        if not token:
            raise ValueError(f"no token for {user}; pass --tokens with one per demo user")
        return {"Authorization": f"Bearer {token}"}

    def _call(self, method: str, path: str, user: str, **kwargs: Any) -> httpx.Response:
        for _ in range(30):  # a busy thread answers 409 with Retry-After
            response = self.client.request(method, path, headers=self._headers(user), **kwargs)
            if response.status_code != 409:
                return response
            time.sleep(float(response.headers.get("Retry-After", "1")))
        return response

    def run(self, case: EvalCase, trial: int = 0) -> CaseRun:
        run = CaseRun(case_id=case.id, trial=trial)
        threads: dict[str, str] = {}
        seen_messages: dict[str, int] = {}
        known: set[str] = set()
        try:
            for step in case.steps:
                if isinstance(step, Say):
                    user = step.as_user or case.user
                    if user not in threads:
                        threads[user] = self._thread(user, case.id, trial)
                        seen_messages[user] = 0
                    record = self._say(user, threads[user], step.say, seen_messages)
                else:
                    record = self._decide(step, known)
                current = {p.id for p in self._proposals(threads)}
                record.proposals_created = sorted(current - known)
                known |= current
                run.steps.append(record)
        except (httpx.HTTPError, ValueError) as err:
            run.error = f"{type(err).__name__}: {err}"
        run.proposals = self._proposals(threads)
        calls = [c for s in run.steps for c in s.tool_calls]
        run.tool_results_visible = all(c.result for c in calls)
        return run

    def _thread(self, user: str, case_id: str, trial: int) -> str:
        response = self._call(
            "POST",
            "/v1/threads",
            user,
            json={"metadata": {"eval_case": case_id, "trial": str(trial)}},
        )
        response.raise_for_status()
        return str(response.json()["thread_id"])

    def _say(self, user: str, thread: str, text: str, seen: dict[str, int]) -> StepRecord:
        started = time.perf_counter()
        body = {"input": {"messages": [{"role": "user", "content": text}]}}
        response = self._call("POST", f"/v1/threads/{thread}/runs/wait", user, json=body)
        latency = (time.perf_counter() - started) * 1000
        record = StepRecord(kind="say", user=user, text=text, latency_ms=latency)
        if response.status_code >= 400:
            record.error = f"HTTP {response.status_code}: {response.text[:300]}"
            return record
        result = response.json()
        record.answer = str(result.get("answer", ""))
        record.interrupted = bool(result.get("interrupted"))
        view = self._call("GET", f"/v1/threads/{thread}", user)
        view.raise_for_status()
        messages = view.json().get("messages", [])
        record.tool_calls = _tool_records(messages[seen[user] :])
        record.input_tokens, record.output_tokens = token_use(messages[seen[user] :])
        seen[user] = len(messages)
        if not record.tool_calls:  # the thread view may hide tool messages: keep the calls
            record.tool_calls = [
                ToolCallRecord(name=c["name"], args=c.get("args", {}))
                for c in result.get("tool_calls", [])
            ]
        return record

    def _decide(self, step: Decide, known: set[str]) -> StepRecord:
        proposal = step.proposal if step.proposal != "latest" else max(known, default=None)
        record = StepRecord(
            kind="decide", user=step.as_user, text=f"{step.decide} {proposal or '(none)'}"
        )
        if proposal is None:
            record.error = "no proposal to decide: the conversation raised none"
            return record
        started = time.perf_counter()
        response = self._call(
            "POST",
            f"/v1/proposals/{proposal}/{step.decide}",
            step.as_user,
            json={"comment": step.comment},
        )
        record.latency_ms = (time.perf_counter() - started) * 1000
        if response.status_code >= 400:
            try:
                record.error = str(response.json().get("detail") or response.text)
            except ValueError:
                record.error = response.text[:300]
        else:
            record.answer = str(response.json().get("thread_report") or "")
        return record

    def _proposals(self, threads: dict[str, str]) -> list[ProposalRecord]:
        """The proposals raised on this case's threads, as their owners see them."""
        found: dict[str, ProposalRecord] = {}
        ours = set(threads.values())
        for user in threads:
            response = self._call("GET", "/v1/proposals", user)  # no status: every status
            if response.status_code >= 400:
                continue
            for p in response.json():
                if p.get("thread_id") in ours:
                    found[p["id"]] = ProposalRecord(
                        id=p["id"],
                        kind=p["kind"],
                        status=p["status"],
                        required_role=p["required_role"],
                        requested_by=p["requested_by"],
                        plant_code=p["plant_code"],
                        cost=float(p["cost"]),
                        decided_by=p.get("decided_by"),
                        executed=p.get("executed_at") is not None,
                        thread_id=p.get("thread_id"),
                    )
        return [found[k] for k in sorted(found)]
