"""The console's pages under /console: thin routes that render what backend.py answers."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape
from typing import Annotated, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from fastapi.sse import EventSourceResponse, ServerSentEvent
from fastapi.staticfiles import StaticFiles

from agent.runner import ThreadBusy
from api.console import backend, gantt, live, signin
from api.console.charts import bar_chart
from api.console.headers import PageHeaders
from api.console.pages import HERE, PREFIX, page, templates
from api.console.session import (
    COOKIE,
    CSRF_FIELD,
    Csrf,
    CsrfRejected,
    SignInRequired,
    User,
    csrf_token,
    engine_of,
)
from domain.alerts.store import AlertError
from domain.settings import ConsoleSettings, get_settings
from governance.errors import GovernanceError, ProposalNotPending
from governance.identity import Actor

CHAT_EVENT = templates.get_template("_chat_event.html")
SCHEDULE_DAYS = 3  # how many days of a line the Gantt shows
PLAN_HORIZON = "5d"  # how far ahead the Schedule page asks the scheduler to resequence
KPI_NEXT_GROUP = {"plant": "supplier", "supplier": "month", "family": "supplier"}


@dataclass
class ConsoleState:
    """What console requests need beyond the service's own state: the sign-in settings."""

    settings: ConsoleSettings


router = APIRouter(prefix=PREFIX, include_in_schema=False)


def install(app: FastAPI, settings: ConsoleSettings | None = None) -> None:
    """Mount the console on the service's app: its pages, its assets, its error pages."""
    app.state.console = ConsoleState(settings or get_settings().console)
    app.add_middleware(PageHeaders)
    app.include_router(signin.router)
    app.include_router(router)
    app.mount(f"{PREFIX}/static", StaticFiles(directory=HERE / "static"), name="console-static")
    app.add_exception_handler(SignInRequired, _to_sign_in)
    app.add_exception_handler(CsrfRejected, _csrf_rejected)


async def _to_sign_in(request: Request, exc: Exception) -> Response:
    if request.headers.get("HX-Request"):
        return Response(status_code=401, headers={"HX-Redirect": f"{PREFIX}/signin"})
    return RedirectResponse(f"{PREFIX}/signin", status_code=303)


async def _csrf_rejected(request: Request, exc: Exception) -> Response:
    return HTMLResponse(
        "<p role='alert'>This form expired or came from another site; reload the page.</p>",
        status_code=403,
    )


@router.get("", include_in_schema=False)
@router.get("/", include_in_schema=False)
def home() -> Response:
    return RedirectResponse(f"{PREFIX}/inbox", status_code=303)


# ---------------------------------------------------------------- inbox


def _inbox(request: Request, actor: Actor, **extra: Any) -> dict[str, Any]:
    engine = engine_of(request)
    return {
        "awaiting": backend.awaiting_my_approval(engine, actor),
        "mine": backend.my_requests(engine, actor),
        "decided": backend.my_decisions(engine, actor),
        "since": live.fingerprint(engine, actor),
    } | extra


@router.get("/inbox", response_class=HTMLResponse)
def inbox_page(request: Request, actor: User) -> Any:
    return page(request, "inbox.html", actor, **_inbox(request, actor))


@router.get("/inbox/list", response_class=HTMLResponse)
def inbox_list(request: Request, actor: User) -> Any:
    return page(request, "_inbox_list.html", actor, **_inbox(request, actor))


@router.get("/inbox/stream", response_class=EventSourceResponse)
async def inbox_stream(
    request: Request, actor: User, since: str = ""
) -> AsyncIterator[ServerSentEvent]:
    async for event in live.inbox_changes(request, engine_of(request), actor, since):
        yield event


@router.post("/proposals/{proposal_id}/decide", response_class=HTMLResponse, dependencies=[Csrf])
def decide_proposal(
    request: Request,
    actor: User,
    proposal_id: str,
    decision: Annotated[str, Form()],
    comment: Annotated[str, Form()] = "",
    edited_payload: Annotated[str, Form()] = "",
    edited_cost: Annotated[str, Form()] = "",
) -> Any:
    """Approve, edit-then-approve or reject: governance decides whether this user may."""
    engine = engine_of(request)
    error, status = None, 200
    try:
        edited = _edited(decision, edited_payload, edited_cost)
        view = backend.decide_proposal(
            request.app, actor, proposal_id, decision,  # type: ignore[arg-type]
            edited_payload=edited, comment=comment,
        )  # fmt: skip
    except (GovernanceError, ValueError, ThreadBusy) as err:
        busy = isinstance(err, ProposalNotPending | ThreadBusy)
        error, status = str(err), 409 if busy else 403
        try:
            view = backend.proposal(engine, actor, proposal_id)
        except GovernanceError:  # not theirs to see: say why, show nothing of it
            return HTMLResponse(f'<p class="error" role="alert">{escape(error)}</p>', status)
    return page(request, "_proposal_card.html", actor, status, p=view, error=error)


def _edited(decision: str, payload: str, cost: str) -> dict[str, Any] | None:
    if decision not in ("approve", "edit", "reject"):
        raise ValueError(f"decision must be approve, edit or reject, not {decision!r}")
    if decision != "edit":
        return None
    try:
        edited = json.loads(payload) if payload.strip() else {}
    except json.JSONDecodeError as err:
        raise ValueError(f"the edited payload is not valid JSON: {err.msg} at {err.pos}") from err
    if not isinstance(edited, dict):
        raise ValueError("the edited payload must be a JSON object")
    if cost.strip():
        try:
            edited["cost"] = float(cost.replace("$", "").replace(",", ""))
        except ValueError as err:
            raise ValueError(f"the edited cost {cost!r} is not a number") from err
    return edited


# ---------------------------------------------------------------- chat


@router.get("/chat", response_class=HTMLResponse)
def chat_new(request: Request, actor: User, about: str = "") -> Response:
    thread = backend.new_thread(engine_of(request), actor, about)
    query = f"?{urlencode({'about': about})}" if about else ""
    return RedirectResponse(f"{PREFIX}/chat/{thread}{query}", status_code=303)


@router.get("/chat/{thread_id}", response_class=HTMLResponse)
def chat_page(request: Request, actor: User, thread_id: str, about: str = "") -> Any:
    if not backend.own_thread(engine_of(request), actor, thread_id):
        return page(request, "error.html", actor, 404, message="No such conversation of yours.")
    history = backend.thread_history(request.app, thread_id)
    return page(request, "chat.html", actor, thread_id=thread_id, history=history, about=about)


@router.post("/chat/{thread_id}/messages", dependencies=[Csrf])
async def chat_message(
    request: Request, actor: User, thread_id: str, message: Annotated[str, Form()]
) -> Response:
    """One turn, streamed as SSE to the page's script: steps, proposal cards, the answer.

    Without the script (no text/event-stream in Accept) the turn runs and the page reloads.
    """
    engine = engine_of(request)
    mine = await asyncio.to_thread(backend.own_thread, engine, actor, thread_id)
    if not mine or not message.strip():
        return HTMLResponse("Say something, in a conversation of yours.", status_code=400)
    csrf = csrf_token(request.cookies[COOKIE])
    if "text/event-stream" not in request.headers.get("accept", ""):
        await backend.ask(request.app, actor, thread_id, message)
        return RedirectResponse(f"{PREFIX}/chat/{thread_id}", status_code=303)

    async def events() -> AsyncIterator[bytes]:
        async for step in backend.stream_turn(request.app, actor, thread_id, message):
            card = {}
            if step.event == "proposal_created":  # the card as the inbox shows it
                view = await asyncio.to_thread(
                    backend.proposal, engine, actor, str(step.data["id"])
                )
                card = {"p": view, "actor": actor, "csrf": csrf, "csrf_field": CSRF_FIELD}
            html = CHAT_EVENT.render(event=step.event, data=step.data, prefix=PREFIX, **card)
            body = json.dumps({"html": html, "done": step.event in ("done", "error")})
            yield f"event: {step.event}\ndata: {body}\n\n".encode()

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(events(), media_type="text/event-stream", headers=headers)


# ---------------------------------------------------------------- alerts


@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(request: Request, actor: User) -> Any:
    mine, others = backend.alerts(engine_of(request), actor)
    return page(request, "alerts.html", actor, mine=mine, others=others)


@router.post("/alerts/{alert_id}/acknowledge", response_class=HTMLResponse, dependencies=[Csrf])
def acknowledge_alert(request: Request, actor: User, alert_id: int) -> Any:
    try:
        alert = backend.acknowledge(engine_of(request), actor, alert_id)
    except (GovernanceError, AlertError) as err:
        return HTMLResponse(f'<p class="error" role="alert">{escape(str(err))}</p>', 403)
    return page(request, "_alert_card.html", actor, a=alert)


# ---------------------------------------------------------------- KPIs


@router.get("/kpis", response_class=HTMLResponse)
def kpis_page(
    request: Request,
    actor: User,
    kpi: str = "supplier_otif",
    group_by: Annotated[str, Query(alias="by")] = "supplier",
    period: str = "",
    plant: str = "",
    supplier: str = "",
) -> Any:
    engine = engine_of(request)
    catalogue = backend.kpi_catalogue()
    chosen = next((k for k in catalogue if k.name == kpi), catalogue[0])
    by = group_by if group_by in chosen.dimensions else None
    args = {"metric": chosen.name, "group_by": by, "period": period or None,
            "plant": plant or None, "supplier": supplier or None}  # fmt: skip
    result = backend.kpi(engine, actor, args)
    charts = []
    values = result.json_data() if result.ok else None  # the KPI values as plain JSON rows
    if isinstance(values, list):
        charts = [(r["scope_plant"], r, bar_chart(r)) for r in values]
    next_by = KPI_NEXT_GROUP.get(by or "", "")
    return page(request, "kpis.html", actor, catalogue=catalogue, kpi=chosen, by=by, result=result,
                charts=charts, period=period, plant=plant, supplier=supplier,
                next_by=next_by if next_by in chosen.dimensions else "",
                plants=backend.plants(engine, actor))  # fmt: skip


# ---------------------------------------------------------------- schedule


def _slots(schedule: backend.LineSchedule) -> list[gantt.PlannedSlot]:
    return [
        gantt.PlannedSlot(w.work_order, w.item, w.start, w.end, w.material_ready,
                          w.material_ready is not None and w.material_ready <= w.start)
        for w in schedule.work_orders
    ]  # fmt: skip


def _proposed(current: list[gantt.PlannedSlot], payload: dict[str, Any]) -> list[gantt.PlannedSlot]:
    """The line under the proposal: its plan's slots; every WO it does not place keeps its own."""
    short = set(payload.get("material_check", {}).get("starts_short", []))
    planned = {
        s.work_order: gantt.PlannedSlot(s.work_order, s.item, s.start, s.end, None,
                                        s.work_order not in short)
        for s in gantt.parse_plan(payload.get("plan", []))
    }  # fmt: skip
    return [planned.get(s.work_order, s) for s in current]


@router.get("/schedule", response_class=HTMLResponse)
def schedule_page(request: Request, actor: User, line: str = "LKS-SEAT1", note: str = "") -> Any:
    engine = engine_of(request)
    try:
        schedule = backend.line_schedule(engine, actor, line, f"{SCHEDULE_DAYS + 1}d")
    except (GovernanceError, ValueError) as err:
        return page(request, "schedule.html", actor, 403, line=line, error=str(err), chart=None)
    tz = ZoneInfo(schedule.timezone)
    local = schedule.as_of.astimezone(tz)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    end = start + timedelta(days=SCHEDULE_DAYS)
    pending = backend.pending_resequence(engine, actor, line)
    current = _slots(schedule)
    chart = gantt.layout(
        current,
        _proposed(current, pending.payload) if pending else None,
        start=start, end=end, as_of=schedule.as_of, frozen_until=schedule.frozen_until,
        timezone=schedule.timezone,
    )  # fmt: skip
    moves = pending.payload.get("moved", []) if pending else []
    return page(
        request, "schedule.html", actor, line=line, chart=chart, pending=pending, moves=moves,
        note=note, start=start, end=end,
        fmt=lambda at: datetime.fromisoformat(at).astimezone(tz).strftime("%a %H:%M"),
    )  # fmt: skip


@router.post("/schedule/propose", dependencies=[Csrf])
def schedule_propose(request: Request, actor: User, line: Annotated[str, Form()]) -> Response:
    result = backend.propose_resequence(engine_of(request), actor, line, PLAN_HORIZON)
    query = urlencode({"line": line, "note": result.summary})
    return RedirectResponse(f"{PREFIX}/schedule?{query}", status_code=303)


# ---------------------------------------------------------------- audit


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    actor: User,
    who: str = "",
    tool: str = "",
    proposal: str = "",
    thread: str = "",
    limit: int = 50,
) -> Any:
    filters = {"actor": who or None, "tool": tool or None, "proposal_id": proposal or None,
               "thread_id": thread or None, "limit": max(1, min(limit, 200))}  # fmt: skip
    result = backend.audit_search(engine_of(request), actor, filters)
    return page(request, "audit.html", actor, result=result, who=who, tool=tool,
                proposal=proposal, thread=thread, limit=limit, report=None)  # fmt: skip


@router.post("/audit/verify", response_class=HTMLResponse, dependencies=[Csrf])
def audit_verify(request: Request, actor: User) -> Any:
    return page(
        request, "_audit_verify.html", actor, report=backend.audit_verify(engine_of(request))
    )
