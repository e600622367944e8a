"""Helpers shared by the tools integration tests: calling a tool as a demo persona."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, text

from governance.context import CallContext
from governance.identity import get_actor
from tools.results import ToolResult
from tools.runner import call_tool

PERSONAS = ["dana.kim", "luis.ortega", "priya.nair", "morgan.lee", "sam.okafor", "eve.tester"]
# Tables a propose tool must never write.
DOMAIN_TABLES = [
    "purchase_order", "po_line", "supplier_confirmation", "shipment", "goods_receipt",
    "inventory_balance", "quality_hold", "work_order", "premium_freight", "supplier_message",
]  # fmt: skip


def call(engine: Engine, username: str, tool: str, args: dict[str, Any]) -> ToolResult:
    ctx = CallContext(get_actor(engine, username), "cli", f"test-{username}")
    return call_tool(engine, ctx, tool, args)


def data(result: ToolResult) -> Any:
    """The result's data as the agent reads it (JSON: a dict or a list, per tool)."""
    return result.model_dump()["data"]


def domain_fingerprint(engine: Engine) -> dict[str, str]:
    """An md5 of every row of each domain table: equal fingerprints, untouched tables."""
    with engine.connect() as conn:
        return {
            t: conn.execute(
                text(
                    f"SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) "
                    f"FROM {t} x"
                )  # fmt: skip
            ).scalar_one()
            for t in DOMAIN_TABLES
        }


def seat1_swap(engine: Engine) -> list[str]:
    """Two equal-length SEAT1 WOs on Wed 2026-03-04 (outside the frozen horizon), swapped."""
    with engine.connect() as conn:
        ids = [
            r[0]
            for r in conn.execute(
                text(
                    "SELECT id FROM work_order WHERE line_code = 'LKS-SEAT1' AND status = "
                    "'released' AND planned_start >= '2026-03-04 06:00-05' ORDER BY planned_start "
                    "LIMIT 2"
                )
            )
        ]
    return list(reversed(ids))


def transfer_to_lks(engine: Engine) -> dict[str, object]:
    """Arguments of a feasible transfer into LKS: 100 of an item available at another plant."""
    with engine.connect() as conn:
        item, plant = conn.execute(
            text(
                "SELECT item_code, plant_code FROM inventory_balance WHERE plant_code <> 'LKS' "
                "AND status = 'available' AND qty >= 100 ORDER BY plant_code, item_code LIMIT 1"
            )
        ).one()
    return {"item": item, "from_plant": plant, "to_plant": "LKS", "qty": 100}
