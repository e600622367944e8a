"""Alert rules on item states before and after an event (pure: no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.alerts.evaluate import evaluate
from domain.alerts.rules import AlertRule
from domain.events.reprojection import ItemState

T = datetime(2026, 3, 4, 15, tzinfo=UTC)
RULES = {
    kind: AlertRule(kind, kind, 0.0, "hours", "buyer", 4.0)
    for kind in ("new_shortage", "shortage_worse", "asn_late", "quality_hold_demand")
}
FACTS = {"asn_number": "ASN-1", "po_number": "PO-1", "item": "F-2200", "supplier": "POLYFORM",
         "buyer": "dana.kim", "eta": T + timedelta(hours=30), "eta_before": T,
         "promised_at": T - timedelta(hours=40), "line_no": 1}  # fmt: skip


def _state(first: datetime | None, recovered: datetime | None = None, hours: float = 0.0,
           qty: float = 200.0) -> ItemState:  # fmt: skip
    return ItemState("F-2200", "LKS", first, qty if first else 0.0, recovered, hours,
                     ("WO-1",) if first else (), ("CO-1",) if first else (), ("LKS-SEAT1",)
                     if first else (), 1000.0)  # fmt: skip


def _run(before: ItemState, after: ItemState, kind: str = "asn.updated"):  # type: ignore[no-untyped-def]
    return evaluate(kind, FACTS, "LKS", "America/Detroit", {"F-2200": before},
                    {"F-2200": after}, RULES)  # fmt: skip


def test_a_longer_shortage_raises_one_alert_with_the_late_asn_as_its_cause() -> None:
    raised, _ = _run(
        _state(T, T + timedelta(hours=1), 1.0), _state(T, T + timedelta(hours=20), 10.5)
    )
    [alert] = raised
    assert alert.rule == "shortage_worse" and alert.object_key == "shortage:LKS/F-2200"
    assert "ASN-1" in alert.details["cause"]
    assert {a["action"] for a in alert.actions} == {"draft_escalation", "quote_expedite",
                                                    "resequence"}  # fmt: skip


def test_a_new_shortage_is_raised_as_new() -> None:
    raised, _ = _run(_state(None), _state(T, None, 5.0))
    assert [a.rule for a in raised] == ["new_shortage"]


def test_a_shortage_that_comes_later_and_smaller_is_not_worse() -> None:
    later = _state(T + timedelta(hours=24), T + timedelta(hours=5), 2.0, qty=300)
    raised, cleared = _run(_state(T, T + timedelta(hours=5), 5.0), later)
    assert [a.rule for a in raised] == ["asn_late"]  # only the event's own rule is left
    assert cleared == []


def test_covered_again_clears_the_shortage_rules() -> None:
    _, cleared = _run(_state(T, T + timedelta(hours=1), 1.0), _state(None))
    assert [(c.rules, c.object_key) for c in cleared] == [
        (("new_shortage", "shortage_worse"), "shortage:LKS/F-2200")
    ]
