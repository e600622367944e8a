"""Read tools that find items and suppliers from codes, names, typos or meaning."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field
from sqlalchemy import Engine

from domain import master_data
from domain.uow import read_snapshot
from tools.lookup import Candidate, find_entities
from tools.result_data import ItemMatch, ItemMatches, StockAt, SupplierMatch, SupplierMatches
from tools.results import ToolResult
from tools.scope import visible_plants
from tools.tool import Tool

if TYPE_CHECKING:
    from governance.context import Actor, CallContext


class LookupArgs(BaseModel):
    query: str = Field(
        min_length=1,
        max_length=200,
        description="A code (e.g. 'E-4410', 'VOLTAIC') or words/fuzzy name (e.g. 'heater module', "
        "'voltaic').",
    )
    limit: int = Field(default=5, ge=1, le=20, description="Most matches to return.")


def _no_plants(args: Any, actor: Actor, engine: Engine) -> list[str]:
    return []  # master data belongs to no plant; plant facts below are filtered to scope


def _how(matches: list[Candidate]) -> str:
    return matches[0].how if matches else "none"


def _stock_words(on_hand: list[StockAt]) -> str:
    """' (LKS: 1,800 on hand: 300 available, 1,500 quality_hold)' for the plants in scope."""
    by_plant: dict[str, list[StockAt]] = {}
    for s in on_hand:
        by_plant.setdefault(s.plant, []).append(s)
    parts = [
        f"{plant}: {sum(s.qty for s in rows):,.0f} on hand: "
        + ", ".join(f"{s.qty:,.0f} {s.status}" for s in rows)
        for plant, rows in sorted(by_plant.items())
    ]
    return f" ({'; '.join(parts)})" if parts else ""


def _run_lookup_item(engine: Engine, ctx: CallContext, args: LookupArgs) -> ToolResult:
    plants = visible_plants(ctx.actor, engine)
    with read_snapshot(engine) as conn:
        matches = find_entities(conn, "item", args.query, args.limit)
        codes = [m.code for m in matches]
        items = master_data.item_rows(conn, codes)
        stock = master_data.stock_by_status(conn, codes, plants)
    on_hand: dict[str, list[StockAt]] = {c: [] for c in codes}
    for item_code, plant, status, qty in stock:
        on_hand[item_code].append(StockAt(plant=plant, status=status, qty=qty))
    data = ItemMatches(
        [
            ItemMatch(
                **items[m.code], match=m.how, score=round(m.score, 3), on_hand=on_hand[m.code]
            )
            for m in matches
        ]
    )
    if not matches:
        summary = f"No item matches {args.query!r}."
    else:
        summary = f"{len(matches)} item(s) match {args.query!r} ({_how(matches)} match): " + (
            "; ".join(f"{d.code} {d.description}{_stock_words(d.on_hand)}" for d in data.root)
        )
    return ToolResult(ok=True, tool="lookup_item", data=data, summary=summary, sources=codes)


def _run_lookup_supplier(engine: Engine, ctx: CallContext, args: LookupArgs) -> ToolResult:
    with read_snapshot(engine) as conn:
        matches = find_entities(conn, "supplier", args.query, args.limit)
        codes = [m.code for m in matches]
        rows = master_data.supplier_rows(conn, codes)
    data = SupplierMatches(
        [SupplierMatch(**rows[m.code], match=m.how, score=round(m.score, 3)) for m in matches]
    )
    if not matches:
        summary = f"No supplier matches {args.query!r}."
    else:
        summary = (
            f"{len(matches)} supplier(s) match {args.query!r} ({_how(matches)} match): "
            + "; ".join(f"{d.code} {d.name}" for d in data.root)
        )
    return ToolResult(ok=True, tool="lookup_supplier", data=data, summary=summary, sources=codes)


TOOLS = [
    Tool(
        name="lookup_item",
        kind="read",
        description=(
            "Find items (parts, finished goods) by exact code, by words in the description, by a "
            "misspelt code or name, or by meaning (e.g. 'seat heater controller'). Use it to turn "
            "what the user typed into an item code before calling other tools. Returns code, "
            "description, family, type, criticality, how it matched, and on-hand quantity by "
            "plant and status (available / quality_hold / blocked) for the plants you may see."
        ),
        input_model=LookupArgs,
        plants=_no_plants,
        run=_run_lookup_item,
        result_model=ItemMatches,
    ),
    Tool(
        name="lookup_supplier",
        kind="read",
        description=(
            "Find suppliers by code, by (partial or misspelt) name such as 'voltaic', or by "
            "meaning. Use it to get the supplier code other tools need. Returns code, name, "
            "email, country, whether it is an interplant (internal) supplier, and how it matched."
        ),
        input_model=LookupArgs,
        plants=_no_plants,
        run=_run_lookup_supplier,
        result_model=SupplierMatches,
    ),
]
