"""Clear-to-build per WO, and the time each WO's components would be ready (for rescheduling).

A WO is clear to build when every component's draw at its start is covered by the projected
available, earlier WOs in plan order (start, sequence, id) being served first.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from domain.planning.inputs import from_epoch
from domain.planning.policy import SupplyPolicy
from domain.planning.projection import CONSUMPTION, QTY_SCALE, Projection


@dataclass(frozen=True)
class ComponentShort:
    """A component a WO lacks at its start, and when its draw would be covered."""

    item: str
    qty_required: float
    qty_short: float
    covered_at: datetime | None  # None: not within the horizon


@dataclass(frozen=True)
class ClearToBuild:
    work_order: str
    line: str
    item: str
    start: datetime
    clear: bool
    short: tuple[ComponentShort, ...]
    policy: SupplyPolicy


def _draws_by_work_order(projection: Projection, rows: np.ndarray) -> dict[int, list[int]]:
    grouped: dict[int, list[int]] = defaultdict(list)
    for row, wo in zip(rows.tolist(), projection.ref[rows].tolist(), strict=True):
        grouped[wo].append(row)
    return grouped


def clear_to_build(projection: Projection) -> list[ClearToBuild]:
    """Every scheduled WO in plan order: clear or not, and which components are short."""
    p = projection
    short_rows = np.flatnonzero((p.kind == CONSUMPTION) & (p.balance < 0))
    covered = dict(zip(short_rows.tolist(), p.cover_times(short_rows).tolist(), strict=True))
    by_wo = _draws_by_work_order(p, short_rows)
    result = []
    for index, wo in enumerate(p.input.work_orders):
        short = tuple(
            ComponentShort(
                item=p.input.items[int(p.item[row])],
                qty_required=float(p.qty[row]) / QTY_SCALE,
                qty_short=float(min(p.qty[row], -p.balance[row])) / QTY_SCALE,
                covered_at=None if covered[row] < 0 else from_epoch(covered[row]),
            )
            for row in by_wo.get(index, ())
        )
        result.append(
            ClearToBuild(
                work_order=wo.id,
                line=wo.line,
                item=wo.item,
                start=max(wo.start, p.input.start),
                clear=not short,
                short=short,
                policy=p.policy,
            )
        )
    return result


def material_ready_times(projection: Projection) -> dict[str, datetime | None]:
    """Per WO id, the earliest time all its components would be covered if it started then.

    Earlier WOs in the current plan keep their claim on material (priority netting); a WO
    with everything in stock, or with no components, is ready at the projection's start.
    None means some component is not covered within the horizon.
    """
    p = projection
    draws = np.flatnonzero(p.kind == CONSUMPTION)
    ready: dict[str, datetime | None] = {wo.id: p.input.start for wo in p.input.work_orders}
    latest: dict[int, int] = {}
    for wo, cover in zip(p.ref[draws].tolist(), p.cover_times(draws).tolist(), strict=True):
        if latest.get(wo, 0) >= 0:
            latest[wo] = -1 if cover < 0 else max(latest.get(wo, cover), cover)
    for wo, cover in latest.items():
        ready[p.input.work_orders[wo].id] = None if cover < 0 else from_epoch(cover)
    return ready
