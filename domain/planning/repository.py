"""Loads a plant's projection input from PostgreSQL and answers shortages and clear-to-build.

SQL selects the plant's open PO lines with their receipts, open ASNs and confirmations, and
explodes scheduled WOs through their BOMs; the rows come back as NumPy columns
(columns.columns_query, all fetched in one pipelined round trip), where
supply.split_open_supply dates each open quantity.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, overload

import numpy as np
from psycopg import Connection as PgConnection
from sqlalchemy import Connection, Engine

from domain.clock import as_of
from domain.planning.clear_to_build import ClearToBuild, material_ready_times
from domain.planning.clear_to_build import clear_to_build as _clear_to_build
from domain.planning.columns import columns_query, packed, read_columns, unpack
from domain.planning.inputs import PlannedWorkOrder, ProjectionInput, epoch, from_epoch
from domain.planning.policy import PlanningInputError, SupplyPolicy, parse_horizon
from domain.planning.projection import project
from domain.planning.shortages import Shortage, find_shortages
from domain.planning.supply import OpenSupply, split_open_supply
from domain.procurement.open_supply import OPEN_ASN
from domain.uow import connected, reading

DEFAULT_HORIZON = timedelta(days=14)

# Every item of the item master gets a number; "C" collation = the same order as Python's sort.
_ITEMS = """
it AS (
    SELECT code, (row_number() OVER (ORDER BY code COLLATE "C") - 1)::int4 AS ix
    FROM item WHERE %(items)s::text[] IS NULL OR code = ANY(%(items)s::text[])
)"""

# Scheduled WOs in plan order; a past-due released WO draws now, a started one already drew.
# Limited to some items, only the WOs that draw one of them (plan order among them is kept).
_WORK_ORDERS = """
wo AS (
    SELECT w.*, GREATEST(w.planned_start, %(start)s) AS draw_at,
           (row_number() OVER (
               ORDER BY GREATEST(w.planned_start, %(start)s), w.sequence, w.id COLLATE "C"
           ) - 1)::int4 AS wo_ix
    FROM work_order w
    WHERE w.plant_code = %(plant)s AND w.status IN ('released', 'started')
      AND w.planned_start < %(end)s
      AND NOT (w.status = 'started' AND w.planned_start < %(start)s)
      AND (%(items)s::text[] IS NULL OR w.item_code IN (
          SELECT parent_item FROM bom_line WHERE component_item = ANY(%(items)s::text[])))
)"""

# The plant's open PO lines and their receipts, ASNs not yet received and confirmations,
# joined on the line id (history of closed lines is never read); supply.split_open_supply
# dates each open quantity.
_SUPPLY_PARTS: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "line": (
        "FROM lines",
        [("id", "id", "int8"), ("ix", "ix", "int4"), ("promised", "promised_at", "timestamptz"),
         ("ordered", "qty_ordered", "float8")],
    ),
    "receipt": (
        "FROM goods_receipt g JOIN lines l ON l.id = g.po_line_id",
        [("line", "g.po_line_id", "int8"), ("qty", "g.qty", "float8")],
    ),
    "asn": (
        "FROM shipment s JOIN lines l ON l.id = s.po_line_id "
        f"WHERE {OPEN_ASN}",
        [("line", "s.po_line_id", "int8"), ("eta", "s.eta", "timestamptz"),
         ("qty", "s.qty", "float8")],
    ),
    "conf": (
        "FROM supplier_confirmation c JOIN lines l ON l.id = c.po_line_id",
        [("line", "c.po_line_id", "int8"), ("sent", "c.received_at", "timestamptz"),
         ("for", "c.confirmed_for", "timestamptz"), ("qty", "c.qty", "float8")],
    ),
}  # fmt: skip
_SUPPLY_COLUMNS = [(f"{part}_{name}", kind) for part, (_, cols) in _SUPPLY_PARTS.items()
                   for name, _, kind in cols]  # fmt: skip
_SUPPLY = f"""
WITH {_ITEMS},
lines AS MATERIALIZED (
    SELECT pl.id, it.ix, pl.qty_ordered, pl.promised_at
    FROM po_line pl
    JOIN purchase_order po ON po.po_number = pl.po_number
    JOIN it ON it.code = pl.item_code
    WHERE po.plant_code = %(plant)s AND po.status = 'open' AND pl.status = 'open'
)
SELECT * FROM {
    ", ".join(
        f"(SELECT {', '.join(packed(expr, kind) for _, expr, kind in cols)} {source}) AS {part}"
        for part, (source, cols) in _SUPPLY_PARTS.items()
    )
}
"""

_DEMAND = f"""
WITH {_ITEMS}, {_WORK_ORDERS}
SELECT it.ix, wo.draw_at AS at, (b.qty_per * wo.qty)::float8 AS qty, wo.wo_ix AS wo
FROM wo
JOIN bom_line b ON b.parent_item = wo.item_code
JOIN it ON it.code = b.component_item
"""

_WORK_ORDER_LIST = f"""
WITH {_WORK_ORDERS}
SELECT wo_ix, id, line_code, item_code, qty::float8 AS qty, planned_start, planned_end,
       sequence, COALESCE(customer_order_id, '') AS customer_order,
       (status = 'started')::int::int2 AS started
FROM wo
"""

_ON_HAND = f"""
WITH {_ITEMS}
SELECT it.ix,
       COALESCE(SUM(b.qty) FILTER (WHERE b.status = 'available'), 0)::float8 AS available,
       COALESCE(SUM(b.qty) FILTER (WHERE b.status <> 'available'), 0)::float8 AS held
FROM inventory_balance b JOIN it ON it.code = b.item_code
WHERE b.plant_code = %(plant)s
GROUP BY it.ix
"""
_ON_HAND_COLUMNS = [("ix", "int4"), ("available", "float8"), ("held", "float8")]
_ITEM_LIST = f"WITH {_ITEMS} SELECT ix, code FROM it"
_ITEM_COLUMNS = [("ix", "int4"), ("code", "text")]

# Session settings of the loading transaction: hashes and CTEs stay in memory, and index
# probes cost what they cost on cached data, so one plant's lines are probed by index
# instead of scanning every plant's history.
PLANNER_SETTINGS = ("SET LOCAL work_mem = '64MB'", "SET LOCAL random_page_cost = 1.1")

_DEMAND_COLUMNS = [("ix", "int4"), ("at", "timestamptz"), ("qty", "float8"), ("wo", "int4")]
_WORK_ORDER_COLUMNS = [
    ("wo_ix", "int4"),
    ("id", "text"),
    ("line_code", "text"),
    ("item_code", "text"),
    ("qty", "float8"),
    ("planned_start", "timestamptz"),
    ("planned_end", "timestamptz"),
    ("sequence", "int4"),
    ("customer_order", "text"),
    ("started", "int2"),
]


def _open_supply(row: Any) -> OpenSupply:
    """Date each line's open quantity from the packed supply columns (one row of _SUPPLY)."""
    assert row is not None
    c = {
        name: unpack(value, kind) for (name, kind), value in zip(_SUPPLY_COLUMNS, row, strict=True)
    }
    return split_open_supply(
        c["line_id"], c["line_ix"], c["line_ordered"], c["line_promised"],
        c["receipt_line"], c["receipt_qty"],
        c["asn_line"], c["asn_eta"], c["asn_qty"],
        c["conf_line"], c["conf_sent"], c["conf_for"], c["conf_qty"],
    )  # fmt: skip


class _WorkOrderRecords(Sequence[PlannedWorkOrder]):
    """The scheduled WOs in plan order (their wo_ix), each record built when first read.

    A big plant schedules tens of thousands of WOs and a shortage report names few of them.
    """

    def __init__(self, cols: dict[str, Any]) -> None:
        self._cols = cols
        self._order: list[int] = np.argsort(cols["wo_ix"], kind="stable").tolist()
        self._built: list[PlannedWorkOrder | None] = [None] * len(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def _record(self, i: int) -> PlannedWorkOrder:
        built = self._built[i]
        if built is None:
            c, k = self._cols, self._order[i]
            built = PlannedWorkOrder(
                c["id"][k], c["line_code"][k], c["item_code"][k], float(c["qty"][k]),
                from_epoch(c["planned_start"][k]), from_epoch(c["planned_end"][k]),
                int(c["sequence"][k]), c["customer_order"][k] or None,
                "started" if c["started"][k] else "released",
            )  # fmt: skip
            self._built[i] = built
        return built

    @overload
    def __getitem__(self, index: int) -> PlannedWorkOrder: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[PlannedWorkOrder, ...]: ...
    def __getitem__(self, index: int | slice) -> PlannedWorkOrder | tuple[PlannedWorkOrder, ...]:
        if isinstance(index, slice):
            return tuple(self._record(i) for i in range(len(self))[index])
        return self._record(range(len(self))[index])  # negative indexes and IndexError

    def __iter__(self) -> Iterator[PlannedWorkOrder]:
        return (self._record(i) for i in range(len(self)))


def plant_timezone(bind: Engine | Connection, plant: str) -> str:
    """The plant's timezone; an unknown plant is a PlanningInputError naming the known ones."""
    with connected(bind) as conn:
        rows = conn.exec_driver_sql("SELECT code, timezone FROM plant ORDER BY code").all()
    plants: dict[str, str] = {str(code): str(tz) for code, tz in rows}
    if plant not in plants:
        known = ", ".join(plants) or "none (load data first: `lineside demo load`)"
        raise PlanningInputError(f"unknown plant {plant!r}; known plants: {known}")
    return str(plants[plant])


def _check_known(conn: Connection, table: str, column: str, value: str, plant: str) -> None:
    known = [
        r[0]
        for r in conn.exec_driver_sql(
            f"SELECT {column} FROM {table} WHERE plant_code = %(plant)s ORDER BY 1",
            {"plant": plant},
        )
    ]
    if value not in known:
        shown = ", ".join(known[:20]) + (" ..." if len(known) > 20 else "")
        raise PlanningInputError(f"unknown {table} {value!r} at plant {plant}; known: {shown}")


def load_projection_input(
    bind: Engine | Connection,
    plant: str,
    start: datetime,
    horizon: timedelta | str,
    items: list[str] | None = None,
) -> ProjectionInput:
    """Everything a projection of `plant` over [start, start + horizon) needs, from one snapshot.

    `items` limits it to those item codes (each must exist in the item master). Given a
    connection, it reads inside the caller's unit of work.
    """
    with reading(bind) as conn:
        timezone = plant_timezone(conn, plant)
        return load_projection_input_on(conn, plant, timezone, start, horizon, items)


def load_projection_input_on(
    conn: Connection,
    plant: str,
    timezone: str,
    start: datetime,
    horizon: timedelta | str,
    items: list[str] | None = None,
) -> ProjectionInput:
    """load_projection_input inside the caller's transaction (it sees the caller's writes)."""
    end = start + parse_horizon(horizon)
    epoch(start, "start")
    params = {"plant": plant, "start": start, "end": end, "items": items}
    pg: PgConnection[Any] = conn.connection.driver_connection  # type: ignore[assignment]
    queries = {
        "items": columns_query(_ITEM_LIST, _ITEM_COLUMNS),
        "on_hand": columns_query(_ON_HAND, _ON_HAND_COLUMNS),
        "work_orders": columns_query(_WORK_ORDER_LIST, _WORK_ORDER_COLUMNS),
        "supply": _SUPPLY,
        "demand": columns_query(_DEMAND, _DEMAND_COLUMNS),
    }
    # One round trip for the settings and all five queries (psycopg pipeline mode).
    with pg.pipeline():
        for setting in PLANNER_SETTINGS:
            pg.execute(setting)
        cursors = {name: pg.cursor(binary=True) for name in queries}
        for name, query in queries.items():
            cursors[name].execute(query, params)
    rows = {name: cursor.fetchone() for name, cursor in cursors.items()}
    listed = read_columns(rows["items"], _ITEM_COLUMNS)
    by_ix = np.empty(len(listed["code"]), dtype=object)
    by_ix[listed["ix"]] = listed["code"]
    codes = tuple(by_ix.tolist())
    if items is not None and (missing := sorted(set(items) - set(codes))):
        raise PlanningInputError(f"unknown item(s): {', '.join(missing)}")
    available, held = np.zeros(len(codes)), np.zeros(len(codes))
    on_hand = read_columns(rows["on_hand"], _ON_HAND_COLUMNS)
    available[on_hand["ix"]], held[on_hand["ix"]] = on_hand["available"], on_hand["held"]
    work_orders = _WorkOrderRecords(read_columns(rows["work_orders"], _WORK_ORDER_COLUMNS))
    supply = _open_supply(rows["supply"])
    demand = read_columns(rows["demand"], _DEMAND_COLUMNS)
    # Plan order among draws of the same instant: rows by WO, then component.
    by_plan = np.lexsort((demand["ix"], demand["wo"]))
    return ProjectionInput(
        plant=plant,
        timezone=timezone,
        start=start,
        end=end,
        items=codes,
        available=available,
        held=held,
        supply_item=supply.item,
        supply_at=supply.at,
        supply_qty=supply.qty,
        supply_kind=supply.kind,
        supply_po_line=supply.po_line,
        demand_item=demand["ix"][by_plan],
        demand_at=demand["at"][by_plan],
        demand_qty=demand["qty"][by_plan],
        demand_wo=demand["wo"][by_plan],
        work_orders=work_orders,
    )


def _receipt_labels(conn: Connection, shortages: Sequence[Shortage]) -> list[Shortage]:
    """Name the receipts that end each shortage: 'PO-7790/1 ASN-55102' instead of a line id."""
    refs = {int(r.split(":")[1]) for s in shortages for r in s.recovered_by}
    if not refs:
        return list(shortages)
    rows = conn.exec_driver_sql(
        """SELECT pl.id, pl.po_number || '/' || pl.line_no, s.asn_number, s.eta
           FROM po_line pl LEFT JOIN shipment s ON s.po_line_id = pl.id
           WHERE pl.id = ANY(%(ids)s)""",
        {"ids": sorted(refs)},
    ).all()
    names = {row[0]: row[1] for row in rows}
    asns = {(row[0], row[3]): row[2] for row in rows if row[2]}
    labelled = []
    for s in shortages:
        by = []
        for ref in s.recovered_by:
            line_id = int(ref.split(":")[1])
            asn = asns.get((line_id, s.recovered_at))
            by.append(f"{names.get(line_id, ref)}" + (f" {asn}" if asn else ""))
        labelled.append(replace(s, recovered_by=tuple(by)))
    return labelled


def shortages_for_plant(
    bind: Engine | Connection,
    plant: str,
    horizon: timedelta | str = DEFAULT_HORIZON,
    policy: SupplyPolicy | None = None,
    line: str | None = None,
    item: str | None = None,
    start: datetime | None = None,
) -> list[Shortage]:
    """The plant's shortages in the horizon from `start` (default: the dataset's as-of time).

    `line` keeps the shortages that hit a WO on that line; `item` projects that item only.
    Every read is of one snapshot (the caller's, given a connection).
    """
    with reading(bind) as conn:
        if line is not None:
            _check_known(conn, "line", "code", line, plant)
        data = load_projection_input(
            conn, plant, start or as_of(conn), horizon, [item] if item else None
        )
        shortages = find_shortages(project(data, policy or SupplyPolicy()))
        if line is not None:
            shortages = [s for s in shortages if line in s.lines]
        return _receipt_labels(conn, shortages)


def clear_to_build(
    bind: Engine | Connection,
    plant: str,
    horizon: timedelta | str = DEFAULT_HORIZON,
    policy: SupplyPolicy | None = None,
    line: str | None = None,
    start: datetime | None = None,
) -> list[ClearToBuild]:
    """Clear-to-build of every scheduled WO of the plant (or one line) in plan order."""
    with reading(bind) as conn:
        if line is not None:
            _check_known(conn, "line", "code", line, plant)
        data = load_projection_input(conn, plant, start or as_of(conn), horizon)
    result = _clear_to_build(project(data, policy or SupplyPolicy()))
    return [c for c in result if line is None or c.line == line]


def material_ready_times_for_plant(
    bind: Engine | Connection,
    plant: str,
    horizon: timedelta | str = DEFAULT_HORIZON,
    policy: SupplyPolicy | None = None,
    start: datetime | None = None,
) -> dict[str, datetime | None]:
    """Per scheduled WO id, when its components would be covered (see material_ready_times)."""
    with reading(bind) as conn:
        data = load_projection_input(conn, plant, start or as_of(conn), horizon)
    return material_ready_times(project(data, policy or SupplyPolicy()))
