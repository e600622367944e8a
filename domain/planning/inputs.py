"""The plain-data input of a material projection: stock, scheduled receipts and WO requirements.

Everything is columnar (NumPy arrays indexed by item number) so a projection over a million
supply lines stays a few vectorised passes; `build_input` makes one from readable records.
Times are whole seconds since the Unix epoch (UTC) inside; results turn them back into
timezone-aware datetimes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import numpy as np

from domain.planning.policy import PlanningInputError, parse_horizon
from domain.planning.supply import SupplyKind

# Work orders whose components are still to be consumed.
SCHEDULED_STATUSES = ("released", "started")


def epoch(at: datetime, name: str = "time") -> int:
    """Whole seconds since the epoch of an aware datetime."""
    if at.tzinfo is None:
        raise PlanningInputError(f"{name} {at.isoformat()} has no timezone; give an offset")
    return int(at.timestamp() // 1)


def from_epoch(seconds: int | np.integer) -> datetime:
    return _utc(int(seconds))


@lru_cache(maxsize=1 << 16)
def _utc(seconds: int) -> datetime:
    # Results repeat the same few thousand instants (WO starts, receipt dates): cache them.
    return datetime.fromtimestamp(seconds, UTC)


@dataclass(frozen=True)
class PlannedWorkOrder:
    """A scheduled WO as the projection sees it: what, where, when, for whom."""

    id: str
    line: str
    item: str
    qty: float
    start: datetime
    end: datetime
    sequence: int = 0
    customer_order: str | None = None
    status: str = "released"

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600


@dataclass(frozen=True)
class ScheduledReceipt:
    """Open supply of a PO line at its best-known date (see supply.open_tranches)."""

    item: str
    qty: float
    at: datetime
    kind: SupplyKind = SupplyKind.confirmed
    po_line: int = 0


@dataclass(frozen=True)
class StockOnHand:
    item: str
    qty: float
    status: str = "available"  # available | quality_hold | blocked


def _f8(values: Iterable[float]) -> np.ndarray:
    return np.fromiter(values, dtype=np.float64)


def _i8(values: Iterable[int]) -> np.ndarray:
    return np.fromiter(values, dtype=np.int64)


def _i4(values: Iterable[int]) -> np.ndarray:
    return np.fromiter(values, dtype=np.int32)


@dataclass(frozen=True, eq=False)
class ProjectionInput:
    """Stock, supply and demand of one plant over [start, end), indexed by item number.

    `work_orders` are ordered by (start, sequence, id); `demand_wo` indexes into them, and
    demand rows are in that order, which sets who gets material first at the same instant.
    """

    plant: str
    timezone: str
    start: datetime
    end: datetime
    items: tuple[str, ...]
    available: np.ndarray  # float64 per item: on hand with status 'available'
    held: np.ndarray  # float64 per item: on quality hold or blocked
    supply_item: np.ndarray  # int32
    supply_at: np.ndarray  # int64 epoch seconds
    supply_qty: np.ndarray  # float64
    supply_kind: np.ndarray  # int8 SupplyKind
    supply_po_line: np.ndarray  # int64 po_line.id (0 when unknown)
    demand_item: np.ndarray  # int32 component
    demand_at: np.ndarray  # int64 epoch seconds (consumption at WO start)
    demand_qty: np.ndarray  # float64 qty_per × WO qty
    demand_wo: np.ndarray  # int32 index into work_orders
    work_orders: Sequence[PlannedWorkOrder]  # a tuple, or records built when first read

    @property
    def item_index(self) -> dict[str, int]:
        """{item code: item number}, built on first use (a full load does not look items up)."""
        index: dict[str, int] | None = self.__dict__.get("_item_index")
        if index is None:
            index = {code: i for i, code in enumerate(self.items)}
            object.__setattr__(self, "_item_index", index)
        return index

    def __post_init__(self) -> None:
        for name in ("available", "held", "supply_qty", "demand_qty"):
            values = getattr(self, name)
            if len(values) and float(values.min()) < 0:
                raise PlanningInputError(
                    f"{name} has a negative quantity ({float(values.min())}); "
                    "quantities must be zero or more"
                )
        if len(self.available) != len(self.items) or len(self.held) != len(self.items):
            raise ValueError("available/held must have one entry per item")

    @property
    def start_s(self) -> int:
        return epoch(self.start, "start")

    @property
    def end_s(self) -> int:
        return epoch(self.end, "end")


def explode(
    work_orders: Sequence[PlannedWorkOrder],
    bom: Mapping[str, Sequence[tuple[str, float]]],
    start: datetime,
    end: datetime,
) -> tuple[tuple[PlannedWorkOrder, ...], list[tuple[str, int, float, int]]]:
    """Scheduled WOs in the horizon, ordered, and their requirements (component, at, qty, wo).

    A released WO that should already have started consumes at `start` (it is past due);
    a WO started before `start` has already drawn its components and is left out.
    """
    start_s, end_s = epoch(start, "start"), epoch(end, "end")
    kept: list[PlannedWorkOrder] = []
    for wo in work_orders:
        if wo.qty < 0:
            raise PlanningInputError(f"work order {wo.id}: qty is negative ({wo.qty})")
        wo_start = epoch(wo.start, f"work order {wo.id} start")
        if wo.status not in SCHEDULED_STATUSES or wo_start >= end_s:
            continue
        if wo.status == "started" and wo_start < start_s:
            continue
        kept.append(wo)
    kept.sort(key=lambda w: (max(epoch(w.start), start_s), w.sequence, w.id))
    rows: list[tuple[str, int, float, int]] = []
    for index, wo in enumerate(kept):
        at = max(epoch(wo.start), start_s)
        for component, qty_per in sorted(bom.get(wo.item, ())):
            if qty_per < 0:
                raise PlanningInputError(f"BOM {wo.item} -> {component}: qty_per is negative")
            rows.append((component, at, qty_per * wo.qty, index))
    return tuple(kept), rows


def build_input(
    plant: str,
    start: datetime,
    horizon: timedelta | str,
    *,
    timezone: str = "UTC",
    stock: Iterable[StockOnHand] = (),
    receipts: Iterable[ScheduledReceipt] = (),
    work_orders: Sequence[PlannedWorkOrder] = (),
    bom: Mapping[str, Sequence[tuple[str, float]]] | None = None,
    items: Iterable[str] | None = None,
) -> ProjectionInput:
    """A ProjectionInput from readable records; `items` limits it to those item codes."""
    end = start + parse_horizon(horizon)
    wanted = set(items) if items is not None else None
    stock = [s for s in stock if wanted is None or s.item in wanted]
    receipts = [r for r in receipts if wanted is None or r.item in wanted]
    kept, requirements = explode(work_orders, bom or {}, start, end)
    requirements = [r for r in requirements if wanted is None or r[0] in wanted]
    codes = {s.item for s in stock} | {r.item for r in receipts} | {r[0] for r in requirements}
    codes |= wanted or set()
    item_codes = tuple(sorted(codes))
    index = {code: i for i, code in enumerate(item_codes)}
    available = np.zeros(len(item_codes))
    held = np.zeros(len(item_codes))
    for s in stock:
        if s.qty < 0:
            raise PlanningInputError(f"stock of {s.item}: qty is negative ({s.qty})")
        (available if s.status == "available" else held)[index[s.item]] += s.qty
    for r in receipts:
        if r.qty < 0:
            raise PlanningInputError(f"receipt of {r.item} (PO line {r.po_line}): qty is negative")
    return ProjectionInput(
        plant=plant,
        timezone=timezone,
        start=start,
        end=end,
        items=item_codes,
        available=available,
        held=held,
        supply_item=_i4(index[r.item] for r in receipts),
        supply_at=_i8(epoch(r.at, f"receipt of {r.item}") for r in receipts),
        supply_qty=_f8(r.qty for r in receipts),
        supply_kind=np.fromiter((int(r.kind) for r in receipts), dtype=np.int8),
        supply_po_line=_i8(r.po_line for r in receipts),
        demand_item=_i4(index[r[0]] for r in requirements),
        demand_at=_i8(r[1] for r in requirements),
        demand_qty=_f8(r[2] for r in requirements),
        demand_wo=_i4(r[3] for r in requirements),
        work_orders=kept,
    )
