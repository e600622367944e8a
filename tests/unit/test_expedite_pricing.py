"""Expedite quantity and premium freight price: carrier quotes win, else the mode's rate."""

from __future__ import annotations

import pytest

from domain.procurement.expedite import (
    ExpediteInputError,
    expedite_options,
    expedite_quantity,
    quote_expedite,
)


def test_the_carrier_quote_for_exactly_this_line_mode_and_qty_wins() -> None:
    quote = quote_expedite("PO-7781", 1, 600, "air")
    assert (quote.cost, quote.basis) == (6800.0, "quote from Skyline Air Cargo")


def test_otherwise_the_price_is_base_plus_per_unit() -> None:
    quote = quote_expedite("PO-1", 1, 100, "truck")
    assert quote.cost == 450.0 + 1.5 * 100
    assert quote.basis == "truck rate: $450 + $1.50/unit × 100"


def test_options_list_every_mode_cheapest_first() -> None:
    assert [q.mode for q in expedite_options("PO-1", 1, 100)] == ["truck", "air"]


def test_the_quantity_is_as_asked_else_unconfirmed_else_all_open() -> None:
    assert expedite_quantity("PO-1/1", 1000, 0, 600, 200) == 200
    assert expedite_quantity("PO-1/1", 1000, 0, 600, None) == 600
    assert expedite_quantity("PO-1/1", 1000, 300, 0, None) == 700


def test_more_than_is_open_is_refused_with_the_open_quantity() -> None:
    with pytest.raises(ExpediteInputError, match="qty 5,000 is more than the 1,000 still open"):
        expedite_quantity("PO-1/1", 1000, 0, 0, 5000)
