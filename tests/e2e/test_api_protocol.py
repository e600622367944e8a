"""Over real HTTP: SSE run events in order, Idempotency-Key semantics, sign-in and scope by role."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from agent.runner import thread_lock
from tests.support.agent import count
from tests.support.server import Server, serve

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


def _ask(message: str) -> dict[str, Any]:
    return {"input": {"messages": [{"role": "user", "content": message}]}}


def _events(response: httpx.Response) -> list[tuple[str, dict[str, Any]]]:
    """(event, data) pairs of an SSE body, keep-alive comments skipped."""
    found: list[tuple[str, dict[str, Any]]] = []
    event = ""
    for line in response.iter_lines():
        if line.startswith("event: "):
            event = line[len("event: ") :]
        elif line.startswith("data: "):
            found.append((event, json.loads(line[len("data: ") :])))
    return found


def _thread(client: httpx.Client) -> str:
    created = client.post("/v1/threads", json={})
    assert created.status_code == 201, created.text
    return str(created.json()["thread_id"])


def _stream_checks(server: Server, db: Engine) -> None:
    with server.client("dana.kim") as dana:
        tid = _thread(dana)
        with dana.stream(
            "POST", f"/v1/threads/{tid}/runs/stream", json=_ask("air-expedite the 600 on PO-7781")
        ) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            events = _events(response)
        names = [e for e, _ in events]
        assert names[0] == "run_started" and names[-1] == "done"
        starts = [i for i, n in enumerate(names) if n == "tool_start"]
        ends = [i for i, n in enumerate(names) if n == "tool_end"]
        assert starts and len(starts) == len(ends)
        assert all(s < e for s, e in zip(starts, ends, strict=True))
        proposal = names.index("proposal_created")
        assert starts[0] < proposal < names.index("answer") < names.index("done")
        created = dict(events)["proposal_created"]
        assert created["kind"] == "expedite_po" and created["status"] == "pending"
        assert dict(events)["done"]["interrupted"] is True
        # The answer text streams word by word before the run ends; the pieces join to it.
        deltas = [i for i, n in enumerate(names) if n == "answer_delta"]
        assert len(deltas) >= 5 and proposal < deltas[0] and deltas[-1] < names.index("answer")
        told = "".join(events[i][1]["text"] for i in deltas)
        assert told == dict(events)["answer"]["text"] == dict(events)["done"]["answer"]

        # While a turn holds the thread (here: its lock, held by this test), runs are refused.
        with thread_lock(db, tid, wait_s=0):
            for path in ("runs/wait", "runs/stream"):
                busy = dana.post(f"/v1/threads/{tid}/{path}", json=_ask("thanks"))
                assert busy.status_code == 409, path
                assert int(busy.headers["retry-after"]) >= 1
                assert busy.headers["content-type"] == "application/problem+json"
            assert dana.get(f"/v1/threads/{tid}").json()["status"] == "busy"
        assert dana.get(f"/v1/threads/{tid}").json()["status"] == "interrupted"

        raw = dana.post(
            "/v1/chat/completions",
            json={
                "messages": [{"role": "user", "content": "what will stop SEAT1 this week?"}],
                "stream": True,
            },
        )
        assert raw.text.rstrip().endswith("data: [DONE]")


def _idempotency_checks(server: Server, db: Engine) -> None:
    with server.client("dana.kim") as dana:
        tid = _thread(dana)
        body = _ask("air-expedite the 600 on PO-7781")
        headers = {"Idempotency-Key": "expedite-7781-once"}
        first = dana.post(f"/v1/threads/{tid}/runs/wait", json=body, headers=headers)
        assert first.status_code == 200, first.text
        proposals = count(db, "SELECT count(*) FROM governance.action_proposal")
        again = dana.post(f"/v1/threads/{tid}/runs/wait", json=body, headers=headers)
        assert again.status_code == 200 and again.json() == first.json()
        assert again.headers["idempotent-replayed"] == "true"
        assert count(db, "SELECT count(*) FROM governance.action_proposal") == proposals
        other = dana.post(f"/v1/threads/{tid}/runs/wait", json=_ask("thanks"), headers=headers)
        assert other.status_code == 422 and "Idempotency-Key" in other.json()["title"]
        # Keys are per user: the same key from someone else is a new request.
        with server.client("luis.ortega") as luis:
            assert luis.post("/v1/threads", json={}, headers=headers).status_code == 201

        pid = first.json()["proposals"][0]["id"]
        with server.client("priya.nair") as priya:
            decide = {"Idempotency-Key": "approve-once"}
            results: list[httpx.Response] = []

            def approve() -> None:
                results.append(priya.post(f"/v1/proposals/{pid}/approve", json={}, headers=decide))

            both = [threading.Thread(target=approve) for _ in range(2)]
            for t in both:
                t.start()
            for t in both:
                t.join(timeout=120)
            codes = sorted(r.status_code for r in results)
            # One approves; the other was in flight at the same time (409) or got the replay.
            assert codes in ([200, 200], [200, 409]), [r.text for r in results]
            executed = [r for r in results if r.status_code == 200]
            assert all(r.json()["proposal"]["status"] == "executed" for r in executed)
        decisions = count(
            db, "SELECT count(*) FROM governance.proposal_decision WHERE proposal_id = :p", p=pid
        )
        assert decisions == 1


def test_streamed_runs_and_idempotent_posts(demo_db: Engine, tmp_path: Path) -> None:
    with serve(demo_db, tmp_path, "--workers", "2") as server:
        started = time.perf_counter()
        _idempotency_checks(server, demo_db)
        print(f"idempotency checks {time.perf_counter() - started:.1f} s")
        _stream_checks(server, demo_db)
        print(f"then stream checks {time.perf_counter() - started:.1f} s")


ROLE_CASES = [
    # (user, method, path, params, status): who may, who may not, who is out of scope
    ("dana.kim", "GET", "/v1/material/shortages", {"plant": "LKS"}, 200),
    ("sam.okafor", "GET", "/v1/material/shortages", {"plant": "LKS"}, 403),
    ("sam.okafor", "GET", "/v1/material/shortages", {"plant": "SAL"}, 200),
    ("morgan.lee", "GET", "/v1/material/shortages", {"plant": "GYR"}, 200),
    ("dana.kim", "GET", "/v1/audit", {}, 403),
    ("eve.tester", "GET", "/v1/audit", {}, 200),
    ("dana.kim", "GET", "/v1/schedule/resequence", {"line": "LKS-SEAT1"}, 403),
    ("sam.okafor", "GET", "/v1/purchase-orders/PO-7781", {}, 403),
    ("eve.tester", "GET", "/v1/risk/top", {"plant": "LKS"}, 200),
    ("luis.ortega", "GET", "/v1/audit/verify", {}, 403),
]


def test_sign_in_roles_and_plant_scope(demo_db: Engine, tmp_path: Path) -> None:
    with serve(demo_db, tmp_path) as server, httpx.Client(base_url=server.base_url) as anon:
        assert anon.get("/healthz").status_code == 200
        for path in ("/readyz", "/v1/proposals", "/v1/models", "/metrics"):
            assert anon.get(path).status_code == 401, path
        junk = anon.get("/v1/proposals", headers={"Authorization": "Bearer junk"})
        assert junk.status_code == 401
        got = []
        for user, method, path, params, _ in ROLE_CASES:
            answer = anon.request(method, path, params=params, headers=server.headers(user))
            got.append((user, path, answer.status_code))
            if answer.status_code == 403:
                assert answer.headers["content-type"] == "application/problem+json"
        assert got == [(u, p, s) for u, _, p, _, s in ROLE_CASES]
        # A proposal at LKS is invisible to the SAL buyer and undecidable by the planner.
        with server.client("dana.kim") as dana:
            tid = _thread(dana)
            run = dana.post(
                f"/v1/threads/{tid}/runs/wait", json=_ask("air-expedite the 600 on PO-7781")
            )
            pid = run.json()["proposals"][0]["id"]
            assert (
                dana.get(f"/v1/threads/{tid}", headers=server.headers("sam.okafor")).status_code
                == 404
            )
        sam = anon.get(f"/v1/proposals/{pid}", headers=server.headers("sam.okafor"))
        assert sam.status_code == 403 and sam.json()["type"].endswith("/out-of-scope")
        luis = anon.post(
            f"/v1/proposals/{pid}/approve", json={}, headers=server.headers("luis.ortega")
        )
        assert luis.status_code == 403 and "the plant manager" in luis.json()["detail"]
        ready = anon.get("/readyz", headers=server.headers("eve.tester"))
        assert ready.status_code == 200 and ready.json()["checks"]["migrations"]["ok"]
        metrics = anon.get("/metrics", headers=server.headers("eve.tester")).text
        assert 'lineside_proposals{status="pending"} 1.0' in metrics
        assert "lineside_http_requests_total" in metrics
        assert "lineside_tool_calls" in metrics and "lineside_model_latency_seconds" in metrics
