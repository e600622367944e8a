"""Facts a propose tool cites, from the domain: PO line status, shortages, supplier OTIF."""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import Engine

from domain import master_data
from domain.clock import as_of
from domain.formatting import line_hours
from domain.kpis import compute_kpi, format_value
from domain.planning.policy import SupplyPolicy
from domain.planning.repository import plant_timezone, shortages_for_plant
from domain.planning.shortages import Shortage
from domain.procurement.expedite import expedite_quantity
from domain.procurement.open_supply import open_supply
from tools.plant_time import local
from tools.proposing import fact
from tools.results import ToolError, jsonable
from tools.scope import require_po


def open_po_line(engine: Engine, plant: str, po_number: str, line_no: int) -> dict[str, Any]:
    """One open PO line with confirmations, ASNs and unconfirmed quantity; ToolError if closed."""
    with engine.connect() as conn:
        lines = open_supply(conn, [plant], po_number=po_number, line_no=line_no)
    if not lines:
        raise ToolError(
            f"{po_number} has no open line {line_no}; check po_number and line_no", "not_found"
        )
    return dict(jsonable(lines[0]))


class ExpediteLine(NamedTuple):
    """The open PO line an expedite (or its quote) is about, and the quantity it would move."""

    plant: str
    line: dict[str, Any]
    timezone: str
    ref: str  # 'PO-7781/1'
    qty: float


def expedite_line(engine: Engine, po_number: str, line_no: int, qty: float | None) -> ExpediteLine:
    """The line and quantity (default: its unconfirmed quantity) of an expedite of `po_number`."""
    plant = require_po(engine, po_number)
    line = open_po_line(engine, plant, po_number, line_no)
    ref = f"{po_number}/{line_no}"
    moved = expedite_quantity(ref, float(line["qty_ordered"]), float(line["received"]),
                              float(line["unconfirmed_qty"]), qty)  # fmt: skip
    return ExpediteLine(plant, line, plant_timezone(engine, plant), ref, moved)


def open_po_lines(engine: Engine, plant: str, po_number: str) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        lines = open_supply(conn, [plant], po_number=po_number)
    if not lines:
        raise ToolError(f"{po_number} has no open lines to act on", "not_found")
    return list(jsonable(lines))


def item_shortage(engine: Engine, plant: str, item: str) -> Shortage | None:
    """The item's first shortage at the plant under the default supply policy, if any."""
    # The whole plant is projected (a few ms) so the item sees the same plan order as the line.
    found = [s for s in shortages_for_plant(engine, plant, policy=SupplyPolicy()) if s.item == item]
    return found[0] if found else None


def shortage_fact_text(s: Shortage, engine: Engine) -> str:
    tz = plant_timezone(engine, s.plant)
    return (
        f"{s.item} is first short {local(s.first_short_at, tz)} at {s.plant}, "
        f"{s.qty_short:,.0f} short, hitting {', '.join(s.work_orders[:3])}"
        + (f" and {len(s.work_orders) - 3} more WOs" if len(s.work_orders) > 3 else "")
        + f" ({line_hours(s.line_hours_at_risk)} at risk)"
    )


def supplier_contact(engine: Engine, supplier_code: str) -> tuple[str, str]:
    """(name, email) of a supplier."""
    found = master_data.supplier_contact(engine, supplier_code)
    if found is None:
        raise ToolError(f"no supplier {supplier_code!r}", "not_found")
    return found


def user_contact(engine: Engine, username: str) -> tuple[str, str]:
    """(display name, email) of a Lineside user."""
    return master_data.user_contact(engine, username) or (username, "")


def plant_name(engine: Engine, plant: str) -> str:
    return master_data.plant_name(engine, plant)


def supplier_otif(engine: Engine, supplier_code: str, supplier_name: str) -> dict[str, Any] | None:
    """The supplier's company-wide OTIF over the last 90 days next to the portfolio's."""
    now = as_of(engine)
    mine = compute_kpi(engine, "supplier_otif", supplier=supplier_code, period="last 90 days",
                       as_of=now)  # fmt: skip
    everyone = compute_kpi(engine, "supplier_otif", period="last 90 days", as_of=now)
    if mine.value is None:
        return None
    said = (
        f"{supplier_name}'s OTIF over the last 90 days is {format_value(mine.value, mine.unit)} "
        f"(portfolio {format_value(everyone.value, everyone.unit)})"
    )
    return fact(said, "kpi:supplier_otif", otif=mine.value, portfolio_otif=everyone.value,
                definition=mine.definition)  # fmt: skip
