"""What an approved change tells the supplier: dates in the plant's own zone, EST or EDT."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from governance.executors import EXECUTORS
from governance.payloads import ResequenceMove
from governance.proposals import ProposalView

NOW = datetime(2026, 3, 2, 11, 0, tzinfo=UTC)


class FakeErp:
    """An ERP that records what it was asked to do (the executor's other side, in memory)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    def supplier_email(self, supplier_code: str) -> str:
        return f"{supplier_code.lower()}@example.com"

    def po_supplier(self, po_number: str) -> str:
        return "VOLTAIC"

    def plant_timezone(self, plant_code: str) -> str:
        return "America/Detroit"

    def update_po_line_date(self, *args: Any) -> dict[str, Any]:
        self.calls.append(("update_po_line_date", args))
        return {"po_line_id": 1}

    def expedite(self, *args: Any) -> dict[str, Any]:
        self.calls.append(("expedite", args))
        return {"premium_freight_id": 1}

    def transfer(self, *args: Any) -> dict[str, Any]:
        return {"lot": "L-1"}

    def resequence(
        self, line_code: str, moves: list[ResequenceMove], now: datetime
    ) -> dict[str, Any]:
        return {"moved": [m.work_order_id for m in moves]}

    def open_quality_review(self, *args: Any) -> dict[str, Any]:
        return {"alert_id": 1}


def _proposal(kind: str, payload: dict[str, Any], cost: float = 0.0) -> ProposalView:
    return ProposalView(
        id="P-1", kind=kind, payload=payload, rationale="", cited_facts=[], expected_effect="",
        cost=cost, requested_by="dana.kim", on_behalf_of=None, channel="cli",
        required_role="buyer", plant_code="LKS", status="approved", four_eyes=False,
        created_at=NOW, expires_at=NOW, decided_at=NOW, decided_by="priya.nair",
        decision_comment=None, executed_at=None, failure_reason=None, result=None,
        thread_id=None,
    )  # fmt: skip


def test_a_date_change_after_the_switch_to_edt_reads_in_daylight_time() -> None:
    erp = FakeErp()
    # 10:00 UTC on Mon 2026-03-09 is 06:00 EDT at Lakeside (clocks went forward on the 8th).
    payload = {"po_number": "PO-7781", "line_no": 1, "new_promised_at": "2026-03-09T10:00+00:00"}
    view = _proposal("po_date_change", payload)
    result, [mail] = EXECUTORS["po_date_change"](erp, view, NOW)
    assert "changed the promised date to Mon 2026-03-09 06:00 EDT" in mail["body"]
    assert erp.calls[0][0] == "update_po_line_date" and result == {"po_line_id": 1}


def test_an_expedite_before_the_switch_reads_in_standard_time() -> None:
    erp = FakeErp()
    view = _proposal("expedite_po", {"po_number": "PO-7781", "line_no": 1, "qty": 600,
                                     "mode": "air", "new_date": "2026-03-03T11:00:00+00:00"},
                     cost=6800.0)  # fmt: skip
    _, [mail] = EXECUTORS["expedite_po"](erp, view, NOW)
    assert "by air to arrive by Tue 2026-03-03 06:00 EST" in mail["body"]
    assert "Premium freight approved: $6,800.00" in mail["body"]
