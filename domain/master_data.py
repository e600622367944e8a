"""Reads of master data the tools need: plants, the plant of a PO or line, contacts, stock, holds.

Each takes an engine or the caller's connection, so a tool call can read them all in one
snapshot (`domain.uow.read_snapshot`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, text

from domain.uow import connected

Bind = Engine | Connection


def plant_codes(bind: Bind) -> list[str]:
    with connected(bind) as conn:
        return [r[0] for r in conn.execute(text("SELECT code FROM plant ORDER BY code"))]


def plant_name(bind: Bind, plant: str) -> str:
    with connected(bind) as conn:
        name = conn.execute(text("SELECT name FROM plant WHERE code = :p"), {"p": plant}).scalar()
    return str(name or plant)


def po_plant(bind: Bind, po_number: str) -> str | None:
    with connected(bind) as conn:
        plant = conn.execute(
            text("SELECT plant_code FROM purchase_order WHERE po_number = :po"), {"po": po_number}
        ).scalar()
    return None if plant is None else str(plant)


def line_plant(bind: Bind, line: str) -> str | None:
    with connected(bind) as conn:
        plant = conn.execute(
            text("SELECT plant_code FROM line WHERE code = :line"), {"line": line}
        ).scalar()
    return None if plant is None else str(plant)


def supplier_contact(bind: Bind, supplier_code: str) -> tuple[str, str] | None:
    """(name, email) of a supplier, None if there is no such supplier."""
    with connected(bind) as conn:
        row = conn.execute(
            text("SELECT name, email FROM supplier WHERE code = :c"), {"c": supplier_code}
        ).first()
    return None if row is None else (str(row[0]), str(row[1] or ""))


def user_contact(bind: Bind, username: str) -> tuple[str, str] | None:
    """(display name, email) of a Lineside user, None if unknown."""
    with connected(bind) as conn:
        row = conn.execute(
            text("SELECT display_name, email FROM app_user WHERE username = :u"), {"u": username}
        ).first()
    return None if row is None else (str(row[0]), str(row[1] or ""))


def item_rows(bind: Bind, codes: list[str]) -> dict[str, dict[str, Any]]:
    """Item master rows by code."""
    with connected(bind) as conn:
        rows = conn.execute(
            text(
                "SELECT code, description, family, item_type, uom, program, criticality "
                "FROM item WHERE code = ANY(:codes)"
            ),
            {"codes": codes},
        ).mappings()
        return {r["code"]: dict(r) for r in rows}


def supplier_rows(bind: Bind, codes: list[str]) -> dict[str, dict[str, Any]]:
    """Supplier master rows by code."""
    with connected(bind) as conn:
        rows = conn.execute(
            text(
                "SELECT code, name, email, country, interplant FROM supplier "
                "WHERE code = ANY(:codes)"
            ),
            {"codes": codes},
        ).mappings()
        return {r["code"]: dict(r) for r in rows}


def stock_by_status(
    bind: Bind, items: list[str], plants: list[str]
) -> list[tuple[str, str, str, float]]:
    """(item, plant, status, qty) of the items' stock at these plants, by plant and status."""
    with connected(bind) as conn:
        rows = conn.execute(
            text(
                "SELECT item_code, plant_code, status, sum(qty) AS qty FROM inventory_balance "
                "WHERE item_code = ANY(:codes) AND plant_code = ANY(:plants) "
                "GROUP BY item_code, plant_code, status ORDER BY plant_code, status"
            ),
            {"codes": items, "plants": plants},
        ).all()
    return [(str(i), str(p), str(s), float(q)) for i, p, s, q in rows]


def available_qty(bind: Bind, plant: str, item: str, lot: str | None = None) -> float:
    """Available (not held, not blocked) stock of an item at a plant, of one lot if given."""
    with connected(bind) as conn:
        qty = conn.execute(
            text(
                "SELECT coalesce(sum(qty), 0) FROM inventory_balance WHERE plant_code = :p "
                "AND item_code = :i AND status = 'available' "
                "AND (CAST(:lot AS text) IS NULL OR lot = :lot)"
            ),
            {"p": plant, "i": item, "lot": lot},
        ).scalar_one()
    return float(qty)


def quality_hold_of_lot(bind: Bind, lot: str) -> dict[str, Any] | None:
    """The lot's open hold, else its latest one; None if the lot was never held."""
    with connected(bind) as conn:
        row = (
            conn.execute(
                text(
                    "SELECT id, plant_code, item_code, lot, qty, reason, placed_at, "
                    "decision_expected_at, status FROM quality_hold WHERE lot = :lot "
                    "ORDER BY (status = 'open') DESC, placed_at DESC LIMIT 1"
                ),
                {"lot": lot},
            )
            .mappings()
            .first()
        )
    return dict(row) if row else None


def open_holds_of_item(bind: Bind, item: str, plants: list[str]) -> list[dict[str, Any]]:
    """The item's open quality holds at these plants, lot by lot, oldest first."""
    with connected(bind) as conn:
        rows = conn.execute(
            text(
                "SELECT lot, plant_code, qty, reason, placed_at, decision_expected_at "
                "FROM quality_hold WHERE item_code = :item AND plant_code = ANY(:plants) "
                "AND status = 'open' ORDER BY placed_at, lot"
            ),
            {"item": item, "plants": plants},
        ).mappings()
        return [dict(r) for r in rows]


def released_work_orders(bind: Bind, line: str) -> dict[str, dict[str, Any]]:
    """The line's released WOs by id, with item, sequence and planned span."""
    with connected(bind) as conn:
        rows = conn.execute(
            text(
                "SELECT id, item_code, sequence, planned_start, planned_end, status "
                "FROM work_order WHERE line_code = :l AND status = 'released'"
            ),
            {"l": line},
        ).mappings()
        return {r["id"]: dict(r) for r in rows}


def item_code(bind: Bind, code: str) -> str | None:
    """The item code exactly as stored, for a code typed in any case."""
    with connected(bind) as conn:
        found = conn.execute(
            text("SELECT code FROM item WHERE upper(code) = upper(:c)"), {"c": code.strip()}
        ).scalar()
    return None if found is None else str(found)
