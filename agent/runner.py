"""The service the CLI, API and bots call to run a turn (decisions: agent.decisions)."""

from __future__ import annotations

import json
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, cast

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.runnables import RunnableConfig
from langgraph.types import Command, StateSnapshot, StreamMode
from psycopg.errors import LockNotAvailable
from psycopg_pool import ConnectionPool, PoolTimeout
from sqlalchemy import Engine, event

from agent.answer_stream import AnswerStream
from agent.checkpoints import libpq_conninfo, open_checkpointer
from agent.context import AgentContext
from agent.graph import Graph, build_graph
from agent.models import bind_catalogue, chat_model, model_name
from agent.state import REPORTED_KEY, CalledTool, ProposalNote
from domain.clock import as_of
from domain.settings import Settings, get_settings
from governance.identity import Actor
from governance.proposals import get_proposal
from tools.registry import openai_tool_schemas

EventSink = Callable[[dict[str, Any]], None]
RECURSION_LIMIT = 40  # model/tool rounds in one turn before the run is stopped
THREAD_LOCK_WAIT_S = 300.0  # how long a turn waits for the thread's previous turn to finish
# One 64-bit advisory key per thread id; the prefix keeps it apart from other advisory locks.
_THREAD_KEY = "hashtextextended('lineside-thread:' || %(thread_id)s, 0)"


class ThreadBusy(RuntimeError):
    """Another turn held the thread for longer than this one would wait."""


# Connections kept for thread locks, per database, apart from the engine's and the
# checkpointer's pools: a turn waiting for its thread never takes a connection a running turn
# needs. More turns than this waiting at once wait for a connection as long as for the lock.
THREAD_LOCK_CONNECTIONS = 32
_lock_pools: weakref.WeakKeyDictionary[Engine, ConnectionPool] = weakref.WeakKeyDictionary()
_lock_pools_guard = threading.Lock()


def _lock_pool(engine: Engine) -> ConnectionPool:
    """The thread-lock connections of `engine`'s database, opened on first use and closed when
    the engine is disposed or garbage-collected."""
    with _lock_pools_guard:
        pool = _lock_pools.get(engine)
        if pool is None or pool.closed:
            pool = ConnectionPool(
                libpq_conninfo(engine),
                min_size=1,
                max_size=THREAD_LOCK_CONNECTIONS,
                kwargs={"autocommit": True},
                check=ConnectionPool.check_connection,  # a server restart leaves none dead
                name="lineside-thread-locks",
                open=True,
            )
            pool.wait()  # its first connection made, so the first turn takes it, not another
            _lock_pools[engine] = pool
            event.listen(engine, "engine_disposed", lambda _engine, p=pool: p.close())
            weakref.finalize(engine, pool.close)  # an engine dropped undisposed keeps none open
        return pool


@contextmanager
def thread_lock(
    engine: Engine, thread_id: str, *, wait_s: float = THREAD_LOCK_WAIT_S
) -> Iterator[None]:
    """Hold the thread's PostgreSQL advisory lock: one turn at a time per thread, any process.

    The lock is a session lock on a pooled connection kept for thread locks (see
    THREAD_LOCK_CONNECTIONS), so a turn opens no connection of its own and turns waiting here
    never starve the running turn; the connection goes back to the pool with no advisory lock
    held. `wait_s` <= 0 takes the lock only if it is free now. Raises ThreadBusy when
    not taken.
    """
    params = {"thread_id": thread_id}
    pool = _lock_pool(engine)
    try:
        conn = pool.getconn(timeout=max(wait_s, 1.0))
    except PoolTimeout as error:
        raise ThreadBusy(f"thread {thread_id}: no lock connection free, too many turns") from error
    try:
        if wait_s <= 0:
            row = conn.execute(f"SELECT pg_try_advisory_lock({_THREAD_KEY})", params).fetchone()
            if row is None or not row[0]:
                raise ThreadBusy(f"thread {thread_id} is busy with another turn")
        else:
            conn.execute(f"SET lock_timeout = {int(wait_s * 1000)}")
            try:
                conn.execute(f"SELECT pg_advisory_lock({_THREAD_KEY})", params)
            except LockNotAvailable as error:
                raise ThreadBusy(
                    f"thread {thread_id} is still busy with another turn after {wait_s:.0f}s"
                ) from error
        try:
            yield
        finally:
            # Every advisory lock of this session, before the connection goes back: a kept
            # connection never carries a thread's lock to the next turn. One that fails here is
            # broken, and the pool closes it, which releases its locks too.
            conn.execute("SELECT pg_advisory_unlock_all()")
    finally:
        pool.putconn(conn)


@dataclass
class TurnResult:
    """What one turn produced, as the CLI/API/bots show it."""

    thread_id: str
    answer: str
    tool_calls: list[CalledTool] = field(default_factory=list)
    proposals: list[ProposalNote] = field(default_factory=list)  # those this turn raised or told
    interrupted: bool = False  # paused waiting for an approver
    approval_requests: list[dict[str, Any]] = field(default_factory=list)  # interrupt payloads

    def as_dict(self) -> dict[str, Any]:
        return {
            "thread_id": self.thread_id,
            "answer": self.answer,
            "tool_calls": self.tool_calls,
            "proposals": self.proposals,
            "interrupted": self.interrupted,
            "approval_requests": self.approval_requests,
        }


class Agent:
    """A compiled graph with its PostgreSQL checkpointer, for one database."""

    def __init__(
        self,
        engine: Engine,
        model: BaseChatModel | None = None,
        settings: Settings | None = None,
    ) -> None:
        llm = (settings or get_settings()).llm
        self.engine = engine
        self.model_name = model_name(llm) if model is None else model.get_name()
        bound = bind_catalogue(model or chat_model(engine, llm), openai_tool_schemas(), llm)
        saver, self._pool = open_checkpointer(engine)
        self.graph: Graph = build_graph(bound, saver)

    def close(self) -> None:
        self._pool.close()

    def config(self, thread_id: str) -> RunnableConfig:
        return {"configurable": {"thread_id": thread_id}, "recursion_limit": RECURSION_LIMIT}

    def context(self, actor: Actor, channel: str, thread_id: str) -> AgentContext:
        return AgentContext(self.engine, actor, channel, thread_id, as_of(self.engine),
                            self.model_name)  # fmt: skip

    def state(self, thread_id: str) -> dict[str, Any]:
        return dict(self.graph.get_state(self.config(thread_id)).values or {})

    def waiting(self, thread_id: str) -> dict[str, str]:
        """Proposal id -> interrupt id, for each approval the thread is paused on."""
        return paused_on(self.graph.get_state(self.config(thread_id)))

    def drive(
        self,
        graph_input: Any,
        ctx: AgentContext,
        on_event: EventSink | None,
        current: StateSnapshot | None = None,
    ) -> TurnResult:
        """Run the graph until it ends or pauses; stream tool events; summarise what was added.

        `current`: the thread's checkpoint as it stands now, if the caller has just read it.
        """
        config = self.config(ctx.thread_id)
        state = dict(current.values or {}) if current is not None else self.state(ctx.thread_id)
        # By id, not position: a sibling pause decided earlier is ordered by task, not by time.
        before = {m.id for m in state.get("messages", [])}
        stream = on_event if isinstance(on_event, AnswerStream | None) else AnswerStream(on_event)
        # Node updates only when someone listens: they carry the answer text to stream.
        modes: list[StreamMode] = ["custom", "updates"] if stream is not None else ["custom"]
        for part in self.graph.stream(
            graph_input, config, context=ctx, stream_mode=modes, version="v2"
        ):
            if stream is None:
                continue
            if part["type"] == "custom":
                stream(part["data"])
            elif part["type"] == "updates":
                stream.update(part["data"])
        # The checkpoint, not the last streamed chunk, lists every pause (parallel Sends each
        # raise their own interrupt; a streamed chunk may carry only one of them).
        snapshot = self.graph.get_state(config)
        state = dict(snapshot.values or {})
        added = [m for m in state.get("messages", []) if m.id not in before]
        return summarise(ctx.thread_id, state, added, list(snapshot.interrupts))


def paused_on(snapshot: StateSnapshot) -> dict[str, str]:
    """Proposal id -> interrupt id, for each approval a thread's checkpoint is paused on."""
    return {i.value["proposal_id"]: i.id for i in snapshot.interrupts}


def summarise(
    thread_id: str, state: dict[str, Any], added: list[BaseMessage], interrupts: list[Any]
) -> TurnResult:
    answers = [
        m.content for m in added if isinstance(m, AIMessage) and not m.tool_calls and m.content
    ]
    calls = [
        CalledTool(name=c["name"], args=c["args"])
        for m in added
        if isinstance(m, AIMessage)
        for c in m.tool_calls
    ]
    # Read from data, not the answer's words: the calls that raised a proposal, the tool
    # results that name one, and the decision reports that say which ones they are about.
    raised = {m.tool_call_id for m in added if isinstance(m, ToolMessage)}
    named = {pid for m in added if isinstance(m, ToolMessage) for pid in _proposal_ids(m)}
    reported = {
        pid for m in added if isinstance(m, AIMessage)
        for pid in m.additional_kwargs.get(REPORTED_KEY, [])
    }  # fmt: skip
    touched = {
        pid
        for pid, p in state.get("proposals", {}).items()
        if p.get("tool_call_id") in raised or pid in named or pid in reported
    }
    keys = ("id", "kind", "status", "required_role", "cost")
    proposals = [
        cast(ProposalNote, {k: p.get(k) for k in keys})
        for pid, p in state.get("proposals", {}).items()
        if pid in touched
    ]
    return TurnResult(
        thread_id=thread_id,
        answer="\n\n".join(str(a) for a in answers),
        tool_calls=calls,
        proposals=proposals,
        interrupted=bool(interrupts),
        approval_requests=[i.value for i in interrupts],
    )


def _proposal_ids(message: ToolMessage) -> set[str]:
    """The proposal ids a tool result carries as data: its proposal, and the `id` of each row
    of a proposals listing (pending_proposals, proposal_status)."""
    try:
        result = json.loads(str(message.content))  # ToolResult.as_text(): its fields as JSON
    except ValueError:
        return set()
    if not isinstance(result, dict):
        return set()
    proposal = result.get("proposal") or {}
    ids = {str(proposal["id"])} if isinstance(proposal, dict) and proposal.get("id") else set()
    data = result.get("data")
    rows = data if isinstance(data, list) else [data]
    return ids | {str(r["id"]) for r in rows if isinstance(r, dict) and r.get("id")}


def merge(first: TurnResult | None, second: TurnResult) -> TurnResult:
    """A turn that first reported updates, then answered the new message."""
    if first is None or not first.answer:
        return second
    return TurnResult(
        thread_id=second.thread_id,
        answer=first.answer + "\n\n" + second.answer,
        tool_calls=first.tool_calls + second.tool_calls,
        proposals=first.proposals + [p for p in second.proposals if p not in first.proposals],
        interrupted=second.interrupted,
        approval_requests=second.approval_requests,
    )


_agents: dict[str, Agent] = {}
_agents_lock = threading.Lock()


def agent_for(engine: Engine) -> Agent:
    """The process's agent for this database (graph, model and checkpointer built once)."""
    key = engine.url.render_as_string(hide_password=False)
    with _agents_lock:
        if key not in _agents:
            _agents[key] = Agent(engine)
        return _agents[key]


def close_agents() -> None:
    """Close every agent's checkpoint pool and the thread-lock connections (at shutdown, or
    when a test database goes away)."""
    with _agents_lock:
        for agent in _agents.values():
            agent.close()
        _agents.clear()
    with _lock_pools_guard:
        pools = list(_lock_pools.values())
        _lock_pools.clear()
    for pool in pools:
        pool.close()


def catch_up(
    agent: Agent,
    ctx: AgentContext,
    on_event: EventSink | None,
    *,
    settle_all: bool = True,
    snapshot: StateSnapshot | None = None,
) -> TurnResult | None:
    """Report proposals of this thread decided elsewhere since it last looked.

    `settle_all` (before a new message): undecided pauses are settled too, as deferred, since
    the user moved on. Without it only decided pauses resume; the others keep waiting.
    `snapshot`: the thread's checkpoint as it stands now, if the caller has just read it.
    """
    # One checkpoint read answers both: what the thread is paused on and what it raised.
    snapshot = snapshot or agent.graph.get_state(agent.config(ctx.thread_id))
    waiting = paused_on(snapshot)
    if waiting:
        status = {pid: _status(agent, pid) for pid in waiting}
        resume = {
            interrupt_id: {
                "decision": "defer" if status[pid] == "pending" else "decided_elsewhere"
            }  # fmt: skip
            for pid, interrupt_id in waiting.items()
            if settle_all or status[pid] != "pending"
        }
        return agent.drive(Command(resume=resume), ctx, on_event, snapshot) if resume else None
    known = dict(snapshot.values or {}).get("proposals", {})
    changed = {
        pid: {"decision": "decided_elsewhere", "applied": False}
        for pid, p in known.items()
        if p.get("review") is not None and _status(agent, pid) != p.get("status")
    }
    return agent.drive({"decisions": changed}, ctx, on_event, snapshot) if changed else None


def _status(agent: Agent, proposal_id: str) -> str:
    return get_proposal(agent.engine, proposal_id).status


def run_turn(
    engine: Engine,
    actor: Actor,
    channel: str,
    thread_id: str,
    message: str,
    *,
    on_event: EventSink | None = None,
    agent: Agent | None = None,
    lock_wait_s: float = THREAD_LOCK_WAIT_S,
) -> TurnResult:
    """Answer one message of `actor` (already authenticated by the front end) in `thread_id`.

    Waits up to `lock_wait_s` for the thread's previous turn, then raises ThreadBusy.
    """
    agent = agent or agent_for(engine)
    ctx = agent.context(actor, channel, thread_id)
    # One stream for the whole turn: the catch-up's reports and the answer, as merge() joins them.
    stream = AnswerStream(on_event) if on_event is not None else None
    with thread_lock(agent.engine, thread_id, wait_s=lock_wait_s):
        snapshot = agent.graph.get_state(agent.config(thread_id))
        updates = catch_up(agent, ctx, stream, snapshot=snapshot)
        # Unless the catch-up ran the graph, the checkpoint read above is still the thread's.
        current = snapshot if updates is None else None
        answer = agent.drive({"messages": [HumanMessage(message)]}, ctx, stream, current)
    return merge(updates, answer)
