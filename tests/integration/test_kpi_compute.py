"""Every KPI on a small hand-made company whose exact values are worked out by hand."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session

from domain import models as m
from domain.clock import DEMO_AS_OF, DEMO_TZ
from domain.kpis import KpiInputError, Period, compute_kpi, list_kpis, parse_period

pytestmark = pytest.mark.integration

FEB = "2026-02-01..2026-02-28"


def at(month: int, day: int, hhmm: str = "10:00") -> datetime:
    hour, minute = (int(x) for x in hhmm.split(":"))
    return datetime(2026, month, day, hour, minute, tzinfo=DEMO_TZ)


def _po(
    s: Session, number: str, supplier: str, plant: str, issued: datetime, line_id: int,
    item: str, qty: float, promised: datetime, status: str = "received",
) -> None:  # fmt: skip
    po_status = "cancelled" if status == "cancelled" else "open"
    s.add(m.PurchaseOrder(po_number=number, supplier_code=supplier, plant_code=plant,
                          issued_at=issued, status=po_status))  # fmt: skip
    s.flush()
    s.add(m.PurchaseOrderLine(id=line_id, po_number=number, line_no=1, item_code=item,
                              qty_ordered=qty, promised_at=promised, status=status))  # fmt: skip
    s.flush()


def build_small_company(engine: Engine) -> None:
    """Two plants, two suppliers, eight PO lines, a seat line with shifts and a few WOs."""
    with Session(engine) as s:
        s.add(m.DemoMeta(key="dataset", value={"as_of": DEMO_AS_OF.isoformat()}))
        s.add(m.Plant(code="LKS", name="Lakeside", timezone="America/Detroit"))
        s.add(m.Plant(code="SAL", name="Saltillo", timezone="America/Monterrey"))
        s.add(m.Supplier(code="VOLT", name="Voltaic Components"))
        s.add(m.Supplier(code="POLY", name="Polyform Foams"))
        s.add(m.Item(code="E-1", description="heater module", family="electronics",
                     item_type="component", criticality=1))  # fmt: skip
        s.add(m.Item(code="F-1", description="cushion foam", family="foam",
                     item_type="component", criticality=2))  # fmt: skip
        s.add(m.Item(code="FS-1", description="front seat", family="seats", item_type="finished"))
        s.flush()
        s.add(m.BomLine(parent_item="FS-1", component_item="E-1", qty_per=1))
        s.add(m.BomLine(parent_item="FS-1", component_item="F-1", qty_per=2))
        s.add(m.ApprovedSource(item_code="E-1", supplier_code="VOLT", plant_code="LKS",
                               lead_time_days=20, unit_price=10))  # fmt: skip
        s.add(m.ApprovedSource(item_code="F-1", supplier_code="POLY", plant_code="LKS",
                               lead_time_days=5, unit_price=3))  # fmt: skip
        s.add(m.Line(code="L1", plant_code="LKS", name="Seat line", rate_per_hour=60))
        s.flush()
        for weekday in range(5):
            s.add(m.Shift(line_code="L1", name="A", weekday=weekday, start_minute=360,
                          end_minute=840))  # fmt: skip
            s.add(m.Shift(line_code="L1", name="B", weekday=weekday, start_minute=840,
                          end_minute=1320))  # fmt: skip
        # PO lines (one PO each): 1 on time in full; 2 on time but 97%; 3 split, rest 3 days
        # late; 4 98% on time (in full); 5 never received (SAL); 6 due after the as-of time;
        # 7 cancelled; 8 open, 40 of 1,000 confirmed.
        _po(s, "PO-1", "VOLT", "LKS", at(2, 1), 1, "E-1", 100, at(2, 10))
        _po(s, "PO-2", "VOLT", "LKS", at(2, 1), 2, "E-1", 100, at(2, 12, "06:00"))
        _po(s, "PO-3", "VOLT", "LKS", at(2, 1), 3, "E-1", 100, at(2, 14))
        _po(s, "PO-4", "POLY", "LKS", at(2, 5), 4, "F-1", 200, at(2, 15))
        _po(s, "PO-5", "POLY", "SAL", at(2, 10), 5, "F-1", 50, at(2, 20), status="open")
        _po(s, "PO-6", "POLY", "LKS", at(2, 20), 6, "F-1", 100, at(3, 5), status="open")
        _po(s, "PO-7", "VOLT", "LKS", at(2, 1), 7, "E-1", 100, at(2, 11), status="cancelled")
        _po(s, "PO-8", "VOLT", "LKS", at(2, 25), 8, "E-1", 1000, at(3, 3, "06:00"), "open")
        receipts = [
            (1, 100, at(2, 10, "15:00")),
            (2, 97, at(2, 12, "23:30")),  # local date = promised date, UTC date the next day
            (3, 60, at(2, 13, "15:00")),
            (3, 40, at(2, 17, "15:00")),
            (4, 198, at(2, 15, "15:00")),
        ]
        for line_id, qty, when in receipts:
            s.add(m.GoodsReceipt(po_line_id=line_id, qty=qty, received_at=when))
        confirmations = [
            (1, 100, at(2, 10), at(2, 2, "09:00")),  # within 48 h, in full
            (1, 50, at(2, 10), at(3, 1, "09:00")),  # a later revision does not change that
            (2, 100, at(2, 12), at(2, 4, "09:00")),  # too late
            (3, 40, at(2, 14), at(2, 1, "12:00")),  # in time but partial
            (4, 200, at(2, 15), at(2, 6, "09:00")),
            (6, 100, at(3, 5), at(2, 20, "15:00")),
            (8, 40, at(3, 3, "06:00"), at(2, 26, "09:00")),
        ]
        for line_id, qty, due, when in confirmations:
            s.add(m.SupplierConfirmation(po_line_id=line_id, qty=qty, confirmed_for=due,
                                         received_at=when))  # fmt: skip
        s.add(m.PremiumFreight(plant_code="LKS", po_line_id=3, cost=1000, approved_at=at(2, 10)))
        s.add(m.PremiumFreight(plant_code="SAL", supplier_code="POLY", cost=500,
                               approved_at=at(2, 20)))  # fmt: skip
        s.add(m.PremiumFreight(plant_code="LKS", supplier_code="VOLT", cost=250,
                               approved_at=at(1, 15)))  # fmt: skip
        work_orders = [
            # id, start, end, due, status, completed
            ("W1", at(2, 10, "06:00"), at(2, 10, "09:30"), at(2, 10, "12:00"), "completed",
             at(2, 10, "13:00")),
            ("W2", at(2, 10, "10:00"), at(2, 10, "13:30"), at(2, 10, "16:00"), "completed",
             at(2, 10, "14:30")),
            ("W3", at(2, 11, "14:00"), at(2, 11, "17:30"), at(2, 11, "20:00"), "started", None),
            ("W4", at(2, 12, "06:00"), at(2, 12, "09:30"), at(2, 12, "12:00"), "cancelled", None),
            ("W5", at(3, 3, "06:00"), at(3, 3, "08:00"), at(3, 3, "12:00"), "released", None),
            ("W6", at(3, 4, "06:00"), at(3, 4, "08:00"), at(3, 4, "12:00"), "released", None),
        ]  # fmt: skip
        for seq, (wo, start, end, due, status, done) in enumerate(work_orders):
            s.add(m.WorkOrder(id=wo, plant_code="LKS", line_code="L1", item_code="FS-1",
                              qty=100, planned_start=start, planned_end=end, sequence=seq,
                              due_at=due, status=status, completed_at=done))  # fmt: skip
        s.add(m.InventoryBalance(plant_code="LKS", item_code="E-1", qty=100))
        s.add(m.InventoryBalance(plant_code="LKS", item_code="E-1", qty=50, lot="Q",
                                 status="quality_hold"))  # fmt: skip
        s.add(m.InventoryBalance(plant_code="LKS", item_code="F-1", qty=700))
        s.add(m.QualityHold(plant_code="LKS", item_code="E-1", lot="Q", qty=50,
                            reason="solder voids", placed_at=at(2, 27)))  # fmt: skip
        s.add(m.Alert(plant_code="LKS", kind="shortage", subject="E-1",
                      opened_at=DEMO_AS_OF - timedelta(days=2)))  # fmt: skip
        s.add(m.Alert(plant_code="SAL", kind="hold", subject="F-1",
                      opened_at=DEMO_AS_OF - timedelta(days=1)))  # fmt: skip
        s.add(m.Alert(plant_code="LKS", kind="late_asn", subject="closed",
                      opened_at=DEMO_AS_OF - timedelta(days=9),
                      closed_at=DEMO_AS_OF - timedelta(days=8)))  # fmt: skip
        s.add(m.AppUser(username="dana.kim", display_name="Dana Kim", role="buyer",
                        plant_scope=["LKS"]))  # fmt: skip
        s.commit()
    with engine.begin() as conn:
        conn.execute(
            text(
                """INSERT INTO governance.action_proposal
                   (kind, payload, rationale, cited_facts, expected_effect, cost, requested_by,
                    channel, required_role, plant_code, status, four_eyes, created_at,
                    expires_at, idempotency_key)
                   VALUES ('supplier_escalation', '{}', 'late', '[]', 'on time', 0, 'dana.kim',
                    'cli', 'requester', 'LKS', 'pending', false, :created, :expires, 'k1')"""
            ),
            {
                "created": DEMO_AS_OF - timedelta(hours=12),
                "expires": DEMO_AS_OF + timedelta(hours=12),
            },
        )


@pytest.fixture
def small_company(empty_db: Engine) -> Engine:
    build_small_company(empty_db)
    return empty_db


def test_otif_counts_each_line_in_full_by_its_promised_local_date(small_company: Engine) -> None:
    result = compute_kpi(small_company, "supplier_otif", period=FEB, group_by="supplier")
    assert (result.overall.numerator, result.overall.denominator) == (2, 5)
    assert result.value == pytest.approx(40.0)
    assert result.row("VOLT").value == pytest.approx(100 / 3)
    assert result.row("VOLT").label == "Voltaic Components"
    assert result.row("POLY").value == pytest.approx(50.0)
    assert result.owner.startswith("Purchasing")
    assert "not OT% × IF%" in result.definition


def test_otif_filters_by_plant_supplier_name_and_family(small_company: Engine) -> None:
    assert compute_kpi(small_company, "OTIF", plant="lks", period=FEB).value == pytest.approx(50)
    assert compute_kpi(small_company, "otif", plant="SAL", period=FEB).value == 0
    by_town = compute_kpi(small_company, "otif", plant="Saltillo", period=FEB)
    assert (by_town.filters["plant"], by_town.value) == ("SAL", 0)
    voltaic = compute_kpi(small_company, "on time in full", supplier="Voltaic", period=FEB)
    assert voltaic.filters["supplier"] == "VOLT"
    assert voltaic.overall.denominator == 3
    foam = compute_kpi(small_company, "otif", item_family="FOAM", period=FEB)
    assert (foam.overall.numerator, foam.overall.denominator) == (1, 2)


def test_otif_by_month_and_default_period_end_at_the_as_of_time(small_company: Engine) -> None:
    by_month = compute_kpi(small_company, "supplier_otif", period="2026-01-01..2026-03-31",
                           group_by="month")  # fmt: skip
    assert [r.group for r in by_month.rows] == ["2026-02"]
    assert by_month.period.end == DEMO_AS_OF  # PO-6 and PO-8 are not due yet
    assert any("cut at the as-of time" in n for n in by_month.notes)
    default = compute_kpi(small_company, "supplier_otif")
    assert default.period.start == DEMO_AS_OF - timedelta(days=90)
    assert default.overall.denominator == 5


def test_on_time_and_average_days_late_are_per_receipt(small_company: Engine) -> None:
    on_time = compute_kpi(small_company, "supplier_on_time", period=FEB)
    assert (on_time.overall.numerator, on_time.overall.denominator) == (4, 5)
    late = compute_kpi(small_company, "average_days_late", period=FEB, group_by="supplier")
    assert late.value == pytest.approx(3 / 5)
    assert late.row("VOLT").value == pytest.approx(3 / 4)
    assert late.row("POLY").value == 0


def test_confirmation_rate_needs_the_full_quantity_within_48_hours(small_company: Engine) -> None:
    result = compute_kpi(small_company, "confirmation_rate", period=FEB, group_by="supplier")
    assert (result.overall.numerator, result.overall.denominator) == (3, 7)
    assert (result.row("VOLT").numerator, result.row("VOLT").denominator) == (1, 4)


def test_procurement_cycle_time_runs_from_issue_to_final_receipt(small_company: Engine) -> None:
    result = compute_kpi(small_company, "procurement_cycle_time", period=FEB)
    expected = ((9 + 5 / 24) + (16 + 5 / 24) + (10 + 5 / 24)) / 3  # PO-2 never in full
    assert result.value == pytest.approx(expected)
    assert result.overall.count == 3


def test_premium_freight_spend_sums_approved_cost(small_company: Engine) -> None:
    result = compute_kpi(small_company, "premium freight", period=FEB, group_by="supplier")
    assert result.value == 1500
    assert {r.group: r.value for r in result.rows} == {"POLY": 500, "VOLT": 1000}
    assert compute_kpi(small_company, "premium_freight_spend", period=FEB,
                       item_family="electronics").value == 1000  # fmt: skip
    by_month = compute_kpi(small_company, "premium_freight_spend",
                           period="2026-01-01..2026-02-28", group_by="month")  # fmt: skip
    assert {r.group: r.value for r in by_month.rows} == {"2026-01": 250, "2026-02": 1500}


def test_schedule_adherence_counts_completion_within_the_shift(small_company: Engine) -> None:
    result = compute_kpi(small_company, "schedule_adherence", period=FEB, group_by="plant")
    assert (result.overall.numerator, result.overall.denominator) == (1, 3)
    assert result.row("LKS").value == pytest.approx(100 / 3)


def test_days_of_supply_uses_available_stock_and_bom_requirement(small_company: Engine) -> None:
    result = compute_kpi(small_company, "days_of_supply", group_by="item")
    assert result.period.start == DEMO_AS_OF and result.period.days == 14
    assert result.row("E-1").value == pytest.approx(7.0)  # 100 / (200 / 14); hold excluded
    assert result.row("F-1").value == pytest.approx(24.5)  # 700 / (400 / 14)
    assert result.value == pytest.approx(800 / (600 / 14))
    assert compute_kpi(small_company, "dos", supplier="VOLT").value == pytest.approx(7.0)


def test_line_stop_risk_hours_come_from_the_projection(small_company: Engine) -> None:
    result = compute_kpi(small_company, "line_stop_risk_hours", plant="LKS", group_by="family")
    assert result.value == pytest.approx(2.0)  # W6 short 60 of E-1 for its whole 2 h
    assert {r.group: r.value for r in result.rows} == {"electronics": pytest.approx(2.0)}
    assert compute_kpi(small_company, "line_stop_risk_hours", item_family="foam").value == 0
    assert any("unconfirmed supply excluded" in n for n in result.notes)


def test_exception_aging_covers_open_alerts_and_pending_proposals(small_company: Engine) -> None:
    result = compute_kpi(small_company, "exception_aging", group_by="plant")
    assert result.overall.count == 3
    assert result.value == pytest.approx((2 + 1 + 0.5) / 3)
    assert result.row("LKS").value == pytest.approx(1.25)
    assert any("pending action proposals" in n for n in result.notes)
    assert any("oldest open exception: 2.0 days" in n for n in result.notes)


def test_a_breakdown_by_plant_has_every_plant_those_with_nothing_included(
    small_company: Engine,
) -> None:
    jan = compute_kpi(small_company, "premium_freight_spend", period="2026-01", group_by="plant")
    assert [(r.group, r.value, r.count) for r in jan.rows] == [("LKS", 250, 1), ("SAL", 0, 0)]
    assert jan.row("SAL").label == "Saltillo"
    adherence = compute_kpi(small_company, "schedule_adherence", period=FEB, group_by="plant")
    assert adherence.row("SAL").value is None  # no WO due there: no data, not 0%
    hours = compute_kpi(small_company, "line_stop_risk_hours", group_by="plant")
    assert {r.group: r.value for r in hours.rows} == {"LKS": pytest.approx(2.0), "SAL": 0}
    one = compute_kpi(small_company, "premium_freight_spend", period="2026-01", plant="SAL",
                      group_by="plant")  # fmt: skip
    assert [(r.group, r.value) for r in one.rows] == [("SAL", 0)]


def test_every_catalogue_kpi_computes_on_an_empty_database(empty_db: Engine) -> None:
    with empty_db.begin() as conn:
        conn.execute(text("INSERT INTO plant VALUES ('LKS', 'Lakeside', 'America/Detroit')"))
    for kpi in list_kpis():
        result = compute_kpi(empty_db, kpi.name, as_of=DEMO_AS_OF)
        assert result.overall.count == 0, kpi.name
        assert result.value in (None, 0.0), kpi.name


def test_bad_requests_name_what_to_fix(small_company: Engine) -> None:
    with pytest.raises(KpiInputError, match="known KPIs: supplier_otif"):
        compute_kpi(small_company, "happiness")
    with pytest.raises(KpiInputError, match="known plants: LKS, SAL"):
        compute_kpi(small_company, "otif", plant="XYZ")
    with pytest.raises(KpiInputError, match="unknown supplier 'Acme'"):
        compute_kpi(small_company, "otif", supplier="Acme")
    with pytest.raises(KpiInputError, match="known families: electronics, foam, seats"):
        compute_kpi(small_company, "otif", item_family="chrome")
    with pytest.raises(KpiInputError, match="cannot be grouped by 'supplier'"):
        compute_kpi(small_company, "schedule_adherence", group_by="supplier")
    with pytest.raises(KpiInputError, match="cannot be filtered by supplier"):
        compute_kpi(small_company, "exception_aging", supplier="VOLT")
    with pytest.raises(KpiInputError, match="not understood"):
        compute_kpi(small_company, "otif", period="fortnight-ish")


def test_an_explicit_period_object_is_used_as_given(small_company: Engine) -> None:
    period = parse_period("last month", DEMO_AS_OF)
    assert isinstance(period, Period)
    result = compute_kpi(small_company, "supplier_otif", period=period)
    assert result.period == period
    assert result.overall.denominator == 5
