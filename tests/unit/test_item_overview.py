"""'What's going on with the armrest covers?' reads the item's overview: stock by status with each
held lot by id, quantity and reason, the next receipt of its open supply, and its next shortage;
the answer is written from the typed result (ItemOverview)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from agent.offline.compose import Context, Observation, compose_answer
from agent.offline.intents import Recall, plan_turn
from agent.offline.item_overview import INTENT
from domain.procurement.open_supply import OpenAsn, OpenPoLine, SupplyTranche
from tests.support.nlu_suite import load_suite
from tools.read_item import next_receipt

VOCAB, _ = load_suite()
T = datetime(2026, 3, 4, 11, 0, tzinfo=UTC)


def _overview(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "item": "T-3105", "description": "Door armrest trim cover, black", "plants": ["LKS"],
        "on_hand": [{"plant": "LKS", "status": "available", "qty": 300.0},
                    {"plant": "LKS", "status": "quality_hold", "qty": 1500.0}],
        "holds": [{"lot": "L-3105-0311", "plant": "LKS", "qty": 1500.0,
                   "reason": "Suspected stitching defect", "placed_at": "2026-02-28T15:00:00+00:00",
                   "decision_expected_at": "Tue 2026-03-03 12:00"}],
        "open_po_lines": 3, "open_qty": 6480.0,
        "next_receipt": {"po_number": "PO-7802", "line_no": 1, "plant": "LKS", "supplier": "SAL",
                         "supplier_name": "Saltillo Trim", "qty": 1280.0,
                         "at": "Wed 2026-03-04 06:00", "basis": "confirmed"},
        "next_shortage": None, "horizon": "14d",
    }  # fmt: skip
    return {**data, **changes}


def _answer(data: dict[str, Any]) -> str:
    result = {"ok": True, "tool": "item_overview", "data": data, "sources": ["T-3105"]}
    return compose_answer([Observation("item_overview", {"item": "T-3105"}, result)], Context())


def test_the_state_of_an_item_asked_as_a_whole_reads_its_overview() -> None:
    for text, item in (("what's going on with the armrest covers", "T-3105"),
                       ("status of the foam", "F-2200"), ("anything up with E-4410?", "E-4410"),
                       ("whats up w/ the heater modules", "E-4410")):  # fmt: skip
        plan = plan_turn(text, Recall(), VOCAB)
        assert (plan.intent, plan.calls) == (INTENT, [("item_overview", {"item": item})]), text
    assert plan_turn("status of PO-7795", Recall(), VOCAB).intent == "po_risk"
    assert plan_turn("how are the foam guys at polyform doing", Recall(), VOCAB).intent == (
        "supplier_performance"
    )


def test_the_answer_names_the_held_lot_the_next_receipt_and_no_shortage() -> None:
    text = _answer(_overview())
    assert "1,800 on hand at LKS (300 available, 1,500 on quality hold)" in text
    assert "lot L-3105-0311, 1,500 at LKS (Suspected stitching defect)" in text
    assert "decision expected Tue 2026-03-03 12:00" in text
    assert "PO-7802/1 from Saltillo Trim, 1,280 confirmed for Wed 2026-03-04 06:00" in text
    assert "Next shortage: none in the next 14d" in text


def test_the_next_receipt_is_the_earliest_tranche_with_its_shipment() -> None:
    asn = OpenAsn(asn_number="ASN-55102", qty=2400, shipped_at=None, eta=T, original_eta=None,
                  hub="Toledo cross-dock", hub_status="held", carrier="Buckeye")  # fmt: skip
    held = OpenPoLine(
        id=1, po_number="PO-7790", line_no=1, item_code="F-2200", qty_ordered=2400,
        promised_at=T, plant_code="LKS", supplier_code="POLYFORM", supplier_name="Polyform Foams",
        received=0, confirmed_qty=2400, unconfirmed_qty=0, confirmations=[], asns=[asn],
        supply=[SupplyTranche(qty=2400, at=T, basis="asn")],
    )  # fmt: skip
    later = held.model_copy(update={"po_number": "PO-7795", "asns": [],
                                    "supply": [SupplyTranche(qty=2400, at=T.replace(day=5),
                                                             basis="confirmed")]})  # fmt: skip
    found = next_receipt([later, held], {"LKS": "America/Detroit"})
    assert found is not None and (found.po_number, found.asn_number, found.hub) == (
        "PO-7790",
        "ASN-55102",
        "Toledo cross-dock",
    )
    assert found.at == "Wed 2026-03-04 06:00" and found.basis == "asn"
    assert next_receipt([], {}) is None
