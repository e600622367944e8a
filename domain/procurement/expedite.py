"""Expediting an open PO line: how much may go, by which modes, at what premium freight cost.

Prices come from freight_rates.json: a carrier quote for exactly this line, mode and
quantity wins; otherwise base + per-unit rate of the mode.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal, get_args

from domain.formatting import money

FreightMode = Literal["air", "truck"]
FREIGHT_MODES: tuple[FreightMode, ...] = get_args(FreightMode)
RATES_SOURCE = "domain/procurement/freight_rates.json"  # what a proposal cites for the price


class ExpediteInputError(ValueError):
    """An expedite that cannot be asked for as given (more than is open, nothing open)."""


@dataclass(frozen=True)
class FreightQuote:
    mode: FreightMode
    qty: float
    cost: float
    basis: str  # how the cost was found, for the proposal's cited facts


@lru_cache
def _table() -> dict[str, Any]:
    text = resources.files("domain.procurement").joinpath("freight_rates.json").read_text()
    return dict(json.loads(text))


def quote_expedite(po_number: str, line_no: int, qty: float, mode: FreightMode) -> FreightQuote:
    """A carrier quote for exactly this PO line, mode and quantity, else base + per-unit rate."""
    for q in _table()["quotes"]:
        if (q["po_number"], q["line_no"], q["mode"], float(q["qty"])) == (
            po_number, line_no, mode, float(qty),
        ):  # fmt: skip
            return FreightQuote(mode, qty, float(q["cost"]), f"quote from {q['carrier']}")
    rate = _table()["rates"][mode]
    cost = round(rate["base"] + rate["per_unit"] * qty, 2)
    base, per_unit = money(rate["base"], cents=False), money(rate["per_unit"])
    basis = f"{mode} rate: {base} + {per_unit}/unit × {qty:g}"
    return FreightQuote(mode, qty, cost, basis)


def expedite_options(po_number: str, line_no: int, qty: float) -> list[FreightQuote]:
    """Every mode's price for this quantity, cheapest first."""
    quotes = [quote_expedite(po_number, line_no, qty, mode) for mode in FREIGHT_MODES]
    return sorted(quotes, key=lambda q: q.cost)


def expedite_quantity(
    ref: str, qty_ordered: float, received: float, unconfirmed: float, asked: float | None
) -> float:
    """What to expedite: as asked, else the unconfirmed quantity, else all still open."""
    open_qty = qty_ordered - received
    qty = asked or unconfirmed or open_qty
    if qty <= 0:
        raise ExpediteInputError(f"nothing is open on {ref} to expedite")
    if qty > open_qty:
        raise ExpediteInputError(
            f"qty {qty:,.0f} is more than the {open_qty:,.0f} still open on {ref}"
        )
    return qty
