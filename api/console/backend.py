"""The console's one door into Lineside: every page calls these, and these call the service.

Each function is the console's name for a service function the API, CLI and bots use too
(the governed tool path, the approval function, the agent runner). Where the shared one has
not landed yet, the stand-in is here and only here, so switching is one edit per function.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from pydantic import BaseModel
from sqlalchemy import Engine

from agent import decisions
from agent.runner import TurnResult
from api.agent_service import agent_of
from api.problems import ProblemError
from api.runs import RunEvent, run_and_wait, run_streaming
from api.threads import create_thread, owned_thread
from domain.alerts.store import AlertView, acknowledge_alert, get_alert, list_alerts
from domain.kpis import KpiDefinition, list_kpis
from domain.planning.repository import plant_timezone
from domain.scheduling.repository import load_line_plan
from governance.approvals import Decision
from governance.audit import ChainReport, verify_chain
from governance.authority import awaiting_approval
from governance.context import CallContext
from governance.errors import OutOfScope
from governance.gate import governed_call
from governance.identity import Actor
from governance.policy import in_scope
from governance.proposals import ProposalView, get_proposal, list_proposals
from tools.read_planning import ClearToBuildArgs
from tools.results import ToolResult
from tools.runner import call_tool
from tools.scope import line_plant, visible_plants

CHANNEL = "console"
MY_REQUESTS_SHOWN = 20  # the newest of my own requests the inbox lists


def context(actor: Actor, thread_id: str | None = None) -> CallContext:
    return CallContext(actor=actor, channel=CHANNEL, thread_id=thread_id)


def tool(engine: Engine, actor: Actor, name: str, args: dict[str, Any]) -> ToolResult:
    """A governed tool call, exactly as the agent makes it (scope, rate limit, audit)."""
    return call_tool(engine, context(actor), name, args)


# ---------------------------------------------------------------- approvals


def awaiting_my_approval(engine: Engine, actor: Actor) -> list[ProposalView]:
    """Pending proposals waiting for this actor (governance's one authority rule)."""
    return awaiting_approval(engine, actor)


def my_requests(engine: Engine, actor: Actor) -> list[ProposalView]:
    """What this actor asked for, newest first, whatever became of it."""
    mine = [v for v in list_proposals(engine, actor) if v.requested_by == actor.username]
    return mine[:MY_REQUESTS_SHOWN]


def my_decisions(engine: Engine, actor: Actor) -> list[ProposalView]:
    """What this actor decided for others, newest first: an approver sees her click's outcome."""
    decided = [
        v
        for v in list_proposals(engine, actor)
        if v.decided_by == actor.username and v.requested_by != actor.username
    ]
    return decided[:MY_REQUESTS_SHOWN]


def proposal(engine: Engine, actor: Actor, proposal_id: str) -> ProposalView:
    return get_proposal(engine, proposal_id, actor)


def decide_proposal(
    app: FastAPI,
    actor: Actor,
    proposal_id: str,
    decision: Decision,
    *,
    edited_payload: dict[str, Any] | None = None,
    comment: str = "",
) -> ProposalView:
    """Approve, edit-then-approve or reject through the one decision path; the thread reports it."""
    get_proposal(app.state.engine, proposal_id, actor)  # out of scope: refused before anything
    done = decisions.decide_proposal(app.state.engine, proposal_id, actor, decision,
                                     edited_payload=edited_payload, comment=comment,
                                     channel=CHANNEL, agent=agent_of(app))  # fmt: skip
    return done.proposal


def inbox_fingerprint(engine: Engine, actor: Actor) -> tuple[tuple[str, str], ...]:
    """What the inbox shows, reduced to (id, status): when it changes, the page refreshes."""
    shown = awaiting_my_approval(engine, actor) + my_requests(engine, actor)
    views = {v.id: v for v in shown + my_decisions(engine, actor)}
    return tuple(sorted((v.id, v.status) for v in views.values()))


# ---------------------------------------------------------------- chat


def new_thread(engine: Engine, actor: Actor, about: str = "") -> str:
    """A copilot thread owned by the actor, as POST /v1/threads opens one."""
    return str(create_thread(engine, actor, {"channel": CHANNEL, "about": about})["id"])


def own_thread(engine: Engine, actor: Actor, thread_id: str) -> bool:
    """True when the thread is the actor's (nobody reads another's conversation)."""
    try:
        owned_thread(engine, actor, thread_id)
    except ProblemError:
        return False
    return True


def stream_turn(
    app: FastAPI, actor: Actor, thread_id: str, message: str
) -> AsyncIterator[RunEvent]:
    """One copilot turn as the API streams it: run started, tool steps, proposals, answer."""
    settings = app.state.settings.api
    return run_streaming(agent_of(app), actor, CHANNEL, thread_id, message,
                         settings.busy_retry_after_s)  # fmt: skip


async def ask(app: FastAPI, actor: Actor, thread_id: str, message: str) -> TurnResult:
    """One copilot turn, answered whole (the page without its script)."""
    settings = app.state.settings.api
    return await run_and_wait(agent_of(app), actor, CHANNEL, thread_id, message,
                              settings.thread_wait_s, settings.busy_retry_after_s)  # fmt: skip


def thread_history(app: FastAPI, thread_id: str) -> list[dict[str, Any]]:
    """The thread's messages as the chat page shows them: turns, answers, folded tool steps."""
    shown: list[dict[str, Any]] = []
    for m in agent_of(app).state(thread_id).get("messages", []):
        if isinstance(m, HumanMessage):
            shown.append({"role": "user", "text": str(m.content)})
        elif isinstance(m, AIMessage) and m.tool_calls:
            shown.extend(
                {"role": "tool", "name": c["name"], "args": c["args"]} for c in m.tool_calls
            )
        elif isinstance(m, ToolMessage):
            shown.append({"role": "tool_result", "name": m.name, "ok": m.status != "error",
                          "text": _summary(str(m.content))})  # fmt: skip
        elif isinstance(m, AIMessage) and m.content:
            shown.append({"role": "assistant", "text": str(m.content)})
    return shown


def _summary(tool_message: str) -> str:
    """A tool result's own summary line (its message is the ToolResult as JSON)."""
    try:
        return str(ToolResult.model_validate_json(tool_message).summary)
    except ValueError:
        return tool_message[:600]


# ---------------------------------------------------------------- KPIs


def kpi_catalogue() -> list[KpiDefinition]:
    return list_kpis()


def kpi(engine: Engine, actor: Actor, args: dict[str, Any]) -> ToolResult:
    return tool(engine, actor, "kpi_query", args)


def plants(engine: Engine, actor: Actor) -> list[str]:
    return visible_plants(actor, engine)


# ---------------------------------------------------------------- schedule


@dataclass(frozen=True)
class LineWorkOrder:
    """One WO of a line's plan as the Gantt draws it."""

    work_order: str
    item: str
    start: datetime
    end: datetime
    material_ready: datetime | None  # None: not covered within the horizon
    short: tuple[str, ...]


@dataclass(frozen=True)
class LineSchedule:
    line: str
    plant: str
    timezone: str
    as_of: datetime
    frozen_until: datetime
    work_orders: list[LineWorkOrder]


class _LineArgs(BaseModel):
    line: str
    horizon: str


def line_schedule(engine: Engine, actor: Actor, line: str, horizon: str) -> LineSchedule:
    """Today's plan of a line with each WO's material-ready time, read under governance.

    Stand-in for the service's schedule read model: the same rows clear_to_build reads, under
    that tool's policy and audit, until `/v1/schedule` has a function of its own.
    """
    plant = line_plant(engine, line)

    def load() -> LineSchedule:
        if plant is None:
            from tools.results import ToolError

            raise ToolError(f"no line {line!r}; check line (e.g. 'LKS-SEAT1')")
        plan = load_line_plan(engine, line, horizon)
        return LineSchedule(
            line=line,
            plant=plan.plant,
            timezone=plant_timezone(engine, plan.plant),
            as_of=plan.as_of,
            frozen_until=plan.frozen.until,
            work_orders=[
                LineWorkOrder(
                    w.work_order,
                    w.item,
                    w.start,
                    w.end,
                    w.material_ready,
                    tuple(w.short_components),
                )
                for w in plan.work_orders
            ],
        )

    return governed_call(
        engine,
        context(actor),
        "clear_to_build",
        ClearToBuildArgs(line=line),
        [plant] if plant else [],
        load,
        subject=line,
    )


def pending_resequence(engine: Engine, actor: Actor, line: str) -> ProposalView | None:
    """The newest pending resequence proposal of the line, if there is one."""
    for v in list_proposals(engine, actor, "pending"):
        if v.kind == "resequence" and v.payload.get("line_code") == line and "plan" in v.payload:
            return v
    return None


def propose_resequence(engine: Engine, actor: Actor, line: str, horizon: str) -> ToolResult:
    """Ask the scheduler for a resequence of the line; it becomes a pending proposal."""
    return tool(engine, actor, "propose_resequence", {"line": line, "horizon": horizon})


# ---------------------------------------------------------------- audit


def audit_search(engine: Engine, actor: Actor, filters: dict[str, Any]) -> ToolResult:
    return tool(engine, actor, "audit_lookup", filters)


def audit_verify(engine: Engine) -> ChainReport:
    return verify_chain(engine)


# ---------------------------------------------------------------- alerts


def alerts(engine: Engine, actor: Actor) -> tuple[list[AlertView], list[AlertView]]:
    """(routed to me, the rest at my plants), active ones, newest first."""
    at_my_plants = list_alerts(engine, visible_plants(actor, engine), status="active")
    mine = [a for a in at_my_plants if actor.username in (a.owner, *a.recipients)]
    return mine, [a for a in at_my_plants if a not in mine]


def acknowledge(engine: Engine, actor: Actor, alert_id: int) -> AlertView:
    """open → acknowledged by this user; an alert outside their plants is refused."""
    alert = get_alert(engine, alert_id)
    if not in_scope(actor, alert.plant):
        raise OutOfScope(alert.plant, actor.plant_scope, subject=f"alert {alert_id}")
    # Wall-clock time, as the API's acknowledge and the events that open alerts use.
    return acknowledge_alert(engine, alert_id, actor.username, datetime.now(UTC))
