"""Reads the projection inputs of one or more plants from PostgreSQL in one statement.

One SQL statement selects the plants' open PO lines with their receipts, open ASNs and
confirmations, their stock, and explodes the scheduled WOs through their BOMs; every part
comes back as NumPy columns packed by the server (columns.columns_query), so the item
numbering and the scheduled WOs are computed once for every plant, and the rows are split
per plant in NumPy. supply.split_open_supply dates each open quantity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from functools import cache
from itertools import repeat
from typing import Any, overload

import numpy as np
from sqlalchemy import Connection

from domain.planning.columns import columns_query, read_columns
from domain.planning.inputs import PlannedWorkOrder, ProjectionInput, epoch, from_epoch
from domain.planning.policy import PlanningInputError, parse_horizon
from domain.planning.supply import split_open_supply
from domain.procurement.open_supply import OPEN_ASN, OPEN_PO_LINE
from domain.uow import defer_driver

# Session settings of the loading transaction: hashes and CTEs stay in memory, and index
# probes cost what they cost on cached data, so one plant's lines are probed by index
# instead of scanning every plant's history.
PLANNER_SETTINGS = ("SET LOCAL work_mem = '64MB'", "SET LOCAL random_page_cost = 1.1")
# An item-limited load (an event's few items) is all index probes keyed by the items: its
# generic plan fits every item, and planning the large statement anew each time cost 2-4x
# its execution. Prepared statements of the rest of the transaction are planned generically
# too (they are the event's key lookups).
LIMITED_SETTINGS = (*PLANNER_SETTINGS, "SET LOCAL plan_cache_mode = force_generic_plan")

# The plant's number in the loaded list (0-based), for a column holding a plant code.
_PX = "(array_position(%(plants)s::text[], ({})::text) - 1)::int2"


def _ctes(limited: bool) -> str:
    """The shared CTEs; `limited`: only the items in %(items)s."""
    item_filter = "WHERE code = ANY(%(items)s::text[])" if limited else ""
    return f"""
WITH it AS MATERIALIZED (
    -- Every item gets a number; "C" collation = the same order as Python's sort.
    SELECT code, (row_number() OVER (ORDER BY code COLLATE "C") - 1)::int4 AS ix
    FROM item {item_filter}
),
lines AS MATERIALIZED (
    -- Open PO lines of open POs (history of closed lines is never read).
    SELECT pl.id, it.ix, {_PX.format("po.plant_code")} AS px, pl.qty_ordered, pl.promised_at
    FROM po_line pl
    JOIN purchase_order po ON po.po_number = pl.po_number
    JOIN it ON it.code = pl.item_code
    WHERE po.plant_code = ANY(%(plants)s::text[]) AND {OPEN_PO_LINE}
)"""


def _work_orders(limited: bool) -> str:
    """Scheduled WOs numbered in plan order, plant after plant (the plant's number sorts as
    its code); a past-due released WO draws now, a started one already drew. `limited`:
    only the few parents that draw the items, found by item index."""
    wo_filter = (
        "AND w.item_code = ANY(ARRAY(SELECT parent_item FROM bom_line"
        " WHERE component_item = ANY(%(items)s::text[])))"
        if limited
        else ""
    )
    px = _PX.format("w.plant_code")
    return f"""SELECT {px} AS px, (row_number() OVER (
            ORDER BY {px}, GREATEST(w.planned_start, %(start)s), w.sequence, w.id COLLATE "C"
        ) - 1)::int4 AS wo_n, w.id, w.line_code, w.item_code, w.qty::float8 AS qty,
        w.planned_start, w.planned_end, w.sequence,
        COALESCE(w.customer_order_id, '') AS customer_order,
        (w.status = 'started')::int::int2 AS started
    FROM work_order w
    WHERE w.plant_code = ANY(%(plants)s::text[]) AND w.status IN ('released', 'started')
      AND w.planned_start < %(end)s
      AND NOT (w.status = 'started' AND w.planned_start < %(start)s) {wo_filter}"""


_WO_COLUMNS = [
    ("px", "int2"), ("wo_n", "int4"), ("id", "text"), ("line_code", "text"),
    ("item_code", "text"), ("qty", "float8"), ("planned_start", "timestamptz"),
    ("planned_end", "timestamptz"), ("sequence", "int4"), ("customer_order", "text"),
    ("started", "int2"),
]  # fmt: skip


# Each part: its rows and their columns (name, SQL type).
_PARTS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "items": ("SELECT ix, code FROM it", [("ix", "int4"), ("code", "text")]),
    "on_hand": (
        f"""SELECT {_PX.format("b.plant_code")} AS px, it.ix,
            COALESCE(SUM(b.qty) FILTER (WHERE b.status = 'available'), 0)::float8 AS available,
            COALESCE(SUM(b.qty) FILTER (WHERE b.status <> 'available'), 0)::float8 AS held
        FROM inventory_balance b JOIN it ON it.code = b.item_code
        WHERE b.plant_code = ANY(%(plants)s::text[])
        GROUP BY b.plant_code, it.ix""",
        [("px", "int2"), ("ix", "int4"), ("available", "float8"), ("held", "float8")],
    ),
    "line": (
        "SELECT id, ix, px, promised_at AS promised, qty_ordered AS ordered FROM lines",
        [("id", "int8"), ("ix", "int4"), ("px", "int2"), ("promised", "timestamptz"),
         ("ordered", "float8")],
    ),
    "receipt": (
        "SELECT g.po_line_id AS line, g.qty FROM goods_receipt g"
        " JOIN lines l ON l.id = g.po_line_id",
        [("line", "int8"), ("qty", "float8")],
    ),
    "asn": (
        "SELECT s.po_line_id AS line, s.eta, s.qty FROM shipment s"
        f" JOIN lines l ON l.id = s.po_line_id WHERE {OPEN_ASN}",
        [("line", "int8"), ("eta", "timestamptz"), ("qty", "float8")],
    ),
    "conf": (
        "SELECT c.po_line_id AS line, c.received_at AS sent, c.confirmed_for AS for_, c.qty"
        " FROM supplier_confirmation c JOIN lines l ON l.id = c.po_line_id",
        [("line", "int8"), ("sent", "timestamptz"), ("for_", "timestamptz"), ("qty", "float8")],
    ),
    "bom": (
        # Exploded per WO in NumPy (bom_demand): BOM rows, not WOs x BOM rows, cross the wire;
        # a parent no scheduled WO makes is dropped there.
        """SELECT b.parent_item AS parent, it.ix, b.qty_per::float8 AS qty_per
        FROM bom_line b JOIN it ON it.code = b.component_item""",
        [("parent", "text"), ("ix", "int4"), ("qty_per", "float8")],
    ),
}  # fmt: skip


def _parts(limited: bool) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    return {**_PARTS, "work_orders": (_work_orders(limited), _WO_COLUMNS)}


@cache
def snapshot_query(limited: bool) -> str:
    """The one statement: a single row holding every part's packed columns, part after part."""
    parts = ", ".join(
        f"({columns_query(source, columns)}) AS {name}"
        for name, (source, columns) in _parts(limited).items()
    )
    return f"{_ctes(limited)}\nSELECT * FROM {parts}"


def _split_row(row: Any, limited: bool) -> dict[str, dict[str, Any]]:
    """{part: {column: values}} from the statement's one row."""
    assert row is not None
    parts, at = {}, 0
    for name, (_, columns) in _parts(limited).items():
        width = 1 + len(columns)  # the count, then the columns
        parts[name] = read_columns(row[at : at + width], columns)
        at += width
    return parts


class _WorkOrderRecords(Sequence[PlannedWorkOrder]):
    """One plant's scheduled WOs in plan order, each record built when first read.

    `rows` are the positions of the plant's WOs in `cols`, in plan order. A big plant
    schedules tens of thousands of WOs and a shortage report names few of them.
    """

    def __init__(self, cols: dict[str, Any], rows: np.ndarray) -> None:
        self._cols = cols
        self._order: list[int] = rows.tolist()
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


def bom_demand(
    wo_made: np.ndarray, wo_qty: np.ndarray, bom: Mapping[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each WO's requirement of each component of its BOM: (WO number, component, qty).

    `wo_made` and `wo_qty` are by WO number (plan order); `bom` has the made item's key
    (mk), the component (ix) and qty_per. Rows come by WO, then component: plan order
    among draws of the same instant. The qty is qty_per x WO qty, as the SQL would give.
    """
    order = np.lexsort((bom["ix"], bom["mk"]))
    made, component, qty_per = bom["mk"][order], bom["ix"][order], bom["qty_per"][order]
    keys = int(max(wo_made.max(initial=-1), made.max(initial=-1))) + 1
    counts = np.bincount(made, minlength=keys)
    firsts = np.cumsum(counts) - counts
    per_wo = counts[wo_made]
    wo = np.repeat(np.arange(len(wo_made)), per_wo)
    # Row of the BOM for each requirement: the WO's first BOM row plus its rank within the WO.
    rank = np.arange(len(wo)) - np.repeat(np.cumsum(per_wo) - per_wo, per_wo)
    rows = firsts[wo_made][wo] + rank
    return wo, component[rows].astype(np.int32), qty_per[rows] * wo_qty[wo]


def _made_keys(
    wo_items: np.ndarray, bom: Mapping[str, Any]
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Each WO's made item and the BOM's parents as one numbering (bom_demand's `mk`);
    a WO whose item has no BOM gets a key no BOM row has."""
    parents = bom["parent"]
    keys = {code: k for k, code in enumerate(dict.fromkeys(parents))}
    mk = np.fromiter(map(keys.__getitem__, parents), np.int32, len(parents))
    none = repeat(len(keys), len(wo_items))
    made = np.fromiter(map(keys.get, wo_items, none), np.int32, len(wo_items))
    return made, {"mk": mk, "ix": bom["ix"], "qty_per": bom["qty_per"]}


def load_projection_inputs_on(
    conn: Connection,
    timezones: Mapping[str, str],
    start: datetime,
    horizon: timedelta | str,
    items: Sequence[str] | None = None,
) -> dict[str, ProjectionInput]:
    """The projection input of each plant of `timezones` (plant -> zone) over the horizon.

    Read in `conn`'s transaction (it sees the caller's writes), one statement for every
    plant; `items` limits it to those item codes (each must exist in the item master).
    """
    return queue_projection_inputs(conn, timezones, start, horizon, items)()


def queue_projection_inputs(
    conn: Connection,
    timezones: Mapping[str, str],
    start: datetime,
    horizon: timedelta | str,
    items: Sequence[str] | None = None,
) -> Callable[[], dict[str, ProjectionInput]]:
    """load_projection_inputs_on, queued on `conn` (domain.uow.defer): the statement reads
    the state as of now, before anything `conn` queues or sends after it, and goes out with
    the next round trip; the function returned reads its inputs (sending it if still queued)."""
    end = start + parse_horizon(horizon)
    epoch(start, "start")
    plants = sorted(timezones)  # the order of the WO numbering ("C" = Python's sort)
    limited = items is not None
    params = {"plants": plants, "start": start, "end": end, "items": list(items or ())}
    for setting in LIMITED_SETTINGS if limited else PLANNER_SETTINGS:
        defer_driver(conn, setting)
    # Limited: prepared at once, so even a connection's first event skips the planning.
    later = defer_driver(
        conn, snapshot_query(limited), params, binary=True, prepare=limited or None
    )

    def read() -> dict[str, ProjectionInput]:
        [row] = later.rows(conn)
        return _inputs(_split_row(row, limited), timezones, plants, start, end, items)

    return read


def _inputs(
    parts: dict[str, dict[str, Any]],
    timezones: Mapping[str, str],
    plants: list[str],
    start: datetime,
    end: datetime,
    items: Sequence[str] | None,
) -> dict[str, ProjectionInput]:
    """Each plant's projection input from the statement's parts."""
    listed = parts["items"]
    by_ix = np.empty(len(listed["code"]), dtype=object)
    by_ix[listed["ix"]] = listed["code"]
    codes = tuple(by_ix.tolist())
    if items is not None and (missing := sorted(set(items) - set(codes))):
        raise PlanningInputError(f"unknown item(s): {', '.join(missing)}")

    line, receipt, asn, conf = parts["line"], parts["receipt"], parts["asn"], parts["conf"]
    supply = split_open_supply(
        line["id"], line["ix"], line["ordered"], line["promised"],
        receipt["line"], receipt["qty"],
        asn["line"], asn["eta"], asn["qty"],
        conf["line"], conf["sent"], conf["for_"], conf["qty"],
    )  # fmt: skip
    # The plant of each tranche is its line's.
    by_id = np.argsort(line["id"])
    supply_px = line["px"][by_id][np.searchsorted(line["id"][by_id], supply.po_line)]

    on_hand, wos = parts["on_hand"], parts["work_orders"]
    for name in ("id", "line_code", "item_code", "customer_order"):
        wos[name] = np.array(wos[name], dtype=object)
    # WOs by number (plan order, plant after plant): each plant's are one run of numbers.
    by_n = np.empty(len(wos["wo_n"]), dtype=np.int64)
    by_n[wos["wo_n"]] = np.arange(len(by_n))
    wo_px = wos["px"][by_n]
    wo_draw = np.maximum(wos["planned_start"][by_n], epoch(start))
    first_n = np.searchsorted(wo_px, np.arange(len(plants) + 1))
    made, bom = _made_keys(wos["item_code"][by_n], parts["bom"])
    d_wo, d_ix, d_qty = bom_demand(made, wos["qty"][by_n], bom)
    d_first = np.searchsorted(d_wo, first_n)
    result = {}
    for px, plant in enumerate(plants):
        available, held = np.zeros(len(codes)), np.zeros(len(codes))
        mine = on_hand["px"] == px
        available[on_hand["ix"][mine]] = on_hand["available"][mine]
        held[on_hand["ix"][mine]] = on_hand["held"][mine]
        s = supply_px == px
        d = slice(d_first[px], d_first[px + 1])
        result[plant] = ProjectionInput(
            plant=plant,
            timezone=timezones[plant],
            start=start,
            end=end,
            items=codes,
            available=available,
            held=held,
            supply_item=supply.item[s],
            supply_at=supply.at[s],
            supply_qty=supply.qty[s],
            supply_kind=supply.kind[s],
            supply_po_line=supply.po_line[s],
            demand_item=d_ix[d],
            demand_at=wo_draw[d_wo[d]],
            demand_qty=d_qty[d],
            demand_wo=(d_wo[d] - first_n[px]).astype(np.int32),
            work_orders=_WorkOrderRecords(wos, by_n[first_n[px] : first_n[px + 1]]),
        )
    return result
