"""The SQL of each KPI: one `facts` query per KPI and the one aggregation that groups them.

Every facts query yields the same columns: plant, supplier, family, item, at (the instant the
period and the month grouping apply to), tz (the plant's timezone), num and den. Parameters
are always bound (:start, :end, :as_of, :days and the filters), never formatted in.
"""

from __future__ import annotations

from dataclasses import dataclass

IN_FULL = 0.98  # a line is "in full" when receipts reach 98% of the ordered quantity

_LOCAL_DATE = "(({ts}) AT TIME ZONE p.timezone)::date"
_RECEIPT_DATE = _LOCAL_DATE.format(ts="gr.received_at")
_PROMISED_DATE = _LOCAL_DATE.format(ts="pl.promised_at")

# The dimensions every PO-line KPI groups and filters by.
_PO_LINE_DIMENSIONS = (
    "SELECT po.plant_code AS plant, po.supplier_code AS supplier, it.family, pl.item_code AS item,"
)
_PO_LINE_JOINS = """
JOIN purchase_order po ON po.po_number = pl.po_number
JOIN plant p ON p.code = po.plant_code
JOIN item it ON it.code = pl.item_code"""

SUPPLIER_OTIF = f"""
{_PO_LINE_DIMENSIONS}
       pl.promised_at AS at, p.timezone AS tz,
       CASE WHEN COALESCE(r.on_time_qty, 0) >= {IN_FULL} * pl.qty_ordered THEN 1 ELSE 0 END AS num,
       1 AS den
FROM po_line pl {_PO_LINE_JOINS}
LEFT JOIN LATERAL (
    SELECT SUM(gr.qty) AS on_time_qty FROM goods_receipt gr
    WHERE gr.po_line_id = pl.id AND gr.received_at <= :as_of
      AND {_RECEIPT_DATE} <= {_PROMISED_DATE}
) r ON true
WHERE pl.promised_at >= :start AND pl.promised_at < :end
  AND pl.status <> 'cancelled' AND po.status <> 'cancelled' AND pl.qty_ordered > 0
"""

_RECEIPTS = f"""
FROM goods_receipt gr
JOIN po_line pl ON pl.id = gr.po_line_id {_PO_LINE_JOINS}
WHERE gr.received_at >= :start AND gr.received_at < :end AND gr.qty > 0
"""

SUPPLIER_ON_TIME = f"""
{_PO_LINE_DIMENSIONS}
       gr.received_at AS at, p.timezone AS tz,
       CASE WHEN {_RECEIPT_DATE} <= {_PROMISED_DATE} THEN 1 ELSE 0 END AS num, 1 AS den
{_RECEIPTS}"""

AVERAGE_DAYS_LATE = f"""
{_PO_LINE_DIMENSIONS}
       gr.received_at AS at, p.timezone AS tz,
       GREATEST(0, {_RECEIPT_DATE} - {_PROMISED_DATE}) AS num, 1 AS den
{_RECEIPTS}"""

# The confirmation current at issue + 48 h is the set of rows received last before then.
CONFIRMATION_RATE = f"""
{_PO_LINE_DIMENSIONS}
       po.issued_at AS at, p.timezone AS tz,
       CASE WHEN COALESCE(c.qty, 0) >= {IN_FULL} * pl.qty_ordered THEN 1 ELSE 0 END AS num,
       1 AS den
FROM po_line pl {_PO_LINE_JOINS}
LEFT JOIN LATERAL (
    SELECT SUM(sc.qty) AS qty FROM supplier_confirmation sc
    WHERE sc.po_line_id = pl.id AND sc.received_at = (
        SELECT MAX(x.received_at) FROM supplier_confirmation x
        WHERE x.po_line_id = pl.id AND x.received_at <= po.issued_at + interval '48 hours'
    )
) c ON true
WHERE po.issued_at >= :start AND po.issued_at < :end
  AND po.issued_at <= CAST(:as_of AS timestamptz) - interval '48 hours'
  AND pl.status <> 'cancelled' AND po.status <> 'cancelled' AND pl.qty_ordered > 0
"""

# The shift holding an instant: same line, same local weekday, local minute of day within it.
_LOCAL = "({ts} AT TIME ZONE p.timezone)"
_MINUTE = f"EXTRACT(epoch FROM ({_LOCAL} - date_trunc('day', {_LOCAL}))) / 60"
_SHIFT_BOUND = f"""
LEFT JOIN LATERAL (
    SELECT ((date_trunc('day', {_LOCAL}) + make_interval(mins => s.{{edge}}))
            AT TIME ZONE p.timezone) AS bound
    FROM shift s
    WHERE s.line_code = w.line_code
      AND s.weekday = EXTRACT(isodow FROM {_LOCAL})::int - 1
      AND {_MINUTE} {{lower}} s.start_minute AND {_MINUTE} {{upper}} s.end_minute
    ORDER BY s.start_minute LIMIT 1
) {{alias}} ON true"""

# A shift holds its start instant [start, end) and its end instant (start, end].
_FIRST_SHIFT = _SHIFT_BOUND.format(
    ts="w.planned_start", edge="start_minute", alias="first_shift", lower=">=", upper="<"
)
_LAST_SHIFT = _SHIFT_BOUND.format(
    ts="w.planned_end", edge="end_minute", alias="last_shift", lower=">", upper="<="
)

SCHEDULE_ADHERENCE = f"""
SELECT w.plant_code AS plant, NULL::text AS supplier, it.family, w.item_code AS item,
       w.due_at AS at, p.timezone AS tz,
       CASE WHEN w.completed_at IS NOT NULL
             AND w.completed_at >= COALESCE(first_shift.bound, w.planned_start)
             AND w.completed_at <= COALESCE(last_shift.bound, w.planned_end)
            THEN 1 ELSE 0 END AS num,
       1 AS den
FROM work_order w
JOIN plant p ON p.code = w.plant_code
JOIN item it ON it.code = w.item_code
{_FIRST_SHIFT}
{_LAST_SHIFT}
WHERE w.due_at >= :start AND w.due_at < :end AND w.status <> 'cancelled'
  AND w.due_at <= :as_of
"""

PREMIUM_FREIGHT_SPEND = """
SELECT pf.plant_code AS plant, COALESCE(pf.supplier_code, po.supplier_code) AS supplier,
       it.family, pl.item_code AS item, pf.approved_at AS at, p.timezone AS tz,
       pf.cost AS num, NULL::float8 AS den
FROM premium_freight pf
JOIN plant p ON p.code = pf.plant_code
LEFT JOIN po_line pl ON pl.id = pf.po_line_id
LEFT JOIN purchase_order po ON po.po_number = pl.po_number
LEFT JOIN item it ON it.code = pl.item_code
WHERE pf.approved_at >= :start AND pf.approved_at < :end
"""

# Requirement: BOM of WOs that will draw in the period; the primary source names the supplier.
DAYS_OF_SUPPLY = """
SELECT r.plant, (
           SELECT a.supplier_code FROM approved_source a
           WHERE a.item_code = r.item AND a.plant_code = r.plant
           ORDER BY a.rank, a.supplier_code LIMIT 1
       ) AS supplier,
       it.family, r.item, CAST(:start AS timestamptz) AS at, p.timezone AS tz,
       COALESCE((
           SELECT SUM(b.qty) FROM inventory_balance b
           WHERE b.plant_code = r.plant AND b.item_code = r.item AND b.status = 'available'
       ), 0) AS num,
       r.qty / CAST(:days AS float8) AS den
FROM (
    SELECT w.plant_code AS plant, bl.component_item AS item, SUM(bl.qty_per * w.qty) AS qty
    FROM work_order w JOIN bom_line bl ON bl.parent_item = w.item_code
    WHERE w.status IN ('released', 'started')
      AND w.planned_start >= :start AND w.planned_start < :end
    GROUP BY 1, 2
) r
JOIN item it ON it.code = r.item
JOIN plant p ON p.code = r.plant
WHERE r.qty > 0
"""

PROCUREMENT_CYCLE_TIME = f"""
{_PO_LINE_DIMENSIONS}
       f.final_at AS at, p.timezone AS tz,
       EXTRACT(epoch FROM (f.final_at - po.issued_at)) / 86400.0 AS num, 1 AS den
FROM (
    SELECT po_line_id, MAX(received_at) AS final_at, SUM(qty) AS qty
    FROM goods_receipt WHERE received_at <= :as_of
    GROUP BY po_line_id
    HAVING MAX(received_at) >= :start AND MAX(received_at) < :end
) f
JOIN po_line pl ON pl.id = f.po_line_id {_PO_LINE_JOINS}
WHERE pl.qty_ordered > 0 AND f.qty >= {IN_FULL} * pl.qty_ordered
"""

_OPEN_ALERTS = """
SELECT a.plant_code AS plant, NULL::text AS supplier, NULL::text AS family, NULL::text AS item,
       a.opened_at AS at, p.timezone AS tz,
       GREATEST(0, EXTRACT(epoch FROM (CAST(:as_of AS timestamptz) - a.opened_at))) / 86400.0
           AS num,
       1 AS den
FROM alert a JOIN plant p ON p.code = a.plant_code
WHERE (a.closed_at IS NULL OR a.closed_at > :as_of)
  AND a.opened_at >= :start AND a.opened_at < :end
"""

_PENDING_PROPOSALS = """
SELECT ap.plant_code, NULL::text, NULL::text, NULL::text, ap.created_at,
       COALESCE(p.timezone, 'UTC'),
       GREATEST(0, EXTRACT(epoch FROM (CAST(:as_of AS timestamptz) - ap.created_at))) / 86400.0,
       1
FROM governance.action_proposal ap LEFT JOIN plant p ON p.code = ap.plant_code
WHERE ap.status = 'pending' AND ap.created_at >= :start AND ap.created_at < :end
"""

EXCEPTION_AGING_ALERTS_ONLY = _OPEN_ALERTS
EXCEPTION_AGING = _OPEN_ALERTS + "UNION ALL" + _PENDING_PROPOSALS

PROPOSAL_TABLE_EXISTS = "SELECT to_regclass('governance.action_proposal') IS NOT NULL"


@dataclass(frozen=True)
class Aggregate:
    """How a group's num and den become its value."""

    kind: str  # percent (100·Σnum/Σden) | mean | ratio (Σnum/Σden) | sum (Σnum)

    def value(self, num: float | None, den: float | None) -> float | None:
        if self.kind == "sum":
            return float(num or 0.0)
        if not den:
            return None
        ratio = float(num or 0.0) / float(den)
        return 100.0 * ratio if self.kind == "percent" else ratio


FACTS: dict[str, tuple[str, Aggregate]] = {
    "supplier_otif": (SUPPLIER_OTIF, Aggregate("percent")),
    "supplier_on_time": (SUPPLIER_ON_TIME, Aggregate("percent")),
    "confirmation_rate": (CONFIRMATION_RATE, Aggregate("percent")),
    "average_days_late": (AVERAGE_DAYS_LATE, Aggregate("mean")),
    "schedule_adherence": (SCHEDULE_ADHERENCE, Aggregate("percent")),
    "premium_freight_spend": (PREMIUM_FREIGHT_SPEND, Aggregate("sum")),
    "days_of_supply": (DAYS_OF_SUPPLY, Aggregate("ratio")),
    "procurement_cycle_time": (PROCUREMENT_CYCLE_TIME, Aggregate("mean")),
    "exception_aging": (EXCEPTION_AGING, Aggregate("mean")),
}

GROUP_EXPRESSIONS = {
    None: "NULL::text",
    "supplier": "facts.supplier",
    "plant": "facts.plant",
    "family": "facts.family",
    "item": "facts.item",
    "month": "to_char(facts.at AT TIME ZONE facts.tz, 'YYYY-MM')",
}

FILTER_CONDITIONS = {
    "plant": "facts.plant = :f_plant",
    "supplier": "facts.supplier = :f_supplier",
    "item_family": "facts.family = :f_family",
}


def grouped(facts_sql: str, group_by: str | None, filters: list[str]) -> str:
    """The aggregation of `facts_sql` per group; group and filters come from fixed whitelists."""
    where = " AND ".join(FILTER_CONDITIONS[f] for f in filters) or "true"
    group = GROUP_EXPRESSIONS[group_by]
    return (
        f"WITH facts AS ({facts_sql})\n"
        f"SELECT {group} AS grp, SUM(facts.num)::float8 AS num, SUM(facts.den)::float8 AS den, "
        f"COUNT(*) AS n, MAX(facts.num)::float8 AS max_num\n"
        f"FROM facts WHERE {where}\nGROUP BY 1 ORDER BY 1"
    )
