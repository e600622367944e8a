"""Re-projects only the items an event touches and keeps the stored shortage view current."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, text

from domain.planning.inputs import ProjectionInput
from domain.planning.projection import CONSUMPTION, project
from domain.planning.repository import DEFAULT_HORIZON
from domain.planning.shortages import find_shortages
from domain.planning.snapshot import queue_projection_inputs
from domain.uow import defer


@dataclass(frozen=True)
class ItemState:
    """One item's shortage at one moment (not short: first_short_at is None), for alert rules."""

    item: str
    plant: str
    first_short_at: datetime | None
    qty_short: float
    recovered_at: datetime | None
    line_hours_at_risk: float
    work_orders: tuple[str, ...]
    customer_orders: tuple[str, ...]
    lines: tuple[str, ...]
    demand_in_horizon: float  # what the scheduled WOs draw of it in the horizon

    @property
    def short(self) -> bool:
        return self.first_short_at is not None

    def as_dict(self) -> dict[str, Any]:
        return {
            "first_short_at": self.first_short_at,
            "qty_short": self.qty_short,
            "recovered_at": self.recovered_at,
            "line_hours_at_risk": round(self.line_hours_at_risk, 2),
            "work_orders": list(self.work_orders),
            "customer_orders": list(self.customer_orders),
        }


def item_states(
    conn: Connection,
    plant: str,
    timezone: str,
    start: datetime,
    items: Iterable[str],
    horizon: timedelta = DEFAULT_HORIZON,
) -> dict[str, ItemState]:
    """The shortage state of each of `items` at `plant`, seen from inside `conn`'s transaction."""
    return queue_item_states(conn, plant, timezone, start, items, horizon)()


def queue_item_states(
    conn: Connection,
    plant: str,
    timezone: str,
    start: datetime,
    items: Iterable[str],
    horizon: timedelta = DEFAULT_HORIZON,
) -> Callable[[], dict[str, ItemState]]:
    """item_states as of now, queued on `conn` (see snapshot.queue_projection_inputs): it goes
    out with the next round trip, ahead of what is queued after it; the function gives them."""
    codes = sorted(set(items))
    if not codes:
        return dict
    load = queue_projection_inputs(conn, {plant: timezone}, start, horizon, codes)
    return lambda: _states(load()[plant])


def _states(data: ProjectionInput) -> dict[str, ItemState]:
    projection = project(data)
    shortages = {s.item: s for s in find_shortages(projection)}
    states = {}
    for i, code in enumerate(data.items):
        lo, hi = int(projection.offsets[i]), int(projection.offsets[i + 1])
        drawn = projection.qty[lo:hi][projection.kind[lo:hi] == CONSUMPTION]
        demand = float(drawn.sum()) / 1_000_000
        s = shortages.get(code)
        states[code] = ItemState(
            item=code,
            plant=data.plant,
            first_short_at=s.first_short_at if s else None,
            qty_short=s.qty_short if s else 0.0,
            recovered_at=s.recovered_at if s else None,
            line_hours_at_risk=s.line_hours_at_risk if s else 0.0,
            work_orders=s.work_orders if s else (),
            customer_orders=s.customer_orders if s else (),
            lines=s.lines if s else (),
            demand_in_horizon=demand,
        )
    return states


_UPSERT = text(
    "INSERT INTO events.shortage_view (plant_code, item_code, first_short_at, qty_short,"
    " recovered_at, line_hours_at_risk, work_orders, customer_orders, updated_at)"
    " VALUES (:p, :i, :f, :q, :r, :h, :w, :c, :now)"
    " ON CONFLICT (plant_code, item_code) DO UPDATE SET first_short_at = :f, qty_short = :q,"
    " recovered_at = :r, line_hours_at_risk = :h, work_orders = :w, customer_orders = :c,"
    " updated_at = :now"
)


def store_view(conn: Connection, states: Iterable[ItemState], now: datetime) -> None:
    """Record each item's current shortage in events.shortage_view (the service's view)."""
    rows = [
        {"p": s.plant, "i": s.item, "f": s.first_short_at, "q": s.qty_short,
         "r": s.recovered_at, "h": s.line_hours_at_risk, "w": list(s.work_orders),
         "c": list(s.customer_orders), "now": now}
        for s in states
    ]  # fmt: skip
    for row in rows:
        defer(conn, _UPSERT, row)  # sent with the event's next statement
