"""find_shortages reads every item's size and recovery as a plain walk over its events would.

The shortages of many items are found in a few vectorised passes; here each item's readable
events (Projection.for_item) are walked one by one instead, on random plants whose receipts
and draws share instants, so that "the balance after all of an instant's events" and "the
receipts of the recovery instant" are tested where they are easy to get wrong.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from domain.clock import DEMO_AS_OF
from domain.planning.inputs import PlannedWorkOrder, ScheduledReceipt, StockOnHand, build_input
from domain.planning.projection import ItemProjection, project
from domain.planning.shortages import find_shortages
from domain.planning.supply import SupplyKind

HOUR = timedelta(hours=1)


def _walk(item: ItemProjection) -> tuple[datetime, float, datetime | None, tuple[str, ...]]:
    """First-short time, qty short, recovery time and its receipts, event by event."""
    events = item.events
    first = next(n for n, e in enumerate(events) if e.balance < 0)
    end = max(n for n, e in enumerate(events) if e.at == events[first].at)
    for n in range(end, len(events)):
        closes = n == len(events) - 1 or events[n + 1].at != events[n].at
        if closes and events[n].balance >= 0:
            by = tuple(
                e.ref for e in events[end : n + 1] if e.at == events[n].at and e.kind == "receipt"
            )
            return events[first].at, -events[end].balance, events[n].at, by
    return events[first].at, -events[end].balance, None, ()


def _plant(seed: int) -> tuple[list[str], object]:
    rng = random.Random(seed)
    items = [f"C{n:02d}" for n in range(12)]
    hours = [DEMO_AS_OF + HOUR * h for h in range(0, 60, 6)]  # few instants: many collide
    receipts = [
        ScheduledReceipt(rng.choice(items), rng.choice([5.0, 10.0, 25.0]), rng.choice(hours),
                         rng.choice(list(SupplyKind)), po_line=1000 + n)
        for n in range(60)
    ]  # fmt: skip
    wos = [
        PlannedWorkOrder(f"WO-{n:03d}", "L1", f"P{n % 4}", rng.choice([1.0, 2.0, 4.0]),
                         start, start + 2 * HOUR, sequence=n)
        for n, start in enumerate(rng.choice(hours) for _ in range(40))
    ]  # fmt: skip
    bom = {f"P{k}": [(c, rng.choice([2.0, 5.0])) for c in rng.sample(items, 4)] for k in range(4)}
    stock = [StockOnHand(c, rng.choice([0.0, 5.0, 20.0])) for c in items]
    data = build_input("X", DEMO_AS_OF, "3d", stock=stock, receipts=receipts, work_orders=wos,
                       bom=bom, items=items)  # fmt: skip
    return items, data


def test_each_shortage_is_sized_and_recovered_as_its_events_say() -> None:
    seen = recovered = 0
    for seed in range(40):
        items, data = _plant(seed)
        projection = project(data)  # type: ignore[arg-type]
        for shortage in find_shortages(projection):
            walked = _walk(projection.for_item(shortage.item))
            got = (shortage.first_short_at, shortage.qty_short, shortage.recovered_at,
                   shortage.recovered_by)  # fmt: skip
            assert got == walked, (seed, shortage.item)
            seen += 1
            recovered += shortage.recovered_at is not None
        short = {s.item for s in find_shortages(projection)}
        walkable = {c for c in items if any(e.balance < 0 for e in projection.for_item(c).events)}
        assert short == walkable, seed
    assert seen > 100 and 0 < recovered < seen
