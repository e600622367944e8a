"""Over real HTTP: a buyer's thread raises an expedite, the plant manager approves, the thread
reports it; a server restart in the middle of a pending approval loses nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.support.server import serve

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


def _ask(message: str) -> dict[str, object]:
    return {"input": {"messages": [{"role": "user", "content": message}]}}


def test_buyer_proposes_approver_decides_across_a_restart(demo_db: Engine, tmp_path: Path) -> None:
    with serve(demo_db, tmp_path) as server, server.client("dana.kim") as dana:
        thread = dana.post("/v1/threads", json={"metadata": {"topic": "E-4410"}})
        assert thread.status_code == 201, thread.text
        tid = thread.json()["thread_id"]
        risky = dana.post(f"/v1/threads/{tid}/runs/wait", json=_ask("why is PO-7781 risky?"))
        assert risky.status_code == 200 and "PO-7781" in risky.json()["answer"]
        run = dana.post(
            f"/v1/threads/{tid}/runs/wait", json=_ask("air-expedite the 600 on PO-7781")
        )
        assert run.status_code == 200, run.text
        body = run.json()
        assert body["interrupted"] and body["status"] == "interrupted"
        pid = body["proposals"][0]["id"]
        assert dana.get(f"/v1/threads/{tid}").json()["pending_approvals"][0]["proposal_id"] == pid
        own = dana.post(f"/v1/proposals/{pid}/approve", json={"comment": "mine"})
        assert own.status_code == 403 and "Four-eyes" in own.json()["detail"]

    # The server goes away with the approval pending; a new one finds everything.
    with serve(demo_db, tmp_path) as server, server.client("priya.nair") as priya:
        waiting = priya.get("/v1/proposals", params={"awaiting": "me"})
        assert [p["id"] for p in waiting.json()] == [pid]
        detail = priya.get(f"/v1/proposals/{pid}").json()
        assert detail["cost"] == 6800 and detail["required_role"] == "plant_manager"
        assert detail["audit_ids"], "the proposal's audit records are referenced"
        decided = priya.post(f"/v1/proposals/{pid}/approve", json={"comment": "ok, air it"})
        assert decided.status_code == 200, decided.text
        assert decided.json()["proposal"]["status"] == "executed"
        assert pid in (decided.json()["thread_report"] or "")
        with server.client("dana.kim") as dana:
            view = dana.get(f"/v1/threads/{tid}").json()
        assert view["status"] == "idle" and view["pending_approvals"] == []
        assert any(pid in m["content"] and "approved" in m["content"] for m in view["messages"])
        again = priya.post(f"/v1/proposals/{pid}/approve", json={})
        assert again.status_code == 409
