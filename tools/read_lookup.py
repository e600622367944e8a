"""Read tools that find items and suppliers from codes, names, typos or meaning."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field
from sqlalchemy import Connection, Engine, text

from tools.lookup import Candidate, find_entities
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


def _rows_by_code(conn: Connection, sql: str, codes: list[str]) -> dict[str, dict[str, Any]]:
    """The master-data rows of the matched codes, keyed by code (`sql` binds :codes)."""
    return {r["code"]: dict(r) for r in conn.execute(text(sql), {"codes": codes}).mappings()}


def _run_lookup_item(engine: Engine, ctx: CallContext, args: LookupArgs) -> ToolResult:
    matches = find_entities(engine, "item", args.query, args.limit)
    plants = visible_plants(ctx.actor, engine)
    codes = [m.code for m in matches]
    with engine.connect() as conn:
        items = _rows_by_code(
            conn,
            "SELECT code, description, family, item_type, uom, program, criticality "
            "FROM item WHERE code = ANY(:codes)",
            codes,
        )
        stock = conn.execute(
            text(
                "SELECT item_code, plant_code, status, sum(qty) AS qty FROM inventory_balance "
                "WHERE item_code = ANY(:codes) AND plant_code = ANY(:plants) "
                "GROUP BY item_code, plant_code, status ORDER BY plant_code, status"
            ),
            {"codes": codes, "plants": plants},
        ).all()
    on_hand: dict[str, list[dict[str, Any]]] = {c: [] for c in codes}
    for item_code, plant, status, qty in stock:
        on_hand[item_code].append({"plant": plant, "status": status, "qty": float(qty)})
    data = [
        {**items[m.code], "match": m.how, "score": round(m.score, 3), "on_hand": on_hand[m.code]}
        for m in matches
    ]
    if not data:
        summary = f"No item matches {args.query!r}."
    else:
        summary = f"{len(data)} item(s) match {args.query!r} ({_how(matches)} match): " + "; ".join(
            f"{d['code']} {d['description']}" for d in data
        )
    return ToolResult(ok=True, tool="lookup_item", data=data, summary=summary, sources=codes)


def _run_lookup_supplier(engine: Engine, ctx: CallContext, args: LookupArgs) -> ToolResult:
    matches = find_entities(engine, "supplier", args.query, args.limit)
    codes = [m.code for m in matches]
    with engine.connect() as conn:
        rows = _rows_by_code(
            conn,
            "SELECT code, name, email, country, interplant FROM supplier WHERE code = ANY(:codes)",
            codes,
        )
    data = [{**rows[m.code], "match": m.how, "score": round(m.score, 3)} for m in matches]
    if not data:
        summary = f"No supplier matches {args.query!r}."
    else:
        summary = (
            f"{len(data)} supplier(s) match {args.query!r} ({_how(matches)} match): "
            + "; ".join(f"{d['code']} {d['name']}" for d in data)
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
    ),
]
