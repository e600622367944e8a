"""Event-based material projection: projected available per item after every receipt and draw.

Opening balance = stock with status 'available' (plus held stock if the policy says so);
each scheduled receipt adds at its best-known date, each WO requirement subtracts at the WO's
start. At one instant receipts count first, then WOs in plan order (start, sequence, id).
Quantities are summed as exact integers of micro-units so a million events add up exactly.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from domain.planning.inputs import ProjectionInput, from_epoch
from domain.planning.policy import SupplyPolicy
from domain.planning.supply import SupplyKind

RECEIPT, CONSUMPTION = 0, 1
RELEASE_REF = -1  # the receipt a supposed release of held stock makes (no PO line)
RELEASED_HOLD = "held stock released"
QTY_SCALE = 1_000_000  # micro-units: exact integer sums for quantities with decimals


def to_micro(qty: np.ndarray) -> np.ndarray:
    return np.rint(np.asarray(qty, dtype=np.float64) * QTY_SCALE).astype(np.int64)


@dataclass(frozen=True)
class ProjectionEvent:
    """One change of an item's projected available: a receipt or a WO's draw."""

    at: datetime
    kind: str  # receipt | consumption
    qty: float
    balance: float  # projected available right after this event
    ref: str  # 'po_line:<id>' for a receipt, the WO id for a consumption
    supply_kind: str | None = None  # asn | confirmed | unconfirmed, for receipts


@dataclass(frozen=True)
class ItemProjection:
    """The projected available of one item over the horizon, under a stated policy."""

    item: str
    plant: str
    opening: float
    held: float
    policy: SupplyPolicy
    events: tuple[ProjectionEvent, ...]

    def balance_at(self, at: datetime) -> float:
        """Projected available after everything that happens at or before `at`."""
        balance = self.opening
        for event in self.events:
            if event.at > at:
                break
            balance = event.balance
        return balance

    @property
    def minimum(self) -> float:
        return min([self.opening, *(e.balance for e in self.events)])


@dataclass(frozen=True, eq=False)
class Projection:
    """All items' projections as sorted event arrays; `offsets[i]:offsets[i+1]` is item i."""

    input: ProjectionInput
    policy: SupplyPolicy
    opening: np.ndarray  # int64 micro-units per item
    item: np.ndarray  # int32 per event, events sorted by (item, time, receipt first, plan order)
    at: np.ndarray  # int64 epoch seconds
    kind: np.ndarray  # int8 RECEIPT | CONSUMPTION
    qty: np.ndarray  # int64 micro-units, positive
    ref: np.ndarray  # int64 po_line id (receipt) or WO index (consumption)
    supply_kind: np.ndarray  # int8 SupplyKind for receipts, -1 for consumptions
    balance: np.ndarray  # int64 micro-units after the event
    offsets: np.ndarray  # int64, n_items + 1

    @property
    def items(self) -> tuple[str, ...]:
        return self.input.items

    def __len__(self) -> int:
        return len(self.input.items)

    def __iter__(self) -> Iterator[ItemProjection]:
        for code in self.input.items:
            yield self.for_item(code)

    def cover_times(self, events: np.ndarray) -> np.ndarray:
        """For consumption events, the earliest time (epoch s) their draw is covered, else -1.

        Covered means opening + receipts up to then >= this draw plus every draw ahead of it
        in plan order (earlier WOs keep their priority); already covered at start -> start.
        """
        events = np.asarray(events, dtype=np.int64)
        counted = np.where(self.kind == RECEIPT, self.qty, 0)
        received = np.cumsum(counted)  # nondecreasing over all items at once
        drawn = np.cumsum(self.qty - counted)
        received_before = np.concatenate([[0], received])[self.offsets[:-1]]
        drawn_before = np.concatenate([[0], drawn])[self.offsets[:-1]]
        item = self.item[events]
        need = drawn[events] - drawn_before[item] - self.opening[item]
        first = np.searchsorted(received, need + received_before[item], side="left")
        end = self.offsets[item + 1]
        times = np.where(first < end, self.at[np.minimum(first, len(self.at) - 1)], -1)
        return np.where(need <= 0, self.input.start_s, times)

    def for_item(self, code: str) -> ItemProjection:
        """The readable projection of one item (KeyError if the item is not in the input)."""
        i = self.input.item_index[code]
        lo, hi = int(self.offsets[i]), int(self.offsets[i + 1])
        wos = self.input.work_orders
        events = tuple(
            ProjectionEvent(
                at=from_epoch(self.at[j]),
                kind="receipt" if self.kind[j] == RECEIPT else "consumption",
                qty=float(self.qty[j]) / QTY_SCALE,
                balance=float(self.balance[j]) / QTY_SCALE,
                ref=(
                    receipt_ref(int(self.ref[j]))
                    if self.kind[j] == RECEIPT
                    else wos[int(self.ref[j])].id
                ),
                supply_kind=(
                    SupplyKind(int(self.supply_kind[j])).name if self.kind[j] == RECEIPT else None
                ),
            )
            for j in range(lo, hi)
        )
        held = float(self.input.held[i])
        return ItemProjection(
            item=code,
            plant=self.input.plant,
            opening=float(self.opening[i]) / QTY_SCALE,
            held=held,
            policy=self.policy,
            events=events,
        )


def _release_epoch(policy: SupplyPolicy) -> int | None:
    """When held stock starts to count, for a release supposed at a time; None otherwise."""
    if policy.include_held or policy.held_released_at is None:
        return None
    return int(policy.held_released_at.timestamp())


def _with_arrivals(data: ProjectionInput, policy: SupplyPolicy) -> tuple[np.ndarray, np.ndarray]:
    """Supply times and kinds with each supposed arrival applied: the tranches it moves arrive at
    its time and count as confirmed (the data's arrays are left untouched)."""
    if not policy.arrivals:
        return data.supply_at, data.supply_kind
    at, kind = data.supply_at.copy(), data.supply_kind.copy()
    for a in policy.arrivals:
        moved = data.supply_po_line == a.po_line_id
        if a.part == "unconfirmed":
            moved &= data.supply_kind == int(SupplyKind.unconfirmed)
        elif a.part == "shipped":
            moved &= data.supply_kind == int(SupplyKind.asn)
        at[moved] = int(a.at.timestamp())
        kind[moved] = int(SupplyKind.confirmed)
    return at, kind


def receipt_ref(ref: int) -> str:
    """How a receipt's source is named: its PO line, or the release of held stock."""
    return RELEASED_HOLD if ref == RELEASE_REF else f"po_line:{ref}"


def project(data: ProjectionInput, policy: SupplyPolicy | None = None) -> Projection:
    """Project every item of `data` over its horizon under `policy` (default: conservative)."""
    policy = policy or SupplyPolicy()
    start_s, end_s = data.start_s, data.end_s
    supply_at, supply_kind = _with_arrivals(data, policy)
    # Supply the policy counts, inside the horizon; past-due receipts are expected now.
    keep = (data.supply_qty > 0) & (supply_at < end_s)
    if not policy.include_unconfirmed:
        keep &= supply_kind != int(SupplyKind.unconfirmed)
    s_item = data.supply_item[keep]
    s_at = np.maximum(supply_at[keep], start_s)
    s_qty, s_ref, s_kind = data.supply_qty[keep], data.supply_po_line[keep], supply_kind[keep]
    release = _release_epoch(policy)
    if release is not None and release < end_s:  # held stock arrives as a receipt at release
        held = np.flatnonzero(data.held > 0)
        s_item = np.concatenate([s_item, held])
        s_at = np.concatenate([s_at, np.full(len(held), max(release, start_s), s_at.dtype)])
        s_qty = np.concatenate([s_qty, data.held[held]])
        s_ref = np.concatenate([s_ref, np.full(len(held), RELEASE_REF, s_ref.dtype)])
        s_kind = np.concatenate([s_kind, np.full(len(held), int(SupplyKind.confirmed), np.int8)])
    need = (data.demand_qty > 0) & (data.demand_at < end_s)
    d_item = data.demand_item[need]
    d_at = np.maximum(data.demand_at[need], start_s)

    item = np.concatenate([s_item, d_item]).astype(np.int64)
    at = np.concatenate([s_at, d_at])
    kind = np.concatenate(
        [np.full(len(s_item), RECEIPT, np.int8), np.full(len(d_item), CONSUMPTION, np.int8)]
    )
    # One int64 sort key (item, time, receipt-before-draw); a stable sort keeps plan order.
    span_bits = max(1, int(end_s - start_s).bit_length())
    if (len(data.items) + 1).bit_length() + span_bits + 1 > 62:
        raise ValueError("horizon too long for the projection's sort key")
    key = (item << (span_bits + 1)) | ((at - start_s) << 1) | kind
    order = np.argsort(key, kind="stable")

    item = item[order].astype(np.int32)
    at = at[order]
    kind = kind[order]
    qty = to_micro(np.concatenate([s_qty, data.demand_qty[need]]))[order]
    ref = np.concatenate([s_ref, data.demand_wo[need].astype(np.int64)])[order]
    supply_kind = np.concatenate([s_kind, np.full(len(d_item), -1, np.int8)])[order]

    opening = to_micro(data.available + (data.held if policy.include_held else 0.0))
    offsets = np.searchsorted(item, np.arange(len(data.items) + 1)).astype(np.int64)
    running = np.cumsum(np.where(kind == RECEIPT, qty, -qty))
    before = np.concatenate([[0], running])[offsets[:-1]]  # running total before each item
    balance = running + (opening - before)[item]
    return Projection(
        input=data,
        policy=policy,
        opening=opening,
        item=item,
        at=at,
        kind=kind,
        qty=qty,
        ref=ref,
        supply_kind=supply_kind,
        balance=balance,
        offsets=offsets,
    )
