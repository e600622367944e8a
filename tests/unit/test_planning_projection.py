"""Material projection, shortages, clear-to-build and ready times on hand-built cases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from domain.planning.clear_to_build import clear_to_build, material_ready_times
from domain.planning.inputs import (
    PlannedWorkOrder,
    ProjectionInput,
    ScheduledReceipt,
    StockOnHand,
    build_input,
)
from domain.planning.policy import PlanningInputError, SupplyPolicy
from domain.planning.projection import project
from domain.planning.shortages import find_shortages
from domain.planning.supply import SupplyKind

T0 = datetime(2026, 3, 2, 6, tzinfo=UTC)
H = timedelta(hours=1)
BOM = {"SEAT": [("FOAM", 1.0), ("MODULE", 1.0)], "PANEL": [("TRIM", 1.0)]}


def wo(
    id: str,
    at: timedelta,
    qty: float = 100,
    item: str = "SEAT",
    line: str = "L1",
    hours: float = 4,
    seq: int = 0,
    co: str | None = None,
    status: str = "released",
) -> PlannedWorkOrder:
    return PlannedWorkOrder(
        id=id,
        line=line,
        item=item,
        qty=qty,
        start=T0 + at,
        end=T0 + at + hours * H,
        sequence=seq,
        customer_order=co,
        status=status,
    )


def case(
    stock: list[StockOnHand] | None = None,
    receipts: list[ScheduledReceipt] | None = None,
    work_orders: list[PlannedWorkOrder] | None = None,
    horizon: str = "14d",
) -> ProjectionInput:
    return build_input(
        "P1",
        T0,
        horizon,
        stock=stock or [],
        receipts=receipts or [],
        work_orders=work_orders or [],
        bom=BOM,
    )


def rcpt(
    item: str, qty: float, at: timedelta, kind: SupplyKind = SupplyKind.confirmed, po_line: int = 1
) -> ScheduledReceipt:
    return ScheduledReceipt(item=item, qty=qty, at=T0 + at, kind=kind, po_line=po_line)


def plenty(*items: str) -> list[StockOnHand]:
    return [StockOnHand(i, 1e6) for i in items]


def test_receipt_at_the_same_instant_as_a_draw_counts_first() -> None:
    data = case(
        stock=plenty("MODULE"),
        receipts=[rcpt("FOAM", 100, 4 * H)],
        work_orders=[wo("W1", 4 * H)],
    )
    projection = project(data)
    assert find_shortages(projection) == []
    foam = projection.for_item("FOAM")
    assert [(e.kind, e.balance) for e in foam.events] == [("receipt", 100.0), ("consumption", 0.0)]
    assert all(c.clear for c in clear_to_build(projection))


def test_held_stock_is_not_available_unless_the_policy_includes_it() -> None:
    data = case(
        stock=[
            StockOnHand("TRIM", 50),
            StockOnHand("TRIM", 100, "quality_hold"),
            StockOnHand("TRIM", 10, "blocked"),
        ],
        work_orders=[wo("W1", H, qty=120, item="PANEL")],
    )
    (short,) = find_shortages(project(data))
    assert (short.item, short.qty_short, short.opening, short.held) == ("TRIM", 70.0, 50.0, 110.0)
    assert short.first_short_at == T0 + H
    assert find_shortages(project(data, SupplyPolicy(include_held=True))) == []


def test_unconfirmed_supply_counts_only_when_the_policy_says_so() -> None:
    data = case(
        stock=plenty("FOAM") + [StockOnHand("MODULE", 620)],
        receipts=[rcpt("MODULE", 400, 24 * H), rcpt("MODULE", 600, 24 * H, SupplyKind.unconfirmed)],
        work_orders=[wo(f"W{d}", d * 24 * H, qty=210, hours=3.5) for d in range(4)]
        + [wo(f"X{d}", d * 24 * H + 8 * H, qty=210, hours=3.5) for d in range(4)],
    )
    (short,) = find_shortages(project(data))
    assert (short.item, short.first_short_at, short.qty_short) == ("MODULE", T0 + 48 * H, 30.0)
    assert short.work_orders == ("W2", "X2", "W3", "X3")
    assert short.recovered_at is None and short.recovered_by == ()
    assert short.policy == SupplyPolicy()
    assert short.line_hours_at_risk == pytest.approx(4 * 3.5)  # never covered: whole WOs
    optimistic = find_shortages(project(data, SupplyPolicy(include_unconfirmed=True)))
    assert [(s.item, s.first_short_at, s.qty_short) for s in optimistic] == [
        ("MODULE", T0 + 72 * H + 8 * H, 60.0)
    ]


def test_zero_quantity_lines_and_work_orders_change_nothing() -> None:
    data = case(
        stock=[StockOnHand("FOAM", 0), StockOnHand("MODULE", 5)],
        receipts=[rcpt("FOAM", 0, H)],
        work_orders=[wo("W0", H, qty=0)],
    )
    projection = project(data)
    assert find_shortages(projection) == []
    assert projection.for_item("FOAM").events == ()
    assert [(c.work_order, c.clear) for c in clear_to_build(projection)] == [("W0", True)]
    assert material_ready_times(projection) == {"W0": T0}


def test_items_without_demand_are_projected_and_never_short() -> None:
    data = case(stock=[StockOnHand("SPARE", 7)], receipts=[rcpt("BOLT", 30, 2 * H)])
    projection = project(data)
    assert projection.items == ("BOLT", "SPARE")
    assert projection.for_item("SPARE").opening == 7.0
    assert projection.for_item("BOLT").balance_at(T0 + 3 * H) == 30.0
    assert projection.for_item("BOLT").balance_at(T0 + H) == 0.0
    assert find_shortages(projection) == [] and clear_to_build(projection) == []


def test_shortage_pegs_work_orders_customer_orders_and_line_hours_until_covered() -> None:
    data = case(
        stock=plenty("MODULE") + [StockOnHand("FOAM", 1900)],
        receipts=[
            rcpt("FOAM", 2400, 53 * H, SupplyKind.asn, po_line=7790),
            rcpt("FOAM", 2400, 72 * H, po_line=7795),
        ],
        work_orders=[
            wo(f"W{k}", k * 4 * H + (k // 4) * 8 * H, qty=210, hours=3.5, co=f"CO{k % 2}")
            for k in range(12)
        ],
    )
    (short,) = find_shortages(project(data))
    assert short.first_short_at == T0 + 52 * H  # Wed 10:00
    assert short.qty_short == 200.0
    assert short.work_orders == ("W9",)
    assert short.customer_orders == ("CO1",)
    assert short.pegged[0].covered_at == T0 + 53 * H
    assert short.line_hours_at_risk == pytest.approx(1.0)
    assert short.recovered_at == T0 + 53 * H and short.recovered_by == ("po_line:7790",)
    as_json = short.as_dict("America/Detroit")
    assert as_json["first_short_at"] == "2026-03-04T05:00:00-05:00"
    assert as_json["work_orders"] == ["W9"] and as_json["qty_short"] == 200.0


def test_work_orders_at_the_same_instant_draw_in_sequence_order() -> None:
    data = case(
        stock=plenty("MODULE") + [StockOnHand("FOAM", 150)],
        work_orders=[wo("LATE", H, seq=2), wo("EARLY", H, seq=1), wo("NEXT", 2 * H, qty=10)],
    )
    projection = project(data)
    (short,) = find_shortages(projection)
    assert short.work_orders == ("LATE", "NEXT")
    assert short.qty_short == 50.0  # at the first-short instant, after both draws
    assert [p.qty_short for p in short.pegged] == [50.0, 10.0]
    ctb = {c.work_order: c for c in clear_to_build(projection)}
    assert ctb["EARLY"].clear and not ctb["LATE"].clear
    assert [(s.item, s.qty_required, s.qty_short) for s in ctb["LATE"].short] == [
        ("FOAM", 100.0, 50.0)
    ]


def test_clear_to_build_lists_every_short_component() -> None:
    data = case(
        stock=[StockOnHand("FOAM", 50), StockOnHand("MODULE", 80)],
        receipts=[rcpt("MODULE", 100, 5 * H)],
        work_orders=[wo("W1", H)],
    )
    (ctb,) = clear_to_build(project(data))
    assert not ctb.clear
    assert [(s.item, s.qty_short, s.covered_at) for s in ctb.short] == [
        ("FOAM", 50.0, None),
        ("MODULE", 20.0, T0 + 5 * H),
    ]


def test_material_ready_times_respect_earlier_work_orders() -> None:
    data = case(
        stock=[StockOnHand("FOAM", 100), StockOnHand("MODULE", 1000)],
        receipts=[rcpt("FOAM", 100, 10 * H), rcpt("FOAM", 50, 30 * H)],
        work_orders=[wo("A", 2 * H), wo("B", 4 * H), wo("C", 6 * H), wo("D", 8 * H, item="PANEL")],
    )
    assert material_ready_times(project(data)) == {"A": T0, "B": T0 + 10 * H, "C": None, "D": None}


def test_past_due_work_orders_draw_now_and_started_ones_are_already_drawn() -> None:
    data = case(
        stock=[StockOnHand("FOAM", 150), StockOnHand("MODULE", 1000)],
        work_orders=[
            wo("OVERDUE", -2 * H),
            wo("RUNNING", -H, status="started"),
            wo("DONE", 2 * H, status="completed"),
            wo("NEXT", H),
        ],
    )
    (short,) = find_shortages(project(data))
    assert short.first_short_at == T0 + H and short.work_orders == ("NEXT",)
    assert [w.id for w in data.work_orders] == ["OVERDUE", "NEXT"]


def test_events_beyond_the_horizon_are_left_out() -> None:
    data = case(
        stock=plenty("MODULE"),
        receipts=[rcpt("FOAM", 100, 30 * H)],
        work_orders=[wo("IN", H, qty=0), wo("OUT", 25 * H)],
        horizon="24h",
    )
    assert find_shortages(project(data)) == []
    assert [w.id for w in data.work_orders] == ["IN"]


def test_negative_quantities_name_the_field() -> None:
    with pytest.raises(PlanningInputError, match="stock of FOAM: qty is negative"):
        case(stock=[StockOnHand("FOAM", -1)])
    with pytest.raises(PlanningInputError, match="work order W1: qty is negative"):
        case(work_orders=[wo("W1", H, qty=-5)])
    with pytest.raises(PlanningInputError, match="receipt of FOAM"):
        case(receipts=[rcpt("FOAM", -5, H)])


def test_naive_times_are_refused() -> None:
    with pytest.raises(PlanningInputError, match="no timezone"):
        build_input("P1", datetime(2026, 3, 2, 6), "1d")


def test_fractional_quantities_add_up_exactly() -> None:
    data = build_input(
        "P1",
        T0,
        "1d",
        stock=[StockOnHand("GLUE", 0.3)],
        work_orders=[wo("W1", H, qty=1, item="BOX"), wo("W2", 2 * H, qty=2, item="BOX")],
        bom={"BOX": [("GLUE", 0.1)]},
    )
    projection = project(data)
    assert find_shortages(projection) == []
    assert projection.for_item("GLUE").events[-1].balance == 0.0


def test_large_random_case_matches_a_plain_python_projection() -> None:
    rng = np.random.default_rng(7)
    items = [f"C{i}" for i in range(40)]
    stock = [StockOnHand(i, float(rng.integers(0, 300))) for i in items]
    receipts = [
        rcpt(
            items[rng.integers(40)],
            float(rng.integers(0, 200)),
            int(rng.integers(0, 300)) * H,
            SupplyKind(int(rng.integers(0, 3))),
        )
        for _ in range(500)
    ]
    bom = {f"P{k}": [(items[(k * 7 + j) % 40], float(j + 1)) for j in range(3)] for k in range(10)}
    wos = [
        PlannedWorkOrder(
            f"W{n:03d}",
            "L1",
            f"P{rng.integers(10)}",
            float(rng.integers(0, 40)),
            T0 + int(rng.integers(0, 300)) * H,
            T0 + 400 * H,
            sequence=n,
        )
        for n in range(300)
    ]
    data = build_input("P1", T0, "14d", stock=stock, receipts=receipts, work_orders=wos, bom=bom)
    got = {
        s.item: (s.first_short_at, s.qty_short, s.work_orders)
        for s in find_shortages(project(data))
    }

    # The same rules written the slow, obvious way.
    expected = {}
    for item in items:
        events = [
            (r.at, 0, "", r.qty)
            for r in receipts
            if r.item == item and r.kind is not SupplyKind.unconfirmed and r.at < T0 + 14 * 24 * H
        ]
        for w in data.work_orders:
            for comp, per in bom[w.item]:
                if comp == item and w.qty > 0:
                    events.append((w.start, 1, w.id, per * w.qty))
        plan = {w.id: n for n, w in enumerate(data.work_orders)}
        events.sort(key=lambda e: (e[0], e[1], plan.get(e[2], 0)))
        balance = next(s.qty for s in stock if s.item == item)
        first, pegged = None, []
        for at, kind, wid, qty in events:
            balance += qty if kind == 0 else -qty
            if kind == 1 and balance < 0:
                pegged.append(wid)
                first = first or at
        if first is not None:
            at_first = sum((q if k == 0 else -q) for a, k, _, q in events if a <= first)
            expected[item] = (
                first,
                -(next(s.qty for s in stock if s.item == item) + at_first),
                tuple(pegged),
            )
    assert got == expected
    assert len(expected) > 5
