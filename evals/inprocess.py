"""Runs a case in this process on a fresh copy of the demo: a database cloned from a template."""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from langchain_core.messages import AIMessage, BaseMessage, ToolMessage
from sqlalchemy import Engine, create_engine, pool, text

from agent.checkpoints import open_checkpointer
from agent.models import OFFLINE
from agent.offline.model import OfflineChatModel
from agent.offline.vocabulary import Vocabulary, load_vocabulary
from agent.runner import Agent, run_turn
from domain.db.engine import database_url, drop_database, ensure_database, server_url
from domain.settings import LlmSettings, get_settings
from evals.approvals import decide_in_process
from evals.cases import Decide, EvalCase, Say
from evals.transcript import CaseRun, ProposalRecord, StepRecord, ToolCallRecord
from governance.identity import get_actor

ModelChoice = Literal["offline", "openai"]
TEMPLATE = "lineside_eval_template"
# The rows an executor may change: a digest of them tells whether anything was written.
DOMAIN_TABLES = (
    "po_line",
    "work_order",
    "inventory_balance",
    "quality_hold",
    "premium_freight",
    "supplier_confirmation",
    "shipment",
)
_PROPOSALS_SQL = (
    "SELECT id, kind, status, required_role, requested_by, plant_code, cost, decided_by,"
    " executed_at IS NOT NULL AS executed, thread_id FROM governance.action_proposal ORDER BY id"
)
# Outbound messages whose proposal never got a yes.
_UNAPPROVED_SQL = (
    "SELECT count(*) FROM governance.outbox o LEFT JOIN governance.action_proposal p"
    " ON p.id = o.proposal_id WHERE p.id IS NULL OR p.decided_by IS NULL"
    " OR p.status NOT IN ('approved', 'executed', 'failed')"
)


def _fingerprint() -> str:
    """Changes whenever the migrations or the demo loader change: the template is rebuilt."""
    import domain.db as db
    import sample_data.meridian as demo

    digest = hashlib.sha256()
    for folder in (Path(db.__file__).parent / "migrations", Path(demo.__file__).parent):
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".py", ".sql", ".json", ".csv", ".yaml") and path.is_file():
                digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _template_comment(name: str) -> str | None:
    import psycopg

    with psycopg.connect(server_url(), autocommit=True) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            (name,),
        ).fetchone()
    return None if row is None else (row[0] or "")


def ensure_template(name: str = TEMPLATE, *, rebuild: bool = False) -> str:
    """A migrated database with the demo loaded, built once and reused while its inputs hold."""
    import psycopg

    fingerprint = _fingerprint()
    if not rebuild and _template_comment(name) == fingerprint:
        return name
    # Two runs starting together build the template once: the second waits, then reuses it.
    with psycopg.connect(server_url(), autocommit=True) as lock:
        lock.execute("SELECT pg_advisory_lock(hashtext('lineside-eval-template'))")
        if not rebuild and _template_comment(name) == fingerprint:
            return name
        _build_template(name, fingerprint)
    return name


def _build_template(name: str, fingerprint: str) -> None:
    import psycopg
    from psycopg import sql

    from domain.db.migrate import upgrade
    from sample_data.meridian.loader import load_demo

    drop_database(name)
    ensure_database(name)
    upgrade(database_url(name))
    engine = create_engine(database_url(name), poolclass=pool.NullPool)
    load_demo(engine)
    engine.dispose()
    with psycopg.connect(server_url(), autocommit=True) as conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(fingerprint)
            )
        )


def clone_database(template: str) -> str:
    """A new database cloned from `template`; returns its name."""
    name = f"lineside_eval_{uuid.uuid4().hex[:12]}"
    ensure_database(name, template=template)
    return name


@contextmanager
def demo_copy(template: str, name: str | None = None) -> Iterator[Engine]:
    """A private database cloned from `template` (or the clone `name`), dropped afterwards."""
    name = name or clone_database(template)
    engine = create_engine(database_url(name), pool_size=5, max_overflow=5)
    try:
        yield engine
    finally:
        engine.dispose()
        drop_database(name)


def drop_together(names: list[str]) -> None:
    """Drop these databases at once: each drop waits for a checkpoint, and drops that wait
    together share one (40 one by one took 23 s here, 40 at once 3 s)."""
    if names:
        with ThreadPoolExecutor(max_workers=len(names), thread_name_prefix="eval-drop") as pool:
            list(pool.map(drop_database, names))


class ClonePipeline:
    """Clones the next cases' databases while this one runs; drops used ones in batches.

    A clone takes about a second and runs beside the turns. A drop forces a checkpoint, so
    used copies are dropped DROP_BATCH at a time, in the background, and the rest at the end.
    """

    AHEAD = 2  # clones kept ready
    DROP_BATCH = 20  # connections a batch holds at once: well under the server's 100

    def __init__(self, template: str) -> None:
        self.template = template
        self._cloner = ThreadPoolExecutor(max_workers=self.AHEAD, thread_name_prefix="eval-clone")
        self._dropper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="eval-drops")
        self._ready: deque[Future[str]] = deque()
        self._used: list[str] = []
        self._dropping: list[Future[None]] = []
        self.remaining: int | None = None  # clones still needed, when the caller said

    def take(self) -> str:
        wanted = self.AHEAD + 1 if self.remaining is None else min(self.AHEAD + 1, self.remaining)
        while len(self._ready) < max(wanted, 1):
            self._ready.append(self._cloner.submit(clone_database, self.template))
        if self.remaining is not None:
            self.remaining -= 1
        return self._ready.popleft().result()

    def discard(self, name: str) -> None:
        self._used.append(name)
        if len(self._used) >= self.DROP_BATCH:
            batch, self._used = self._used, []
            self._dropping.append(self._dropper.submit(drop_together, batch))

    def close(self, *also: str) -> None:
        """Drop every copy left, and `also` (the template, once nothing clones from it)."""
        self._used += [future.result() for future in self._ready]
        self._ready.clear()
        self._cloner.shutdown(wait=True)
        self._dropper.shutdown(wait=True)
        for done in self._dropping:
            done.result()  # a failed drop is reported, not left unnoticed
        self._dropping.clear()
        drop_together([*self._used, *also])
        self._used.clear()


def llm_settings(model: ModelChoice) -> LlmSettings:
    """offline ignores any configured endpoint; openai requires one."""
    if model == "offline":
        return LlmSettings(base_url="", model="")
    settings = get_settings().llm
    if not settings.configured:
        raise ValueError(
            "--model openai needs LINESIDE_LLM_BASE_URL and LINESIDE_LLM_MODEL (and usually"
            " LINESIDE_LLM_API_KEY)"
        )
    return settings


def domain_digest(engine: Engine) -> str:
    """One hash of the rows an approved action could change."""
    parts = []
    with engine.connect() as conn:
        for table in DOMAIN_TABLES:
            row = conn.execute(
                text(
                    f"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                    f" FROM {table} t"
                )
            ).scalar_one()
            parts.append(f"{table}:{row}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _proposals(engine: Engine) -> list[ProposalRecord]:
    with engine.connect() as conn:
        rows = conn.execute(text(_PROPOSALS_SQL)).mappings().all()
    return [ProposalRecord.model_validate(dict(r)) for r in rows]


def _tool_records(added: list[BaseMessage]) -> list[ToolCallRecord]:
    results = {m.tool_call_id: m for m in added if isinstance(m, ToolMessage)}
    records = []
    for message in added:
        if not isinstance(message, AIMessage):
            continue
        for call in message.tool_calls:
            result = results.get(call.get("id") or "")
            content = "" if result is None else str(result.content)
            records.append(
                ToolCallRecord(
                    name=call["name"],
                    args=dict(call["args"]),
                    ok=None if result is None else _ok(content),
                    result=content,
                )
            )
    return records


def _ok(content: str) -> bool | None:
    try:
        parsed = json.loads(content)
    except ValueError:
        return None
    return bool(parsed.get("ok")) if isinstance(parsed, dict) else None


def token_use(added: list[BaseMessage]) -> tuple[int | None, int | None]:
    usages = [m.usage_metadata for m in added if isinstance(m, AIMessage) and m.usage_metadata]
    if not usages:
        return None, None
    return sum(u["input_tokens"] for u in usages), sum(u["output_tokens"] for u in usages)


def agent_ready_copy(template: str) -> str:
    """A copy of `template` with the agent's checkpoint tables made, so no case's clone pays
    for creating them; returns its name (the caller drops it)."""
    name = clone_database(template)
    engine = create_engine(database_url(name), poolclass=pool.NullPool)
    try:
        _, checkpoints = open_checkpointer(engine)
        checkpoints.close()
    finally:
        engine.dispose()
    return name


class InProcessDriver:
    """Each case on its own demo copy, with the agent of the chosen model.

    What every case would build alike is built once: the checkpoint tables (in the copy the
    cases are cloned from) and the offline model's vocabulary (the copies' master data is the
    template's).
    """

    def __init__(self, template: str, model: ModelChoice = "offline") -> None:
        self.settings = llm_settings(model)
        self.template = agent_ready_copy(template)
        self.clones = ClonePipeline(self.template)
        self._baseline: str | None = None  # the template's digest, read from the first clone
        self._vocabulary: Vocabulary | None = None
        if not self.settings.configured:
            engine = create_engine(database_url(self.template), poolclass=pool.NullPool)
            try:
                self._vocabulary = load_vocabulary(engine)
            finally:
                engine.dispose()

    def prepare(self, runs: int) -> None:
        """How many runs follow, so no clone is made that no case will use."""
        self.clones.remaining = runs

    def close(self) -> None:
        self.clones.close(self.template)

    def _agent(self, engine: Engine) -> Agent:
        settings = get_settings().model_copy(update={"llm": self.settings})
        if self._vocabulary is None:
            return Agent(engine, settings=settings)
        model = OfflineChatModel(vocabulary=self._vocabulary, name=OFFLINE)
        return Agent(engine, model=model, settings=settings)

    def run(self, case: EvalCase, trial: int = 0) -> CaseRun:
        run = CaseRun(case_id=case.id, trial=trial)
        name = self.clones.take()
        engine = create_engine(database_url(name), pool_size=5, max_overflow=5)
        try:
            before = self._baseline = self._baseline or domain_digest(engine)
            agent = self._agent(engine)
            try:
                self._steps(case, engine, agent, run)
            except Exception as err:  # a crash fails the case, it does not stop the suite
                run.error = f"{type(err).__name__}: {err}"
            finally:
                agent.close()
            run.proposals = _proposals(engine)
            run.domain_changed = domain_digest(engine) != before
            with engine.connect() as conn:
                run.unapproved_messages = int(conn.execute(text(_UNAPPROVED_SQL)).scalar_one())
        finally:
            engine.dispose()
            self.clones.discard(name)
        return run

    def _steps(self, case: EvalCase, engine: Engine, agent: Agent, run: CaseRun) -> None:
        """Each user talks in a thread of their own, as over the API; decisions go to the
        thread that raised the proposal."""
        prefix = f"eval-{case.id}-{trial_suffix(run.trial)}"
        known: set[str] = set()
        for step in case.steps:
            if isinstance(step, Say):
                user = step.as_user or case.user
                record = self._say(agent, engine, f"{prefix}-{user}", user, step.say)
            else:
                record = self._decide(engine, agent, step, known)
            seen = [p.id for p in _proposals(engine)]
            record.proposals_created = [p for p in seen if p not in known]
            known.update(seen)
            run.steps.append(record)

    def _say(
        self, agent: Agent, engine: Engine, thread: str, user: str, message: str
    ) -> StepRecord:
        before = {m.id for m in agent.state(thread).get("messages", [])}
        started = time.perf_counter()
        result = run_turn(engine, get_actor(engine, user), "api", thread, message, agent=agent)
        latency = (time.perf_counter() - started) * 1000
        added = [m for m in agent.state(thread).get("messages", []) if m.id not in before]
        tokens_in, tokens_out = token_use(added)
        return StepRecord(
            kind="say",
            user=user,
            text=message,
            answer=result.answer,
            tool_calls=_tool_records(added),
            interrupted=result.interrupted,
            latency_ms=latency,
            input_tokens=tokens_in,
            output_tokens=tokens_out,
        )

    def _decide(self, engine: Engine, agent: Agent, step: Decide, known: set[str]) -> StepRecord:
        proposal_id = step.proposal if step.proposal != "latest" else _latest(known)
        started = time.perf_counter()
        record = StepRecord(
            kind="decide", user=step.as_user, text=f"{step.decide} {proposal_id or '(none)'}"
        )
        if proposal_id is None:
            record.error = "no proposal to decide: the conversation raised none"
            return record
        outcome = decide_in_process(
            engine, agent, proposal_id, step.as_user, step.decide, step.comment
        )
        record.answer, record.error = outcome.answer, outcome.refused
        record.latency_ms = (time.perf_counter() - started) * 1000
        return record


def trial_suffix(trial: int) -> str:
    return f"{trial}-{uuid.uuid4().hex[:6]}"


def _latest(known: set[str]) -> str | None:
    return max(known) if known else None
