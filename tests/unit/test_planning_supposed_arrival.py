"""A receipt supposed to arrive at another time: the tranches it names move there and count as
supply (unconfirmed or not); the rest of the projection is the baseline's."""

from __future__ import annotations

from datetime import timedelta

from domain.clock import DEMO_AS_OF
from domain.planning.inputs import PlannedWorkOrder, ScheduledReceipt, StockOnHand, build_input
from domain.planning.policy import SupplyPolicy, SupposedArrival
from domain.planning.projection import project
from domain.planning.shortages import find_shortages
from domain.planning.supply import SupplyKind

HOUR = timedelta(hours=1)


def _foam() -> object:
    """A seat line drawing 50 every 4 h, six times; 60 on hand; line 7: 100 confirmed at +30 h
    and 80 unconfirmed at +30 h; line 8: 300 shipped (an ASN) at +40 h."""
    wos = [PlannedWorkOrder(f"WO-{n:02d}", "SEAT1", "FS", 50.0, DEMO_AS_OF + 4 * n * HOUR,
                            DEMO_AS_OF + (4 * n + 4) * HOUR, sequence=n)
           for n in range(6)]  # fmt: skip
    receipts = [
        ScheduledReceipt("F", 100.0, DEMO_AS_OF + 30 * HOUR, SupplyKind.confirmed, 7),
        ScheduledReceipt("F", 80.0, DEMO_AS_OF + 30 * HOUR, SupplyKind.unconfirmed, 7),
        ScheduledReceipt("F", 300.0, DEMO_AS_OF + 40 * HOUR, SupplyKind.asn, 8),
    ]
    return build_input("X", DEMO_AS_OF, "2d", stock=[StockOnHand("F", 60.0)], receipts=receipts,
                       work_orders=wos, bom={"FS": [("F", 1.0)]}, items=["F"])  # fmt: skip


def _arrives(line: int, part: str, hours: int) -> SupplyPolicy:
    return SupplyPolicy(arrivals=(SupposedArrival(line, part, DEMO_AS_OF + hours * HOUR, "L"),))  # type: ignore[arg-type]


def test_a_line_supposed_early_covers_the_gap_it_was_late_for() -> None:
    data = _foam()
    baseline = find_shortages(project(data))  # type: ignore[arg-type]
    assert [s.first_short_at for s in baseline] == [DEMO_AS_OF + 4 * HOUR]  # 60 - 50 - 50
    early = find_shortages(project(data, _arrives(8, "all", 4)))  # type: ignore[arg-type]
    assert early == []  # 300 at the second draw: 60 + 300 covers all six draws of 50


def test_only_the_unconfirmed_part_moves_and_it_counts_once_moved() -> None:
    data = _foam()
    # The 80 unconfirmed, supposed at +4 h: counted then; the 100 confirmed stays at +30 h.
    moved = find_shortages(project(data, _arrives(7, "unconfirmed", 4)))  # type: ignore[arg-type]
    assert [s.first_short_at for s in moved] == [DEMO_AS_OF + 8 * HOUR]  # 60 + 80 - 150
    assert moved[0].qty_short == 10.0


def test_a_shipment_supposed_later_leaves_the_gap_open_longer() -> None:
    data = _foam()
    late = find_shortages(project(data, _arrives(8, "shipped", 47)))  # type: ignore[arg-type]
    base = find_shortages(project(data))  # type: ignore[arg-type]
    assert late[0].first_short_at == base[0].first_short_at
    assert late[0].line_hours_at_risk >= base[0].line_hours_at_risk


def test_the_policy_names_what_is_supposed_to_arrive() -> None:
    policy = SupplyPolicy(arrivals=(SupposedArrival(8, "shipped", DEMO_AS_OF + 48 * HOUR,
                                                    "ASN-1 (PO-1/1)"),))  # fmt: skip
    assert "ASN-1 (PO-1/1) (shipped) supposed to arrive 2026-03-04 06:00-05:00" in policy.describe()
    assert policy.as_dict()["arrivals"] == [
        {"po_line_id": 8, "part": "shipped", "at": "2026-03-04T06:00:00-05:00",
         "label": "ASN-1 (PO-1/1)"}
    ]  # fmt: skip
