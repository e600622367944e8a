"""'Was the expedite approved?', 'did priya approve it?': whether the action the thread weighs was
proposed and decided, said first, in one sentence, from the quote's own list of the proposals
already raised for the PO (`existing_proposals`, newest first)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from domain.formatting import money

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


def status_lead(observations: Sequence[Observed], focus: Mapping[str, Any]) -> str | None:
    """The answer's first sentence when the question asks whether the expedite was approved."""
    if focus.get(FOCUS_KEY) != "expedite_po":
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
