"""'Was the expedite approved?', 'did priya approve it?': whether the action the thread weighs was
proposed and decided, said first, in one sentence, from the quote's own list of the proposals
already raised for the PO (`existing_proposals`, newest first)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from domain.formatting import action_name, money

FOCUS_KEY = "status_of"  # the proposal kind whose status the question asks


class Observed(Protocol):
    @property
    def tool(self) -> str: ...

    @property
    def result(self) -> dict[str, Any]: ...


def _one(e: Mapping[str, Any], po: str) -> str:
    what = f"{e['id']} (expedite of {po}" + (f" by {e['mode']}" if e.get("mode") else "")
    what += f", {money(float(e.get('cost') or 0))})"
    by = f" by {e['decided_by']}" if e.get("decided_by") else ""
    status = str(e.get("status"))
    if status == "pending":
        return f"Not yet: {what} is pending; nobody has decided it."
    if status == "approved":
        return f"Yes: {what} was approved{by}; it has not been executed yet."
    if status == "executed":
        return f"Yes: {what} was approved{by} and has been executed."
    if status == "rejected":
        return f"No: {what} was rejected{by}."
    if status == "expired":
        return f"No: {what} expired unanswered, so it was denied by default."
    return f"{what} is {status}."


# The newest proposal of a kind, by its status: whether it went out, in one sentence.
LISTED = {
    "pending": "Not yet: {what} is pending; nothing is sent or changed until its approver says "
    "yes.",
    "approved": "Approved: {what} was approved and waits to be executed.",
    "executed": "Yes: {what} was approved and executed.",
    "rejected": "No: {what} was rejected, so nothing was sent or changed.",
    "expired": "No: {what} expired unanswered (denied by default), so nothing was sent or changed.",
    "failed": "No: {what} was approved but failed when executed.",
}


def _listed_lead(observations: Sequence[Observed], kind: str) -> str | None:
    """'Did that go out yet?' of a listing: the newest proposal of the kind and its status."""
    listing = next((o for o in observations if o.tool == "pending_proposals"
                    and o.result.get("ok")), None)  # fmt: skip
    rows = listing.result.get("data") if listing else None
    if not isinstance(rows, list):
        return None
    mine = [r for r in rows if isinstance(r, dict) and r.get("kind") == kind]
    if not mine:
        return None  # the listing itself says there is none
    newest = max(mine, key=lambda r: str(r.get("created_at") or ""))
    what = f"{newest['id']} ({action_name(kind)} at {newest.get('plant_code')})"
    template = LISTED.get(str(newest.get("status")))
    return template.format(what=what) if template else None


def status_lead(observations: Sequence[Observed], focus: Mapping[str, Any]) -> str | None:
    """The answer's first sentence when the question asks whether an action was approved or
    went out: the expedite of the quote read, else the newest proposal of the kind."""
    kind = focus.get(FOCUS_KEY)
    if not kind:
        return None
    if not any(o.tool == "expedite_quote" for o in observations):
        return _listed_lead(observations, str(kind))
    if kind != "expedite_po":
        return None
    quote = next((o for o in observations if o.tool == "expedite_quote" and o.result.get("ok")),
                 None)  # fmt: skip
    data = quote.result.get("data") if quote else None
    if not isinstance(data, dict):
        return None
    po, existing = str(data.get("po_number")), list(data.get("existing_proposals") or [])
    if not existing:
        return (f"No: no expedite has been proposed for {po}, so nothing was approved. What one "
                "would cost and who would approve it:")  # fmt: skip
    return _one(existing[0], po)
