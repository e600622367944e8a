"""The open supply of PO lines split into tranches at their best-known dates.

`open_tranches` states the rules for one line; `split_open_supply` applies them to arrays
of many lines (what the repository and the rows adapter use); a test checks they agree.
Rules: received quantity is no longer open; an ASN not yet received arrives at its ETA
(confirmed by the shipment itself); the supplier's current confirmation (the rows received
last) covers the rest at `confirmed_for`; what is left is unconfirmed, at the promised date.
Received and shipped quantities use up the earliest confirmed quantities first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum

import numpy as np


class SupplyKind(IntEnum):
    """Where a tranche's date comes from; the order is also the order of trust."""

    asn = 0
    confirmed = 1
    unconfirmed = 2


@dataclass(frozen=True)
class Tranche:
    """A quantity of one PO line expected at one time."""

    qty: float
    at: datetime
    kind: SupplyKind

    @property
    def confirmed(self) -> bool:
        return self.kind is not SupplyKind.unconfirmed


def _overlap(lo: float, hi: float, lo2: float, hi2: float) -> float:
    """Length of [lo, hi] ∩ [lo2, hi2]: how much of a cumulative band falls in another."""
    return max(0.0, min(hi, hi2) - max(lo, lo2))


def open_tranches(
    qty_ordered: float,
    promised_at: datetime,
    received: float = 0.0,
    open_asns: Sequence[tuple[float, datetime]] = (),
    confirmations: Sequence[tuple[float, datetime]] = (),
) -> list[Tranche]:
    """The open supply of a PO line: ASN tranches, confirmed tranches, then the unconfirmed rest.

    `open_asns` are (qty, eta) of shipments not yet received; `confirmations` are (qty,
    confirmed_for) of the supplier's current confirmation. Zero-quantity tranches are dropped.
    """
    open_qty = max(0.0, qty_ordered - received)
    tranches: list[Tranche] = []
    shipped = 0.0
    cum = 0.0
    for qty, eta in sorted(open_asns, key=lambda a: a[1]):
        # An over-shipment beyond the open quantity is not counted.
        part = _overlap(cum, cum + qty, 0.0, open_qty)
        cum += qty
        shipped += part
        if part > 0:
            tranches.append(Tranche(part, eta, SupplyKind.asn))
    used = received + shipped
    cum = 0.0
    for qty, when in sorted(confirmations, key=lambda c: c[1]):
        part = _overlap(cum, cum + qty, used, qty_ordered)
        cum += qty
        if part > 0:
            tranches.append(Tranche(part, when, SupplyKind.confirmed))
    unconfirmed = qty_ordered - max(used, min(cum, qty_ordered))
    if unconfirmed > 0:
        tranches.append(Tranche(unconfirmed, promised_at, SupplyKind.unconfirmed))
    return tranches


@dataclass(frozen=True, eq=False)
class OpenSupply:
    """Open supply tranches of many PO lines as arrays (times in epoch seconds)."""

    po_line: np.ndarray  # int64
    item: np.ndarray  # int32
    at: np.ndarray  # int64
    qty: np.ndarray  # float64
    kind: np.ndarray  # int8 SupplyKind


def _group_cumsum(group: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Running sum of `values` restarting at each new `group` (rows sorted by group)."""
    if not len(group):
        return values.copy()
    running = np.cumsum(values)
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    before = np.repeat(running[starts] - values[starts], np.diff(np.r_[starts, len(group)]))
    return running - before


def split_open_supply(
    line_id: np.ndarray,
    line_item: np.ndarray,
    ordered: np.ndarray,
    promised_at: np.ndarray,
    receipt_line: np.ndarray,
    receipt_qty: np.ndarray,
    asn_line: np.ndarray,
    asn_eta: np.ndarray,
    asn_qty: np.ndarray,
    conf_line: np.ndarray,
    conf_received_at: np.ndarray,
    conf_for: np.ndarray,
    conf_qty: np.ndarray,
) -> OpenSupply:
    """`open_tranches` for many PO lines at once, in a few vectorised passes.

    Receipts, ASNs (not yet received) and confirmations refer to lines by id; rows whose
    line is not among `line_id` are ignored. Only the latest confirmation of a line counts.
    """
    order = np.argsort(line_id, kind="stable")
    ids, item = line_id[order], line_item[order]
    ordered, promised_at = ordered[order].astype(np.float64), promised_at[order]
    n = len(ids)

    def position(refs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        pos = np.minimum(np.searchsorted(ids, refs), max(n - 1, 0))
        known = (ids[pos] == refs) if n else np.zeros(len(refs), bool)
        return pos[known], known

    pos, known = position(receipt_line)
    received = np.bincount(pos, receipt_qty[known], minlength=n)
    open_qty = np.maximum(ordered - received, 0.0)

    pos, known = position(asn_line)
    eta, qty = asn_eta[known], asn_qty[known].astype(np.float64)
    o = np.lexsort((eta, pos))
    pos, eta, qty = pos[o], eta[o], qty[o]
    cum = _group_cumsum(pos, qty)
    asn_part = np.maximum(np.minimum(cum, open_qty[pos]) - np.maximum(cum - qty, 0.0), 0.0)
    shipped = np.bincount(pos, asn_part, minlength=n)
    asn = (pos, eta, asn_part)

    pos, known = position(conf_line)
    sent, when, qty = conf_received_at[known], conf_for[known], conf_qty[known].astype(np.float64)
    latest = np.full(n, np.iinfo(np.int64).min)
    np.maximum.at(latest, pos, sent)
    current = sent == latest[pos]
    pos, when, qty = pos[current], when[current], qty[current]
    o = np.lexsort((when, pos))
    pos, when, qty = pos[o], when[o], qty[o]
    cum = _group_cumsum(pos, qty)
    used = received + shipped
    conf_part = np.maximum(np.minimum(cum, ordered[pos]) - np.maximum(cum - qty, used[pos]), 0.0)
    conf_total = np.bincount(pos, qty, minlength=n)
    unconfirmed = ordered - np.maximum(used, np.minimum(conf_total, ordered))

    every = np.arange(n)
    parts = [
        (asn[0], asn[1], asn[2], SupplyKind.asn),
        (pos, when, conf_part, SupplyKind.confirmed),
        (every, promised_at, unconfirmed, SupplyKind.unconfirmed),
    ]
    keep = [p[2] > 0 for p in parts]
    return OpenSupply(
        po_line=np.concatenate([ids[p[0][k]] for p, k in zip(parts, keep, strict=True)]),
        item=np.concatenate([item[p[0][k]] for p, k in zip(parts, keep, strict=True)]).astype(
            np.int32
        ),
        at=np.concatenate([p[1][k] for p, k in zip(parts, keep, strict=True)]).astype(np.int64),
        qty=np.concatenate([p[2][k] for p, k in zip(parts, keep, strict=True)]),
        kind=np.concatenate(
            [np.full(int(k.sum()), int(p[3]), np.int8) for p, k in zip(parts, keep, strict=True)]
        ),
    )
