"""Answers from `po_lines_by_impact`'s typed rows: what the supplier confirmed on a PO line
(confirmed of ordered, for when, what is unconfirmed), and a supplier's open lines with their
lateness. Every figure is a field of a row, or a count of listed lines (the ledger's)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from agent.offline import ledger
from tools.result_data import RankedPoLine, RankedPoLines

SHOWN = 8  # lines listed in a supplier's answer
# What each answer counts, stated in its policy line instead of the ranking's.
POLICIES = {
    "po_confirmation": "confirmed: the supplier's latest confirmation of the line (quantity and "
    "the time it is for); unconfirmed: the open quantity it has not confirmed, not counted as "
    "supply by default",
    "supplier_lines": "open PO lines of the supplier at your plants, most likely to hit "
    "production first; arrival: ASN ETA, else confirmed date, else promised date",
    "late_po_lines": "late: promised before now and not received in full; arriving late: the "
    "best-known arrival (ASN ETA, else confirmed date) is after the promised date",
}


def _lines(result: Mapping[str, Any]) -> RankedPoLines | None:
    try:
        return RankedPoLines.model_validate(result.get("data"))
    except ValidationError:
        return None


def _whose(name: str) -> str:
    """'Voltaic Components'' and 'Saltillo Trim's': a name's possessive."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _qty(x: float) -> str:
    return f"{x:,.0f}"


def _promised(row: RankedPoLine) -> str:
    """The promised date on the plant's clock ('Mon 2026-03-02 14:00')."""
    return datetime.fromisoformat(row.promised_at).strftime("%a %Y-%m-%d %H:%M")


def _which(row: RankedPoLine) -> str:
    return f"{row.po_number}/{row.line_no} ({row.item} {row.item_description})"


def confirmation_sentence(row: RankedPoLine) -> str:
    """'Voltaic Components confirmed 400 of the 1,000 ordered on PO-7781/1 (...), for Tue
    2026-03-03 06:00; 600 are unconfirmed (promised Tue 2026-03-03 06:00).'"""
    who, which = row.supplier_name, _which(row)
    received = f" ({_qty(row.qty_received)} received so far)" if row.qty_received else ""
    if not row.confirmed_qty:
        return (f"{who} has not confirmed any of the {_qty(row.qty_ordered)} ordered on {which}"
                f"{received}; promised {_promised(row)}.")  # fmt: skip
    when = f", for {row.confirmed_for}" if row.confirmed_for else ""
    if row.unconfirmed_qty <= 0:
        text = (f"{who} confirmed the full {_qty(row.confirmed_qty)} of the "
                f"{_qty(row.qty_ordered)} ordered on {which}{when}{received}")  # fmt: skip
        if row.confirmed_for and row.confirmed_for != _promised(row):
            text += f" (promised {_promised(row)})"
    else:
        text = (f"{who} confirmed {_qty(row.confirmed_qty)} of the {_qty(row.qty_ordered)} "
                f"ordered on {which}{when}{received}; the other {_qty(row.unconfirmed_qty)} are "
                f"unconfirmed, with no date confirmed for them (promised "
                f"{_promised(row)})")  # fmt: skip
    if row.asn_number and row.arrives_at != row.confirmed_for:
        text += f". {row.asn_number} is {row.asn_status}: best-known arrival {row.arrives_at}"
    return text + "."


def describe_confirmation(result: Mapping[str, Any], asked_supplier: str | None = None,
                          suppliers: Mapping[str, str] | None = None) -> str:  # fmt: skip
    """What the supplier committed to on each line read (a PO's lines, or a supplier's)."""
    found = _lines(result)
    if found is None:
        return str(result.get("summary", ""))
    if not found.lines:
        return f"No open PO line matches at {', '.join(found.plants)}, so there is no open " \
               "confirmation to report."  # fmt: skip
    parts = [confirmation_sentence(r) for r in found.lines[:SHOWN]]
    first = found.lines[0]
    if asked_supplier and asked_supplier != first.supplier:
        named = (suppliers or {}).get(asked_supplier, asked_supplier)
        parts.insert(
            0, f"{first.po_number} is {_whose(first.supplier_name)} PO, not {_whose(named)}."
        )
    return "\n".join(parts)


def _line_facts(row: RankedPoLine) -> str:
    """'PO-7781/1 E-4410 Seat heater control module: 1,000 open, 400 confirmed for ..., 600
    unconfirmed, arrives Tue ...; short Wed ... (30)'."""
    text = f"{_which(row)}: {_qty(row.open_qty)} open"
    if row.confirmed_qty:
        text += f", {_qty(row.confirmed_qty)} confirmed" + (
            f" for {row.confirmed_for}" if row.confirmed_for else ""
        )
    if row.unconfirmed_qty:
        text += f", {_qty(row.unconfirmed_qty)} unconfirmed"
    text += f", promised {_promised(row)}, arrives {row.arrives_at}"
    if row.late:
        text += f", {row.days_late:g} days late"
    elif row.arrives_late_hours:
        text += f" ({row.arrives_late_hours:g} h after its promised date)"
    if row.hits_production_in_horizon and row.first_short_at:
        text += f"; {row.item} short {row.first_short_at} ({_qty(row.qty_short)})"
    return text


def _listed(rows: Sequence[RankedPoLine], total: int) -> list[str]:
    shown = [f"- {_line_facts(r)}" for r in rows[:SHOWN]]
    if total > len(rows[:SHOWN]):
        shown.append("- … and more in the result")
    return shown


def describe_supplier_lines(
    result: Mapping[str, Any], supplier: str | None, names: Mapping[str, str], late: bool
) -> str:
    """A supplier's open PO lines at the plants read; asked for lateness, the late ones (promised
    before now, not received) first, or that none is, with those arriving after their date."""
    found = _lines(result)
    if found is None:
        return str(result.get("summary", ""))
    name = names.get(supplier or "", supplier or "the supplier")
    where = ", ".join(found.plants)
    if not found.lines:
        return f"{name} has no open PO line at {where}."
    head = f"{name} has {found.total} open PO line(s) at {where}"
    if not late:
        return "\n".join([f"{head}:", *_listed(found.lines, found.total)])
    overdue = [r for r in found.lines if r.late]
    arriving = [r for r in found.lines if not r.late and r.arrives_late_hours > 0]
    if overdue:
        lines = [f"{found.late} of {_whose(name)} {found.total} open PO line(s) at {where} are "
                 "late (promised before now and not received):",
                 *_listed(overdue, found.late)]  # fmt: skip
    else:
        lines = [f"Nothing from {name} is late: none of its {found.total} open PO line(s) at "
                 f"{where} was promised before now without being received."]  # fmt: skip
    if arriving:
        count = ledger.count([f"{r.po_number}/{r.line_no}" for r in arriving])
        lines.append(f"{count} will arrive after its promised date:" if count == 1
                     else f"{count} will arrive after their promised dates:")  # fmt: skip
        lines += [f"- {_line_facts(r)}" for r in arriving[:SHOWN]]
    rest = [r for r in found.lines if r not in overdue and r not in arriving]
    if rest:
        lines.append("On time so far:")
        lines += _listed(rest, len(rest))
    return "\n".join(lines)
