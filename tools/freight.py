"""The premium freight cost model that prices an expedite (data: freight_rates.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from domain.formatting import money

FreightMode = Literal["air", "truck"]


@dataclass(frozen=True)
class FreightQuote:
    mode: FreightMode
    qty: float
    cost: float
    basis: str  # how the cost was found, for the proposal's cited facts


@lru_cache
def _table() -> dict[str, Any]:
    return json.loads(resources.files("tools").joinpath("freight_rates.json").read_text())


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
