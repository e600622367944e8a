"""Turns on one thread run one at a time across processes (an advisory lock per thread id)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from sqlalchemy import Engine, text

from agent.runner import Agent, ThreadBusy, TurnResult, run_turn, thread_lock
from governance.identity import get_actor
from tests.support.agent import ask

pytestmark = pytest.mark.integration

QUESTIONS = ("why is PO-7781 risky?", "what will stop SEAT1 this week?")


def _in_thread(work: Callable[[], TurnResult]) -> tuple[threading.Thread, dict[str, Any]]:
    out: dict[str, Any] = {}

    def target() -> None:
        try:
            out["result"] = work()
        except BaseException as error:  # handed back to the test thread
            out["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    return thread, out


def _waiting_for_advisory_lock(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        )).scalar_one())  # fmt: skip


def _advisory_holders(engine: Engine) -> list[int]:
    """The backends (pids) holding an advisory lock on this database now."""
    with engine.connect() as conn:
        return list(conn.execute(text(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        )).scalars())  # fmt: skip


def _turns(messages: list[BaseMessage]) -> list[tuple[str, str]]:
    """Each user message with the final answer given before the next user message."""
    turns: list[tuple[str, str]] = []
    for m in messages:
        if isinstance(m, HumanMessage):
            turns.append((str(m.content), ""))
        elif isinstance(m, AIMessage) and not m.tool_calls and m.content and turns:
            turns[-1] = (turns[-1][0], str(m.content))
    return turns


def test_different_threads_take_their_locks_while_another_is_held(demo_db: Engine) -> None:
    with thread_lock(demo_db, "t-first"):
        with thread_lock(demo_db, "t-second", wait_s=0):
            pass  # a second thread id is not blocked by the first
        with pytest.raises(ThreadBusy, match="t-first"), thread_lock(demo_db, "t-first", wait_s=0):
            pass
    with thread_lock(demo_db, "t-first", wait_s=0):
        pass  # released when the holder left


def test_turn_after_turn_takes_the_lock_on_one_kept_connection_and_leaves_none_held(
    demo_db: Engine,
) -> None:
    holders = []
    for thread_id in ("t-one", "t-two", "t-one"):
        with thread_lock(demo_db, thread_id):
            holders += _advisory_holders(demo_db)
        assert _advisory_holders(demo_db) == []  # released as the turn leaves
    assert len(holders) == 3 and len(set(holders)) == 1  # the same pooled session each time
    first, second = thread_lock(demo_db, "t-one", wait_s=0), thread_lock(demo_db, "t-one", wait_s=0)
    with pytest.raises(ThreadBusy), first, second:
        pass  # the same thread from a second turn: another session, refused
    assert _advisory_holders(demo_db) == []  # a refused turn leaves nothing held either


def test_a_turn_waits_for_the_thread_lock_and_then_runs(agent: Agent) -> None:
    dana = get_actor(agent.engine, "dana.kim")
    with thread_lock(agent.engine, "t-held"):
        thread, out = _in_thread(
            lambda: run_turn(agent.engine, dana, "api", "t-held", QUESTIONS[0], agent=agent)
        )
        for _ in range(2000):  # until the turn sits on the lock (no timing assertion)
            if _waiting_for_advisory_lock(agent.engine) or not thread.is_alive():
                break
            thread.join(0.005)
        assert _waiting_for_advisory_lock(agent.engine) == 1
        assert agent.state("t-held").get("messages", []) == []  # nothing ran under the lock
    thread.join()
    assert "error" not in out, out.get("error")
    assert out["result"].tool_calls == [
        {"name": "explain_po_risk", "args": {"po_number": "PO-7781"}}
    ]


def test_two_workers_sending_to_one_thread_at_once_take_turns(demo_db: Engine) -> None:
    workers = [Agent(demo_db), Agent(demo_db)]  # two API workers: own checkpoint pools
    try:
        dana = get_actor(demo_db, "dana.kim")
        start = threading.Barrier(2)

        def send(worker: Agent, message: str) -> TurnResult:
            start.wait()
            return run_turn(demo_db, dana, "api", "t-race", message, agent=worker)

        running = [
            _in_thread(lambda w=w, q=q: send(w, q)) for w, q in zip(workers, QUESTIONS, strict=True)
        ]
        for thread, _ in running:
            thread.join()
        results = [out.get("result") or pytest.fail(str(out.get("error"))) for _, out in running]
        assert all(r.answer for r in results)

        turns = _turns(workers[0].state("t-race")["messages"])
        assert sorted(q for q, _ in turns) == sorted(QUESTIONS)  # none lost
        by_question = dict(turns)
        assert all(by_question[q] for q in QUESTIONS)  # each followed by its own answer
        for result, question in zip(results, QUESTIONS, strict=True):
            assert by_question[question] == result.answer
        assert "PO-7781" in by_question[QUESTIONS[0]]
        assert "E-4410" in by_question[QUESTIONS[1]]
        # The thread goes on normally after the race.
        assert ask(workers[1], "dana.kim", "move it to Thursday", "t-race").answer
    finally:
        for worker in workers:
            worker.close()


def test_an_engine_dropped_without_dispose_leaves_no_lock_connection_open(demo_db: Engine) -> None:
    import gc

    from sqlalchemy import create_engine

    from agent.runner import _lock_pool

    engine = create_engine(demo_db.url)
    with thread_lock(engine, "t-dropped", wait_s=0):
        pass
    pool = _lock_pool(engine)
    assert not pool.closed
    del engine
    gc.collect()
    assert pool.closed
