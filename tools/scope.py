"""Which plants a tool call touches and which rows of an answer the caller may see."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from domain import master_data
from governance.policy import in_scope
from tools.results import ToolError

if TYPE_CHECKING:
    from governance.context import Actor


def all_plants(engine: Engine) -> list[str]:
    return master_data.plant_codes(engine)


def visible_plants(actor: Actor, engine: Engine) -> list[str]:
    """The plants of the actor's scope that exist ('*' in the scope means every plant)."""
    return [p for p in all_plants(engine) if in_scope(actor, p)]


def sees_every_plant(actor: Actor, engine: Engine) -> bool:
    return set(visible_plants(actor, engine)) == set(all_plants(engine))


def default_plant(actor: Actor, engine: Engine) -> str:
    """The user's own plant, for questions that name none."""
    plants = visible_plants(actor, engine)
    if plants:
        # The first plant of the scope is the user's home plant.
        first = actor.plant_scope[0].upper()
        return first if first in plants else plants[0]
    raise ToolError(f"{actor.username} has no plant in scope; name a plant (e.g. plant='LKS')")


def home_plants(actor: Actor, engine: Engine) -> list[str]:
    """What 'my plant' means: the home plant, or every plant for an all-plants user."""
    return visible_plants(actor, engine) if actor.all_plants else [default_plant(actor, engine)]


COMPANY_WIDE = None  # a KPI computed over every plant: a supplier's own record


def kpi_plants(
    plant: str | None, supplier: str | None, actor: Actor, engine: Engine,
    group_by: str | None = None,
) -> list[str | None]:  # fmt: skip
    """The plants a KPI is computed for, each a result (None: company-wide).

    The scope rule for KPIs, in one place: a supplier's performance is the supplier's record,
    not a plant's. A KPI of one supplier (not broken down by plant or supplier) is therefore
    computed company-wide, aggregates only, and then at each plant of the user's scope, so a
    Lakeside buyer sees Voltaic's OTIF over all plants (DOMAIN.md's 71%) beside its Lakeside
    figure. Everything else stays inside the user's plants: the plant named, every plant at once
    for an all-plants user, else each of theirs.
    """
    if plant:
        return [plant.upper()]
    if sees_every_plant(actor, engine):
        return [COMPANY_WIDE]
    own: list[str | None] = list(visible_plants(actor, engine))
    if supplier and group_by in (None, "month"):
        return [COMPANY_WIDE, *own]
    return own


def requested_or_visible(plant: str | None, actor: Actor, engine: Engine) -> list[str]:
    """The named plant, else every plant the actor sees (data is then filtered to these)."""
    return [plant.upper()] if plant else visible_plants(actor, engine)


def po_plant(engine: Engine, po_number: str) -> str | None:
    return master_data.po_plant(engine, po_number)


def line_plant(engine: Engine, line: str) -> str | None:
    return master_data.line_plant(engine, line)


def po_plants(args: Any, actor: Actor, engine: Engine) -> list[str]:
    """A PO tool's `plants`: the plant of `args.po_number` (none when the PO is unknown)."""
    return plants_of([po_plant(engine, args.po_number)])


def require_po(engine: Engine, po_number: str) -> str:
    plant = po_plant(engine, po_number)
    if plant is None:
        raise ToolError(
            f"no purchase order {po_number!r}; check po_number (e.g. 'PO-7781')", "not_found"
        )
    return plant


def require_line(engine: Engine, line: str) -> str:
    plant = line_plant(engine, line)
    if plant is None:
        raise ToolError(f"no line {line!r}; check line (e.g. 'LKS-SEAT1')", "not_found")
    return plant


def shipping_stock(
    engine: Engine, actor: Actor, plant: str, item: str, qty: float, lot: str | None = None
) -> str:
    """What a caller may know of the stock a transfer would ship from `plant`, as a fact.

    At a plant in the caller's scope: the available figure. At another plant: only whether
    `qty` can ship, never its on-hand. Raises ToolError when `qty` is more than is available.
    """
    available = master_data.available_qty(engine, plant, item, lot)
    where = plant + (f" lot {lot}" if lot else "")
    if in_scope(actor, plant):
        if qty > available:
            raise ToolError(f"qty {qty:,.0f} is more than the {available:,.0f} {item} "
                            f"available at {where}")  # fmt: skip
        return f"{available:,.0f} {item} available at {where}"
    if qty > available:
        raise ToolError(
            f"{where} cannot ship {qty:,.0f} {item}; {plant} is not in your scope "
            f"({', '.join(actor.plant_scope)}), so its stock is not shown, only whether a "
            "transfer of that quantity fits"
        )
    return f"{where} can ship {qty:,.0f} {item} (checked; its stock is outside your scope)"


def plants_of(*groups: Iterable[str | None]) -> list[str]:
    """Distinct plant codes, in order, ignoring unknowns (None)."""
    seen: list[str] = []
    for group in groups:
        for p in group:
            if p and p not in seen:
                seen.append(p)
    return seen
