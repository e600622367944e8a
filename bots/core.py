"""What every chat front end asks of Lineside: who is this, answer them, decide, who approves.

The one adapter between the bots and the layers below: a Slack or Teams handler never calls
the agent or governance itself, so switching to a new service function is one edit here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import cast

from langchain_core.messages import HumanMessage, ToolMessage
from pydantic import ValidationError
from sqlalchemy import Engine, text

from agent.decisions import DecisionOutcome, decide_proposal
from agent.runner import ThreadBusy, TurnResult, agent_for
from domain.alerts.notify import AlertNotice
from domain.kpis.chart import kpi_chart_png
from governance.approvals import Decision
from governance.authority import may_decide
from governance.errors import GovernanceError
from governance.identity import Actor, get_actor, resolve_identity
from governance.proposals import ProposalView, get_proposal
from tools.result_data import KpiValues
from tools.results import ToolResult

# How long a click waits for its thread's running turn before it is refused (Teams answers a
# click in the same request, and Slack's job should not hold a worker).
DECISION_WAIT_S = 10.0


@dataclass(frozen=True)
class Chart:
    """A KPI chart to show beside an answer."""

    title: str
    png: bytes


@dataclass
class BotAnswer:
    """One turn as a chat front end shows it: the answer, its sources, cards and charts."""

    thread_id: str
    text: str
    sources: list[str] = field(default_factory=list)
    proposals: list[ProposalView] = field(default_factory=list)  # pending, raised this turn
    charts: list[Chart] = field(default_factory=list)


def thread_id_for(platform: str, conversation: str, root: str) -> str:
    """One chat thread (a Slack thread, a Teams conversation) is one agent thread."""
    return f"{platform}:{conversation}:{root}"


def who_is(engine: Engine, platform: str, external_id: str) -> Actor:
    """The Lineside user behind a chat identity; UnknownIdentity says how to get linked."""
    return resolve_identity(engine, platform, external_id)


def external_id_of(engine: Engine, platform: str, username: str) -> str | None:
    """The chat identity of a Lineside user on a platform, if they have one."""
    with engine.connect() as conn:
        found = conn.execute(
            text(
                "SELECT external_id FROM external_identity WHERE channel = :p AND username = :u"
                " ORDER BY id LIMIT 1"
            ),
            {"p": platform, "u": username},
        ).scalar()
    return None if found is None else str(found)


def answer_from(engine: Engine, turn: TurnResult) -> BotAnswer:
    """A finished turn as a chat shows it: the answer, its sources, pending cards and charts."""
    results = _turn_results(engine, turn.thread_id)
    pending = [get_proposal(engine, p["id"]) for p in turn.proposals if p.get("id")]
    return BotAnswer(
        thread_id=turn.thread_id,
        text=_without_sources_line(turn.answer),
        sources=list(dict.fromkeys(s for r in results for s in r.sources)),
        proposals=[p for p in pending if p.status == "pending"],
        charts=[c for r in results for c in _charts(r)],
    )


def _turn_results(engine: Engine, thread_id: str) -> list[ToolResult]:
    """The tool results of the thread's latest turn, as typed results."""
    messages = agent_for(engine).state(thread_id).get("messages", [])
    last_human = max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=-1)
    results = []
    for m in messages[last_human + 1 :]:
        if isinstance(m, ToolMessage) and isinstance(m.content, str):
            try:
                results.append(ToolResult.model_validate_json(m.content))
            except ValidationError:
                continue  # not one of our tools' results
    return results


def _charts(result: ToolResult) -> list[Chart]:
    """A chart for each KPI result that is a ranking or a series."""
    if result.tool != "kpi_query" or not result.ok:
        return []
    charts = []
    for kpi in result.typed(KpiValues).root:
        png = kpi_chart_png(kpi.model_dump(mode="json"))
        if png is not None:
            title = f"{kpi.title}, {kpi.period.label} ({kpi.scope_plant or 'all'})"
            charts.append(Chart(title=title, png=png))
    return charts


def _without_sources_line(answer: str) -> str:
    """The answer without its closing 'Sources: ...' paragraph: cards list sources apart."""
    paragraphs = answer.rstrip().split("\n\n")
    if len(paragraphs) > 1 and paragraphs[-1].startswith("Sources:"):
        paragraphs = paragraphs[:-1]
    return "\n\n".join(paragraphs)


def decide_from_chat(
    engine: Engine,
    actor: Actor,
    proposal_id: str,
    decision: Decision,
    platform: str,
    *,
    comment: str = "",
    edited_payload: dict[str, object] | None = None,
) -> DecisionOutcome:
    """Decide as the clicker through the one approval path; the originating thread reports.

    Raises GovernanceError when refused (four-eyes, limit, scope, already decided), and then
    nothing has changed; a thread busy past a short wait is refused the same way.
    """
    try:
        return decide_proposal(
            engine, proposal_id, actor, decision, edited_payload=edited_payload,
            comment=comment, channel=platform, lock_wait_s=DECISION_WAIT_S,
        )  # fmt: skip
    except ThreadBusy as err:
        raise GovernanceError(f"{err}; try again in a moment") from err


def as_decision(value: str) -> Decision:
    """A decision named by a button or card; anything else is refused."""
    if value not in ("approve", "edit", "reject"):
        raise GovernanceError(f"decision must be approve, edit or reject, not {value!r}")
    return cast(Decision, value)


def proposal(engine: Engine, proposal_id: str) -> ProposalView:
    return get_proposal(engine, proposal_id)


def plant_timezone(engine: Engine, plant_code: str) -> str:
    """The plant's timezone, for times on cards (UTC for an unknown plant)."""
    with engine.connect() as conn:
        tz = conn.execute(
            text("SELECT timezone FROM plant WHERE code = :c"), {"c": plant_code}
        ).scalar()
    return str(tz or "UTC")


def requester(engine: Engine, view: ProposalView) -> Actor:
    return get_actor(engine, view.requested_by)


def approvers_for(engine: Engine, view: ProposalView) -> list[Actor]:
    """Everyone other than the requester whom governance would let decide this proposal."""
    with engine.connect() as conn:
        names = conn.execute(text("SELECT username FROM app_user ORDER BY username")).scalars()
        users = [str(n) for n in names if n != view.requested_by]
    actors = [get_actor(engine, u) for u in users]
    return [a for a in actors if may_decide(a, view)]


def alert_text(notice: AlertNotice) -> str:
    """What an alert says beyond its subject: why this person gets it, and where."""
    return f"You get this as {notice.reason}, at {notice.plant}."


def suggested_actions(notice: AlertNotice) -> list[tuple[str, str]]:
    """(label, prompt) of each suggested action an alert carries that can be asked."""
    return [(str(a["label"]), str(a["prompt"])) for a in notice.actions
            if a.get("label") and a.get("prompt")]  # fmt: skip


def first_time(engine: Engine, platform: str, event_id: str) -> bool:
    """Record a platform event id; False when it was seen before (a retry)."""
    with engine.begin() as conn:
        inserted = conn.execute(
            text(
                "INSERT INTO bots.platform_event (platform, event_id) VALUES (:p, :e)"
                " ON CONFLICT DO NOTHING RETURNING event_id"
            ),
            {"p": platform, "e": event_id},
        ).first()
    return inserted is not None


def forget(engine: Engine, platform: str, event_id: str) -> None:
    """Undo `first_time` when handling failed, so the retry is handled."""
    with engine.begin() as conn:
        conn.execute(
            text("DELETE FROM bots.platform_event WHERE platform = :p AND event_id = :e"),
            {"p": platform, "e": event_id},
        )


@dataclass(frozen=True)
class CardCopy:
    """Where one copy of a proposal card was posted."""

    conversation: str
    message_id: str
    service_url: str | None = None


def record_card(engine: Engine, proposal_id: str, platform: str, copy: CardCopy) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO bots.card_copy (proposal_id, platform, conversation, message_id,"
                " service_url) VALUES (:pid, :p, :c, :m, :s) ON CONFLICT DO NOTHING"
            ),
            {"pid": proposal_id, "p": platform, "c": copy.conversation,
             "m": copy.message_id, "s": copy.service_url},
        )  # fmt: skip


def card_copies(engine: Engine, proposal_id: str, platform: str) -> list[CardCopy]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT conversation, message_id, service_url FROM bots.card_copy"
                " WHERE proposal_id = :pid AND platform = :p ORDER BY id"
            ),
            {"pid": proposal_id, "p": platform},
        ).all()
    return [CardCopy(r[0], r[1], r[2]) for r in rows]


def edited_payload_from(text_value: str) -> dict[str, object]:
    """An approver's edited payload typed into a form; a GovernanceError says what is wrong."""
    try:
        value = json.loads(text_value)
    except json.JSONDecodeError as err:
        raise GovernanceError(f"the edited payload is not valid JSON: {err.msg}") from err
    if not isinstance(value, dict):
        raise GovernanceError("the edited payload must be a JSON object of the proposal's fields")
    return value
