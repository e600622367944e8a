"""'Is the 600 counted as supply in the projection?': the quantity found on the PO lines read and
the projection's own policy say yes or no first; held stock likewise; other asks are not this."""

from __future__ import annotations

from typing import Any

import pytest

from agent.offline.compose import Observation
from agent.offline.supply_counted import FOCUS_KEY, asks_counted, lead


@pytest.mark.parametrize(
    "text",
    [
        "is the 600 counted as supply in the projection?",
        "does the projection count the unconfirmed 600?",
        "are held lots counted?",
        "r the unconfirmed qtys included in the numbers",
        "is the rest of PO-7781 factored in?",
    ],
)
def test_whether_a_quantity_counts_as_supply_is_asked(text: str) -> None:
    assert asks_counted(text)


@pytest.mark.parametrize(
    "text",
    ["how many E-4410 do we have", "count the open POs for voltaic", "is PO-7781 late?",
     "what's included in the OTIF definition"],
)  # fmt: skip
def test_other_asks_are_not(text: str) -> None:
    assert not asks_counted(text)


def _line(po: str, unconfirmed: float) -> dict[str, Any]:
    return {"po_number": po, "line_no": 1, "item": "E-4410", "supplier_name": "Voltaic Components",
            "unconfirmed_qty": unconfirmed}  # fmt: skip


def _observed(include_unconfirmed: bool, *lines: dict[str, Any]) -> list[Observation]:
    policy = {"include_unconfirmed": include_unconfirmed, "include_held": False}
    return [
        Observation("shortages", {}, {"ok": True, "data": [{"item": "E-4410", "policy": policy}]}),
        Observation("po_lines_by_impact", {}, {"ok": True, "data": {"lines": list(lines)}}),
    ]


def test_the_unconfirmed_quantity_asked_is_named_and_not_counted_by_default() -> None:
    said = lead(_observed(False, _line("PO-7790", 0), _line("PO-7781", 600)), {FOCUS_KEY: "600"})
    assert said is not None
    assert said.startswith("No: the 600 E-4410 on PO-7781/1 that Voltaic Components has not "
                           "confirmed is not counted as supply")  # fmt: skip
    assert "PO-7790" not in said


def test_counted_when_the_projection_counted_it() -> None:
    said = lead(_observed(True, _line("PO-7781", 600)), {FOCUS_KEY: "600"})
    assert (
        said == "Yes, in this projection: 600 E-4410 on PO-7781/1 that Voltaic Components has "
        "not confirmed."
    )


def test_held_stock_and_nothing_unconfirmed() -> None:
    held = lead(_observed(False), {FOCUS_KEY: "held"})
    assert held is not None and held.startswith("No: stock on quality hold is not counted")
    none = lead(_observed(False, _line("PO-7790", 0)), {FOCUS_KEY: "open"})
    assert none is not None and "have nothing unconfirmed" in none
    assert lead(_observed(False), {}) is None
