"""Gathers PO lines' risk facts from the database and scores them: one line or a plant's top."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, text

from domain.clock import as_of as dataset_as_of
from domain.kpis import compute_kpi
from domain.kpis.compute import resolve_plant
from domain.procurement.open_supply import OPEN_PO_LINE
from domain.risk.score import PoLineRisk, RiskFacts, score_po_line

NEED_HORIZON = timedelta(days=14)
OTIF_WINDOW = "90d"
# Worst first: which of a line's ASNs speaks for it.
_ASN_ORDER = {"held": 0, "in_transit": 1, "delivered": 2}


class RiskInputError(ValueError):
    """A risk request the caller can fix: unknown PO, line or plant."""


_LINES = """
SELECT pl.id, pl.po_number, pl.line_no, po.plant_code, p.timezone, pl.item_code,
       it.description, it.criticality, po.supplier_code, s.name, pl.promised_at,
       pl.qty_ordered,
       COALESCE((SELECT SUM(g.qty) FROM goods_receipt g
                 WHERE g.po_line_id = pl.id AND g.received_at <= :as_of), 0) AS received,
       conf.qty, conf.confirmed_for
FROM po_line pl
JOIN purchase_order po ON po.po_number = pl.po_number
JOIN plant p ON p.code = po.plant_code
JOIN item it ON it.code = pl.item_code
JOIN supplier s ON s.code = po.supplier_code
LEFT JOIN LATERAL (
    SELECT SUM(c.qty) AS qty, MAX(c.confirmed_for) AS confirmed_for
    FROM supplier_confirmation c
    WHERE c.po_line_id = pl.id AND c.received_at = (
        SELECT MAX(x.received_at) FROM supplier_confirmation x
        WHERE x.po_line_id = pl.id AND x.received_at <= :as_of
    )
) conf ON true
WHERE pl.id = ANY(:ids)
ORDER BY pl.po_number, pl.line_no
"""

_ASNS = """
SELECT s.po_line_id, s.asn_number, s.qty, s.eta, s.original_eta, s.hub,
       CASE WHEN r.asn_number IS NOT NULL THEN 'delivered' ELSE s.hub_status END AS status
FROM shipment s
LEFT JOIN (
    SELECT DISTINCT asn_number FROM goods_receipt WHERE po_line_id = ANY(:ids)
) r ON r.asn_number = s.asn_number
WHERE s.po_line_id = ANY(:ids)
"""

_STOCK = """
SELECT plant_code, item_code, SUM(qty) FROM inventory_balance
WHERE plant_code = ANY(:plants) AND item_code = ANY(:items)
GROUP BY 1, 2
"""

_HOLDS = """
SELECT plant_code, item_code, SUM(qty), array_agg(lot ORDER BY lot), MIN(decision_expected_at)
FROM quality_hold
WHERE status = 'open' AND plant_code = ANY(:plants) AND item_code = ANY(:items)
GROUP BY 1, 2
"""

# A started WO that began before now has already drawn its components.
_FIRST_NEED = """
SELECT DISTINCT ON (w.plant_code, b.component_item)
       w.plant_code, b.component_item, GREATEST(w.planned_start, :as_of), w.id
FROM work_order w JOIN bom_line b ON b.parent_item = w.item_code
WHERE w.status IN ('released', 'started') AND w.plant_code = ANY(:plants)
  AND b.component_item = ANY(:items) AND w.planned_start < :until
  AND NOT (w.status = 'started' AND w.planned_start < :as_of)
ORDER BY w.plant_code, b.component_item, GREATEST(w.planned_start, :as_of), w.sequence, w.id
"""

_OPEN_LINES_OF_PLANT = f"""
SELECT pl.id FROM po_line pl JOIN purchase_order po ON po.po_number = pl.po_number
WHERE po.plant_code = :plant AND {OPEN_PO_LINE}
  AND pl.qty_ordered > COALESCE((SELECT SUM(g.qty) FROM goods_receipt g
                                 WHERE g.po_line_id = pl.id), 0)
"""


def _by_key(conn: Connection, sql: str, **params: Any) -> dict[tuple[str, str], tuple[Any, ...]]:
    return {(r[0], r[1]): tuple(r[2:]) for r in conn.execute(text(sql), params)}


def _shortages(
    engine: Engine, plants: set[str], items: set[str], now: datetime
) -> dict[tuple[str, str], tuple[datetime, float]]:
    """(plant, item) -> (first short time, qty short) from the default-policy projection."""
    from domain.planning.repository import shortages_for_plant

    found: dict[tuple[str, str], tuple[datetime, float]] = {}
    for plant in plants:
        only = next(iter(items)) if len(items) == 1 else None  # one item: project just that one
        for s in shortages_for_plant(engine, plant, NEED_HORIZON, item=only, start=now):
            if s.item in items:
                found[(plant, s.item)] = (s.first_short_at, s.qty_short)
    return found


def gather_facts(engine: Engine, po_line_ids: list[int], now: datetime) -> list[RiskFacts]:
    """The RiskFacts of the given po_line ids, gathered in a handful of set-based queries."""
    otif = compute_kpi(engine, "supplier_otif", period=OTIF_WINDOW, group_by="supplier", as_of=now)
    by_supplier = {r.group: r for r in otif.rows}
    with engine.connect() as conn:
        lines = [tuple(r) for r in conn.execute(text(_LINES), {"ids": po_line_ids, "as_of": now})]
        asns: dict[int, tuple[Any, ...]] = {}
        for row in conn.execute(text(_ASNS), {"ids": po_line_ids}):
            asn = tuple(row)
            if asn[0] not in asns or _ASN_ORDER.get(asn[6], 3) < _ASN_ORDER.get(asns[asn[0]][6], 3):
                asns[asn[0]] = asn
        keys = {"plants": sorted({r[3] for r in lines}), "items": sorted({r[5] for r in lines})}
        stock = _by_key(conn, _STOCK, **keys)
        holds = _by_key(conn, _HOLDS, **keys)
        needs = _by_key(conn, _FIRST_NEED, **keys, as_of=now, until=now + NEED_HORIZON)
    shortages = _shortages(engine, set(keys["plants"]), set(keys["items"]), now)
    facts = []
    for r in lines:
        (line_id, po, line_no, plant, tz, item, desc, crit, supplier, name, promised, ordered,
         received, confirmed, confirmed_for) = r  # fmt: skip
        history = by_supplier.get(supplier)
        base = RiskFacts(
            po_number=po, line_no=line_no, plant=plant, timezone=tz, item=item,
            item_description=desc, criticality=crit, supplier=supplier, supplier_name=name,
            as_of=now, promised_at=promised, qty_ordered=float(ordered),
            qty_received=float(received),
            qty_confirmed=None if confirmed is None else float(confirmed),
            confirmed_for=confirmed_for,
            supplier_otif=history.value if history else None,
            supplier_otif_lines=history.count if history else 0,
            supplier_otif_met=int(history.numerator or 0) if history else 0,
            portfolio_otif=otif.value, otif_window="the last 90 days",
            on_hand_qty=float(stock.get((plant, item), (0.0,))[0]),
        )  # fmt: skip
        if line_id in asns:
            _, number, qty, eta, original, hub, status = asns[line_id]
            base = replace(base, asn_status=status, asn_number=number, asn_qty=float(qty),
                           asn_eta=eta, asn_original_eta=original, asn_hub=hub)  # fmt: skip
        if hold := holds.get((plant, item)):
            base = replace(base, held_qty=float(hold[0]), hold_lots=tuple(hold[1]),
                           hold_decision_at=hold[2])  # fmt: skip
        if need := needs.get((plant, item)):
            base = replace(base, first_need_at=need[0], first_need_work_order=need[1])
        if short := shortages.get((plant, item)):
            base = replace(base, first_short_at=short[0], qty_short=short[1])
        facts.append(base)
    return facts


def _line_ids(conn: Connection, po_number: str, line_no: int | None) -> tuple[str, list[int]]:
    wanted = po_number.strip().upper()
    candidates = [wanted] + ([f"PO-{wanted}"] if wanted.isdigit() else [])
    for number in candidates:
        rows = conn.execute(
            text("SELECT line_no, id FROM po_line WHERE po_number = :po ORDER BY line_no"),
            {"po": number},
        ).all()
        if rows:
            break
    else:
        raise RiskInputError(f"unknown PO {po_number!r}: no purchase order has that number")
    if line_no is None:
        return number, [r[1] for r in rows]
    ids = [r[1] for r in rows if r[0] == line_no]
    if not ids:
        known = ", ".join(str(r[0]) for r in rows)
        raise RiskInputError(f"{number} has no line {line_no}; its lines are: {known}")
    return number, ids


def po_line_risk(
    engine: Engine, po_number: str, line_no: int | None = None, as_of: datetime | None = None
) -> PoLineRisk:
    """The risk of one PO line; with no line number, the riskiest line of the PO."""
    now = as_of or dataset_as_of(engine)
    with engine.connect() as conn:
        _, ids = _line_ids(conn, po_number, line_no)
    risks = [score_po_line(f) for f in gather_facts(engine, ids, now)]
    return max(risks, key=lambda r: (r.score, -r.line_no))


def risky_po_lines(
    engine: Engine, plant: str, top: int = 10, as_of: datetime | None = None
) -> list[PoLineRisk]:
    """The plant's open PO lines with the highest risk scores, riskiest first."""
    if top < 1:
        raise RiskInputError(f"top must be at least 1, got {top}")
    now = as_of or dataset_as_of(engine)
    with engine.connect() as conn:
        try:
            code = resolve_plant(conn, plant)
        except ValueError as error:
            raise RiskInputError(str(error)) from None
        ids = [r[0] for r in conn.execute(text(_OPEN_LINES_OF_PLANT), {"plant": code})]
    if not ids:
        return []
    risks = [score_po_line(f) for f in gather_facts(engine, ids, now)]
    risks.sort(key=lambda r: (-r.score, r.po_number, r.line_no))
    return risks[:top]
