"""Shortages: where an item's projected available first goes below zero, and what it hits.

A shortage is pegged to every WO whose draw leaves the item below zero from the first-short
time on (in plan order), to those WOs' customer orders, and to the line hours at risk: for
each short WO, the time from its start until its draw is covered, capped at its duration.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple, overload
from zoneinfo import ZoneInfo

import numpy as np

from domain.planning.inputs import PlannedWorkOrder, from_epoch
from domain.planning.policy import SupplyPolicy
from domain.planning.projection import CONSUMPTION, QTY_SCALE, RECEIPT, Projection, receipt_ref


class PeggedWorkOrder(NamedTuple):
    """A WO a shortage hits: its draw of the short item is not covered at its start.

    A NamedTuple rather than a dataclass: a large plant can peg tens of thousands of them.
    """

    work_order: str
    line: str
    item: str  # what the WO makes
    customer_order: str | None
    start: datetime  # when it draws its components
    end: datetime
    qty_required: float
    qty_short: float
    covered_at: datetime | None  # when its draw is covered again; None: not in the horizon
    line_hours_at_risk: float


class Pegging(Sequence[PeggedWorkOrder]):
    """The WOs a shortage hits, as records built on first use (a big plant pegs 100,000s).

    `draws` holds one row per short draw in plan order: WO index, draw time, cover time
    (-1: not covered in the horizon), qty required, qty short; times in epoch seconds.
    It compares, hashes and prints like the tuple of its records.
    """

    __slots__ = ("_work_orders", "_draws", "_records")

    def __init__(self, work_orders: Sequence[PlannedWorkOrder], draws: np.ndarray) -> None:
        self._work_orders = work_orders
        self._draws = draws
        self._records: tuple[PeggedWorkOrder, ...] | None = None

    def records(self) -> tuple[PeggedWorkOrder, ...]:
        if self._records is None:
            self._records = tuple(
                _pegged(self._work_orders[int(wo)], int(start), int(cover), required, missing)
                for wo, start, cover, required, missing in self._draws.tolist()
            )
        return self._records

    def __len__(self) -> int:
        return len(self._draws)

    @overload
    def __getitem__(self, index: int) -> PeggedWorkOrder: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[PeggedWorkOrder, ...]: ...
    def __getitem__(self, index: int | slice) -> PeggedWorkOrder | tuple[PeggedWorkOrder, ...]:
        return self.records()[index]

    def __iter__(self) -> Iterator[PeggedWorkOrder]:
        return iter(self.records())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Pegging | tuple | list):
            return self.records() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.records())

    def __repr__(self) -> str:
        return repr(self.records())


@dataclass(frozen=True)
class Shortage:
    """The first time an item's projected available is below zero in the horizon."""

    item: str
    plant: str
    first_short_at: datetime
    qty_short: float  # below zero by this much after everything at first_short_at
    pegged: Sequence[PeggedWorkOrder]  # a Pegging: records built when first read
    recovered_at: datetime | None  # projected available back at zero or more; None: not in horizon
    recovered_by: tuple[str, ...]  # the receipts at recovered_at ('po_line:<id>' or a label)
    opening: float  # available at the start under the policy
    held: float  # stock on hold or blocked (counted only if the policy includes it)
    policy: SupplyPolicy
    # Not covered within the horizon: when it is covered again past it, and by which receipts
    # (the item projected on, later draws counted); None: not within the look-ahead either.
    covered_later_at: datetime | None = None
    covered_later_by: tuple[str, ...] = ()

    @property
    def work_orders(self) -> tuple[str, ...]:
        return tuple(p.work_order for p in self.pegged)

    @property
    def customer_orders(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.customer_order for p in self.pegged if p.customer_order))

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.line for p in self.pegged))

    @property
    def line_hours_at_risk(self) -> float:
        return sum(p.line_hours_at_risk for p in self.pegged)

    def as_dict(self, timezone: str | None = None) -> dict[str, Any]:
        """JSON-ready, times in ISO 8601 with the offset of `timezone` (default UTC)."""
        tz = ZoneInfo(timezone) if timezone else None

        def iso(at: datetime | None) -> str | None:
            return None if at is None else (at.astimezone(tz) if tz else at).isoformat()

        return {
            "item": self.item,
            "plant": self.plant,
            "first_short_at": iso(self.first_short_at),
            "qty_short": self.qty_short,
            "work_orders": list(self.work_orders),
            "customer_orders": list(self.customer_orders),
            "line_hours_at_risk": round(self.line_hours_at_risk, 4),
            "recovered_at": iso(self.recovered_at),
            "recovered_by": list(self.recovered_by),
            "covered_later_at": iso(self.covered_later_at),
            "covered_later_by": list(self.covered_later_by),
            "opening_available": self.opening,
            "held": self.held,
            "pegged": [
                {
                    "work_order": p.work_order,
                    "line": p.line,
                    "item": p.item,
                    "customer_order": p.customer_order,
                    "start": iso(p.start),
                    "qty_required": p.qty_required,
                    "qty_short": p.qty_short,
                    "covered_at": iso(p.covered_at),
                    "line_hours_at_risk": round(p.line_hours_at_risk, 4),
                }
                for p in self.pegged
            ],
            "policy": self.policy.as_dict(),
        }


def worst_per_work_order(pegged: Iterable[tuple[str, float]]) -> dict[str, float]:
    """Each WO's line hours at risk once, at its worst, from (work order, hours) pairs.

    A WO short of two items stops its line once: the line-stop risk KPI and the shortages
    total both count it so.
    """
    worst: dict[str, float] = {}
    for work_order, hours in pegged:
        worst[work_order] = max(worst.get(work_order, 0.0), hours)
    return worst


def find_shortages(projection: Projection) -> list[Shortage]:
    """Every item's first shortage in the horizon, ordered by first-short time then item."""
    p, data = projection, projection.input
    short = np.flatnonzero(p.balance < 0)
    if not len(short):
        return []
    items, first_rows = np.unique(p.item[short], return_index=True)
    draws = short[p.kind[short] == CONSUMPTION]
    # Per short draw in one vectorised pass; each shortage's WO records are built on first use.
    draw_item = p.item[draws]
    columns = np.stack(
        [
            p.ref[draws].astype(np.float64),
            p.at[draws].astype(np.float64),
            p.cover_times(draws).astype(np.float64),
            p.qty[draws] / QTY_SCALE,
            np.minimum(p.qty[draws], -p.balance[draws]) / QTY_SCALE,
        ],
        axis=1,
    )
    bounds: list[int] = np.searchsorted(draw_item, np.r_[items, len(data.items)]).tolist()  # type: ignore[assignment]
    first = short[first_rows]
    # The balance at an instant is the one after all its events (receipts first): each
    # shortage's size is read at the last event of its first-short instant.
    closing = _instant_ends(p)
    instant_end = closing[np.searchsorted(closing, first)]
    recovered_at, recovered_by = _recoveries(p, closing, instant_end, p.offsets[items + 1])
    qty_short = p.balance[instant_end].tolist()
    opening = p.opening[items].tolist()
    held = data.held[items].tolist()
    shortages = []
    for n, (i, at) in enumerate(zip(items.tolist(), p.at[first].tolist(), strict=True)):
        shortages.append(
            Shortage(
                item=data.items[i],
                plant=data.plant,
                first_short_at=from_epoch(at),
                qty_short=-float(qty_short[n]) / QTY_SCALE,
                pegged=Pegging(data.work_orders, columns[bounds[n] : bounds[n + 1]]),
                recovered_at=recovered_at[n],
                recovered_by=recovered_by[n],
                opening=float(opening[n]) / QTY_SCALE,
                held=float(held[n]),
                policy=p.policy,
            )
        )
    return sorted(shortages, key=lambda s: (s.first_short_at, s.item))


def _instant_ends(p: Projection) -> np.ndarray:
    """Rows that close an instant of an item (its last event then), in row order."""
    last = np.ones(len(p.at), dtype=bool)
    last[:-1] = (p.item[1:] != p.item[:-1]) | (p.at[1:] != p.at[:-1])
    return np.flatnonzero(last)


def _recoveries(
    p: Projection, closing: np.ndarray, after: np.ndarray, hi: np.ndarray
) -> tuple[list[datetime | None], list[tuple[str, ...]]]:
    """For each shortage (rows `after`..`hi` of its item), the first instant from `after` on
    whose closing balance is zero or more, and the receipts at that instant from `after` on."""
    back = closing[p.balance[closing] >= 0]
    row = np.append(back, -1)[np.searchsorted(back, after)]  # -1: none from `after` on
    found = (row >= 0) & (row < hi)
    # The recovery instant's rows, not before `after`: from its first event to its last.
    k = np.searchsorted(closing, row)
    instant_start = np.where(k > 0, closing[np.maximum(k - 1, 0)] + 1, 0)
    lo = np.where(found, np.maximum(after, instant_start), 0)
    count = np.where(found, row - lo + 1, 0)
    rows = np.repeat(lo - np.cumsum(count) + count, count) + np.arange(int(count.sum()))
    receipt = p.kind[rows] == RECEIPT
    owner = np.repeat(np.arange(len(after)), count)[receipt]
    labels = [receipt_ref(ref) for ref in p.ref[rows[receipt]].tolist()]
    ends = np.searchsorted(owner, np.arange(len(after) + 1)).tolist()
    when: list[datetime | None] = [
        from_epoch(t) if ok else None
        for t, ok in zip(p.at[np.maximum(row, 0)].tolist(), found.tolist(), strict=True)
    ]
    return when, [tuple(labels[ends[n] : ends[n + 1]]) for n in range(len(after))]


def _pegged(
    wo: PlannedWorkOrder, start: int, cover: int, required: float, missing: float
) -> PeggedWorkOrder:
    """A short WO; its line hours at risk run from its start until covered, at most its length."""
    hours = (wo.end - wo.start).total_seconds() / 3600
    if cover >= 0:
        hours = min(max(cover - start, 0) / 3600, hours)
    return PeggedWorkOrder(
        work_order=wo.id,
        line=wo.line,
        item=wo.item,
        customer_order=wo.customer_order,
        start=from_epoch(start),
        end=wo.end,
        qty_required=required,
        qty_short=missing,
        covered_at=None if cover < 0 else from_epoch(cover),
        line_hours_at_risk=hours,
    )
