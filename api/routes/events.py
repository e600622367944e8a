"""Events in over HTTP: one CloudEvent or a batch, the schema, dead letters, supplier documents."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import AwareDatetime, BaseModel, Field

from api.auth import CurrentUser
from api.deps import EngineDep
from api.problems import COMMON_RESPONSES, FieldError, Problem, ProblemError
from domain.documents.pdf import DocumentError
from domain.documents.proposed import (
    confirm_proposed,
    get_proposed,
    list_proposed,
    propose_from_document,
    propose_from_message,
    propose_from_text,
    reject_proposed,
)
from domain.events.files import BatchValidationError, parse_batch
from domain.events.ingest import dead_letters, ingest, replay
from domain.events.schema import event_schema
from governance.event_audit import audit_event
from governance.identity import Actor

router = APIRouter(prefix="/v1/events", tags=["events"], responses=COMMON_RESPONSES)
# Who may feed events in: the integration user (admin) and the plant's own people.
SENDERS = ("admin", "buyer", "planner", "plant_manager")


def _may_send(user: Actor) -> None:
    if user.role not in SENDERS:
        detail = f"a {user.role} may not send events; {', '.join(SENDERS)} may"
        raise ProblemError(403, "forbidden", "Not allowed", detail)


def _invalid(err: BatchValidationError, batch: bool) -> ProblemError:
    errors = [
        FieldError(field=("body" if not batch else f"body[{e.index}]") + "." + f.field,
                   message=f.message)
        for e in err.errors for f in e.errors
    ]  # fmt: skip
    detail = "; ".join(f"{e.field}: {e.message}" for e in errors) + "; nothing was applied"
    return ProblemError(422, "invalid-event", "Invalid event", detail, errors=errors)


async def _queue_delivery(outcomes: list[Any]) -> None:
    """Deliveries of newly raised alerts go out now rather than at the next sweep."""
    if any(o.result.get("alerts_raised") for o in outcomes if not o.duplicate):
        from governance.alert_jobs import queue_delivery

        await queue_delivery()


@router.post("", summary="Ingest one CloudEvent or a batch (structured JSON)")
async def post_events(request: Request, user: CurrentUser, engine: EngineDep) -> Any:
    """Each event applied once, in order per object; a malformed batch applies nothing (422)."""
    _may_send(user)
    try:
        body = json.loads(await request.body() or b"null")
    except ValueError as err:
        raise ProblemError(
            422, "invalid-event", "Invalid event", f"body: not JSON: {err}",
            errors=[FieldError(field="body", message="not JSON")],
        ) from err  # fmt: skip
    batch = isinstance(body, list)
    try:
        events = parse_batch(body if batch else [body])
    except BatchValidationError as err:
        raise _invalid(err, batch) from err
    outcomes = await run_in_threadpool(ingest, engine, events, audit_event)
    await _queue_delivery(outcomes)
    answers = [o.as_dict() for o in outcomes]
    return answers if batch else answers[0]


@router.get("/schema", summary="JSON Schema of every event type's data")
async def schema(user: CurrentUser) -> dict[str, Any]:
    return event_schema()


@router.get("/dead-letters", summary="Events that validated but could not be applied")
async def list_dead_letters(
    user: CurrentUser, engine: EngineDep,
    status: Annotated[str | None, Query(pattern="^(waiting|replayed)$")] = "waiting",
) -> list[dict[str, Any]]:  # fmt: skip
    _may_send(user)
    letters = await run_in_threadpool(dead_letters, engine, status)
    return [d.__dict__ for d in letters]


class ReplayRequest(BaseModel):
    ids: list[int] | None = Field(default=None, description="Dead-letter ids; default all waiting.")


@router.post("/dead-letters/replay", summary="Apply waiting dead letters again")
async def replay_dead_letters(
    user: CurrentUser, engine: EngineDep, body: ReplayRequest | None = None
) -> list[dict[str, Any]]:
    _may_send(user)
    outcomes = await run_in_threadpool(replay, engine, body.ids if body else None, audit_event)
    await _queue_delivery(outcomes)
    return [o.as_dict() for o in outcomes]


class DocumentText(BaseModel):
    text: str | None = Field(default=None, max_length=100_000, description="The document's text.")
    message_id: int | None = Field(default=None, description="A stored supplier message instead.")
    sent_at: AwareDatetime | None = Field(default=None, description="When it was sent.")
    ref: str = Field(default="api", max_length=200, description="Where it came from.")


def _documents(call: Any) -> Any:
    try:
        return call()
    except DocumentError as err:
        raise ProblemError(422, "unreadable-document", "Cannot propose an event", str(err)) from err


@router.post("/documents", summary="Propose an event from a supplier e-mail or text")
async def propose_document(
    user: CurrentUser, engine: EngineDep, body: DocumentText
) -> dict[str, Any]:
    """Extract PO, line, qty, dates and ETA: a *proposed* event, applied only once confirmed."""

    def run() -> Any:
        if body.message_id is not None:
            return propose_from_message(engine, body.message_id, proposed_by=user.username)
        if not body.text:
            raise DocumentError("give the document's text or a message_id")
        return propose_from_text(engine, body.text, proposed_by=user.username, ref=body.ref,
                                 sent_at=body.sent_at)  # fmt: skip

    proposal = await run_in_threadpool(_documents, run)
    return dict(proposal.as_dict())


@router.post("/documents/file", summary="Propose an event from an uploaded PDF or e-mail file")
async def propose_file(
    user: CurrentUser, engine: EngineDep, file: UploadFile,
    sent_at: Annotated[datetime | None, Query(description="When it was sent (ISO 8601).")] = None,
) -> dict[str, Any]:  # fmt: skip
    data = await file.read()
    ref = file.filename or "upload"
    proposal = await run_in_threadpool(
        _documents,
        lambda: propose_from_document(
            engine, data, proposed_by=user.username, ref=ref, sent_at=sent_at
        ),
    )
    return dict(proposal.as_dict())


@router.get("/proposed", summary="Proposed events waiting at your plants")
async def proposed(user: CurrentUser, engine: EngineDep) -> list[dict[str, Any]]:
    plants = None if user.all_plants else list(user.plant_scope)
    return [p.as_dict() for p in await run_in_threadpool(list_proposed, engine, plants)]


NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "No such proposed event at your plants"}
}


def _visible(engine: Any, pid: str, user: Actor) -> None:
    try:
        proposal = get_proposed(engine, pid)
    except DocumentError:
        proposal = None
    if proposal is None or not (user.all_plants or proposal.plant in user.plant_scope):
        raise ProblemError(404, "not-found", "No such proposed event", f"no proposed event {pid}")


class Confirmation(BaseModel):
    edits: dict[str, Any] | None = Field(default=None, description="Corrected data fields.")


@router.post(
    "/proposed/{pid}/confirm",
    responses=NOT_FOUND,
    summary="Confirm a proposed event: it is applied",
)
async def confirm(
    pid: Annotated[str, Path(max_length=20)], user: CurrentUser, engine: EngineDep,
    body: Annotated[Confirmation | None, Body()] = None,
) -> dict[str, Any]:  # fmt: skip
    await run_in_threadpool(_visible, engine, pid, user)
    proposal, outcome = await run_in_threadpool(_documents, lambda: confirm_proposed(
        engine, pid, user.username, audit_event, body.edits if body else None))  # fmt: skip
    await _queue_delivery([outcome])
    return {"proposed": proposal.as_dict(), "outcome": outcome.as_dict()}


@router.post(
    "/proposed/{pid}/reject",
    responses=NOT_FOUND,
    summary="Reject a proposed event: nothing is applied",
)
async def reject(
    pid: Annotated[str, Path(max_length=20)], user: CurrentUser, engine: EngineDep
) -> dict[str, Any]:
    await run_in_threadpool(_visible, engine, pid, user)
    done = await run_in_threadpool(_documents, lambda: reject_proposed(engine, pid, user.username))
    return dict(done.as_dict())
