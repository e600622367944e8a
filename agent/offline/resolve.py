"""The second step of an action named by its item, supplier or a relative date: once the open PO
lines are read, act on the one line meant, or ask which of the best two (and take the answer)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from agent.offline.compose import Observation
from agent.offline.date_moves import shifted
from agent.offline.planners import LOOKUP_TOOL, Pending, Plan, Recall, ToolCall
from agent.offline.wo_moves import is_move

INTENT_OF = {
    "expedite_po": "expedite",
    "expedite_quote": "expedite_quote",
    "explain_po_risk": "po_risk",
    "draft_supplier_escalation": "escalation",
    "request_po_date_change": "po_date_change",
    "propose_resequence": "resequence",
}
ASK_WHICH = {
    "expedite_po": "Which one should I expedite",
    "expedite_quote": "Which one do you want the expedite quote for",
    "explain_po_risk": "Which one's risk do you mean",
    "draft_supplier_escalation": "Which one should the escalation be about",
    "request_po_date_change": "Which one should move",
}
KEPT = ("po_number", "line_no", "item", "supplier", "supplier_name", "open_qty", "confirmed_qty",
        "arrives_at", "promised_at")  # fmt: skip
CHOICES_SHOWN = 2
# Reads about an item's or supplier's open line: the one most likely to hit production answers.
MOST_LIKELY_FIRST = ("expedite_quote", "explain_po_risk")
FIRST_RE = re.compile(r"\b(?:first|1st|top|former|earlier|sooner|number one|#1)\b", re.I)
SECOND_RE = re.compile(r"\b(?:second|2nd|other|latter|later|last|number two|#2)\b", re.I)
BOTH_RE = re.compile(r"\b(?:both|all of them|each|all)\b", re.I)
NEITHER_RE = re.compile(r"\b(?:neither|none|no|nope|don'?t|cancel|never ?mind)\b", re.I)


def open_lines(observations: list[Observation]) -> list[dict[str, Any]] | None:
    """The open PO lines the lookup read (best first), or None if it was not run or failed."""
    for obs in observations:
        if obs.tool == LOOKUP_TOOL:
            data = obs.result.get("data") if obs.result.get("ok") else None
            rows = data.get("lines") if isinstance(data, dict) else None
            return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else None
    return None


# Actions where the facts may pick the line: the one the shortage waits on is the one meant.
FACTS_PICK = ("expedite_po", "expedite_quote", "draft_supplier_escalation")


def _unconfirmed(row: dict[str, Any]) -> float:
    if row.get("unconfirmed_qty") is not None:
        return float(row["unconfirmed_qty"])
    return float(row.get("open_qty") or 0) - float(row.get("confirmed_qty") or 0)


def singled_out(rows: list[dict[str, Any]], pending: Pending) -> tuple[list[dict[str, Any]], str]:
    """The lines the user's words or the facts leave of several, and why when they leave one:
    'the 600' (a line's open or unconfirmed quantity), 'the rest' (the one line with an
    unconfirmed quantity), else the one line the item's shortage waits on (due before it and
    not all there in time) while the others are confirmed and come after it."""
    if len(rows) < 2:
        return rows, ""
    qty = pending.args.get("qty")
    if qty is not None:
        fits = [r for r in rows if qty in (r.get("open_qty"), _unconfirmed(r))]
        if len(fits) == 1:
            which = "unconfirmed" if qty == _unconfirmed(fits[0]) else "open"
            return fits, f"its {which} quantity is the {qty:,.0f} you named"
        rows = fits or rows
    if pending.prefer == "unconfirmed":
        fits = [r for r in rows if _unconfirmed(r) > 0]
        if len(fits) == 1:
            return fits, (
                f"it is the only one with a quantity the supplier has not confirmed "
                f"({_unconfirmed(fits[0]):,.0f} unconfirmed)"
            )
        rows = fits or rows
    if pending.tool in FACTS_PICK:
        fits = [r for r in rows if r.get("holds_up_production")]
        if len(fits) == 1:
            row, others = fits[0], [r for r in rows if r is not fits[0]]
            missing = (f"{_unconfirmed(row):,.0f} unconfirmed" if _unconfirmed(row) > 0
                       else f"arriving {row.get('arrives_at')}")  # fmt: skip
            rest = "; ".join(f"{r['po_number']}/{r['line_no']} arrives {r.get('arrives_at')}"
                             for r in others)  # fmt: skip
            return fits, (
                f"it is the line the {row.get('item')} shortage from {row.get('first_short_at')} "
                f"waits on (due before it, {missing}); the other line is not due before the "
                f"shortage ({rest})"
            )
    return rows, ""


def action_call(pending: Pending, row: dict[str, Any]) -> ToolCall | None:
    """The pending action's call for one PO line; None when a date change has no new date."""
    po = str(row["po_number"])
    line = {"line_no": int(row["line_no"])} if int(row.get("line_no") or 1) != 1 else {}
    args = dict(pending.args)
    if pending.amount is not None and pending.amount in (row.get("open_qty"), _unconfirmed(row)):
        args["qty"] = pending.amount  # "the 600 air": the line's quantity; else it was money
    if pending.tool == "draft_supplier_escalation":
        return pending.tool, {"supplier": str(row["supplier"]), "po_number": po, **args}
    if pending.tool == "request_po_date_change":
        if pending.shift_days is not None and row.get("promised_at"):
            moved = shifted(datetime.fromisoformat(str(row["promised_at"])), pending.shift_days)
            args["new_date"] = moved.strftime("%Y-%m-%dT%H:%M")
        if "new_date" not in args:
            return None
    return pending.tool, {"po_number": po, **line, **args}


def _described(row: dict[str, Any]) -> str:
    facts = [str(row.get("supplier_name") or row.get("supplier") or "")]
    if row.get("open_qty") is not None:
        facts.append(f"{float(row['open_qty']):,.0f} open")
    if row.get("confirmed_qty") is not None:
        facts.append(f"{float(row['confirmed_qty']):,.0f} confirmed")
    if row.get("arrives_at"):
        facts.append(f"arrives {row['arrives_at']}")
    return f"{row['po_number']}/{row['line_no']} ({', '.join(f for f in facts if f)})"


def _question(pending: Pending, rows: list[dict[str, Any]]) -> str:
    shown = rows[:CHOICES_SHOWN]
    more = " (the two most likely to hit production first)" if len(rows) > CHOICES_SHOWN else ""
    return (
        f"{pending.named or 'That'} has several open PO lines at your plants{more}: "
        f"{_described(shown[0])} or {_described(shown[1])}. {ASK_WHICH[pending.tool]}?"
    )


def resolved_sentence(pending: Pending, row: dict[str, Any], why: str = "") -> str:
    said = f"The open PO line for {pending.named or row['po_number']}: {_described(row)}."
    return said + (f" Of its open lines I took this one: {why}." if why else "")


def _plant_clock(row: dict[str, Any]) -> str | None:
    """A clear-to-build row's start as 'HH:MM' on its plant's clock, from the typed time."""
    at = row.get("start_at_plant")
    return None if at is None else datetime.fromisoformat(str(at)).strftime("%H:%M")


def _jobs_found(pending: Pending, observations: list[Observation]) -> list[dict[str, Any]] | None:
    """The one WO of the day's rows for each job described ('the 10am vega'), else None."""
    rows = next((o.result.get("data") for o in observations if o.tool == "clear_to_build"), None)
    if not isinstance(rows, list):
        return None
    found = []
    for job in pending.jobs:
        fits = [r for r in rows if isinstance(r, dict)
                and _plant_clock(r) == job["clock"]
                and (not job["items"] or r.get("item") in job["items"])]  # fmt: skip
        if len(fits) != 1:
            return None
        found.append(fits[0])
    return found if len({r["work_order"] for r in found}) == len(found) else None


def _jobs_sentence(found: list[dict[str, Any]]) -> str:
    named = "; ".join(f"{r['work_order']} ({r.get('item')}, {r.get('start_local')})" for r in found)
    return f"The work orders you described: {named}."


def _resequence_step(plan: Plan, observations: list[Observation]) -> Plan | None:
    """After the line's WOs of the day are read: the swap of the jobs described, or a question."""
    pending = plan.then
    assert pending is not None
    if any(o.tool == pending.tool for o in observations):
        return None
    found = _jobs_found(pending, observations)
    if found is None:
        said = ", ".join(str(j["said"]) for j in pending.jobs)
        return Plan("clarify", reply=f"I could not tell which work orders on {pending.named} you "
                    f"mean by {said}. Which ones? For example: 'swap WO-DOOR1-0303-1000 and "
                    "WO-DOOR1-0303-1400'.", act=pending.act)  # fmt: skip
    by_start = sorted(found, key=lambda r: str(r.get("start", "")))
    orders = [str(r["work_order"]) for r in by_start]
    sequence = orders[::-1] if len(orders) == 2 else orders  # a swap: the later one runs first
    call = (pending.tool, {**pending.args, "sequence": sequence})
    return Plan("resequence", [call], focus={"resolved": _jobs_sentence(found)}, act=pending.act)


def next_step(plan: Plan, observations: list[Observation]) -> Plan | None:
    """After the lookup: the action on the one line meant, or a question naming the best two.
    None when there is nothing more to call (the action ran, or the lookup failed)."""
    pending = plan.then
    if is_move(pending):
        return None  # a WO moved by time and product: wo_moves takes its steps
    if pending is not None and pending.tool == "propose_resequence":
        return _resequence_step(plan, observations)
    if pending is None or any(o.tool == pending.tool for o in observations):
        return None
    rows = open_lines(observations)
    if rows is None:
        return None
    rows, why = singled_out(rows, pending)
    intent = INTENT_OF.get(pending.tool, plan.intent)
    if not rows:
        return Plan("clarify", reply=f"There is no open PO line for {pending.named or 'that'} "
                    "at your plants, so I have nothing to act on.", act=pending.act)  # fmt: skip
    by_quantity = pending.tool == "expedite_quote" and pending.args.get("qty") is not None
    if len(rows) > 1 and pending.tool in MOST_LIKELY_FIRST and not by_quantity:
        # A question (an expedite's cost, a line's risk): the line most likely to hit production
        call = action_call(pending, rows[0])
        sentence = resolved_sentence(pending, rows[0]).replace(
            ": ", " most likely to hit production first: ", 1
        )
        return Plan(intent, [call] if call else [], focus={"resolved": sentence}, act=pending.act)
    if len(rows) > 1:
        choices = tuple({k: r.get(k) for k in KEPT} for r in rows[:CHOICES_SHOWN])
        return Plan("clarify", reply=_question(pending, rows), act=pending.act, then=pending,
                    choices=choices)  # fmt: skip
    call = action_call(pending, rows[0])
    if call is None:
        supplier = rows[0].get("supplier_name") or rows[0].get("supplier")
        named = f"{rows[0]['po_number']}" + (f" ({supplier})" if supplier else "")
        return Plan("clarify", reply=f"To which day should {named} move? For "
                    "example: 'to Thursday' or 'out a day'.", act=pending.act)  # fmt: skip
    return Plan(intent, [call], focus={"resolved": resolved_sentence(pending, rows[0], why)},
                act=pending.act)  # fmt: skip


def picked(text: str, recall: Recall) -> Plan | None:
    """The answer to 'which one?': the line(s) it picks by PO number, 'the first', 'the other',
    'both'; None when the message picks none of the offered lines."""
    pending, choices = recall.pending, list(recall.choices)
    if pending is None or not choices or NEITHER_RE.search(text):
        return None
    numbers = set(re.findall(r"\d{4,}", text))
    rows = [c for c in choices if str(c.get("po_number", "")).removeprefix("PO-") in numbers]
    if not rows and len(text.split()) <= 8:
        if BOTH_RE.search(text):
            rows = choices
        elif FIRST_RE.search(text):
            rows = choices[:1]
        elif SECOND_RE.search(text):
            rows = choices[1:2]
    calls = [call for call in (action_call(pending, r) for r in rows) if call is not None]
    if not calls:
        return None
    intent = INTENT_OF.get(pending.tool, "clarify")
    focus = {"resolved": resolved_sentence(pending, rows[0])} if len(rows) == 1 else {}
    return Plan(intent, calls, focus=focus, act=pending.act)


def resolved_focus(plan: Plan, observations: list[Observation]) -> dict[str, str]:
    """The sentence naming the PO line an action was resolved to, for the final answer."""
    pending = plan.then
    if is_move(pending):
        return {}
    if pending is not None and pending.tool == "propose_resequence":
        found = _jobs_found(pending, observations)
        return {"resolved": _jobs_sentence(found)} if found else {}
    rows = open_lines(observations) if pending is not None else None
    if pending is None or not rows:
        return {}
    done = [o.args.get("po_number") for o in observations if o.tool == pending.tool]
    row = next((r for r in rows if r.get("po_number") in done), None)
    if row is None:
        return {}
    kept, why = singled_out(rows, pending)
    sentence = resolved_sentence(pending, row, why if kept == [row] else "")
    if pending.tool in MOST_LIKELY_FIRST and len(kept) > 1:
        sentence = sentence.replace(": ", " most likely to hit production first: ", 1)
    return {"resolved": sentence}
