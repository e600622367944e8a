"""The PO-line risk scorer on hand-written facts: no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from domain.clock import DEMO_AS_OF
from domain.risk import RiskFacts, score_po_line
from domain.risk.score import WEIGHTS

TUE = DEMO_AS_OF + timedelta(days=1)

PO_7781 = RiskFacts(
    po_number="PO-7781", line_no=1, plant="LKS", timezone="America/Detroit", item="E-4410",
    item_description="seat heater control module", criticality=1, supplier="VOLTAIC",
    supplier_name="Voltaic Components", as_of=DEMO_AS_OF, promised_at=TUE, qty_ordered=1000,
    qty_confirmed=400, confirmed_for=TUE, supplier_otif=71.0, supplier_otif_lines=31,
    supplier_otif_met=22, portfolio_otif=93.0, on_hand_qty=620,
    first_need_at=DEMO_AS_OF, first_need_work_order="WO-1",
    first_short_at=DEMO_AS_OF + timedelta(days=2), qty_short=30,
)  # fmt: skip

QUIET = replace(
    PO_7781, qty_confirmed=1000, supplier_otif=99.0, criticality=3, first_need_at=None,
    first_need_work_order=None, first_short_at=None, qty_short=0,
    promised_at=DEMO_AS_OF + timedelta(days=10), confirmed_for=DEMO_AS_OF + timedelta(days=10),
)  # fmt: skip


def points(facts: RiskFacts) -> dict[str, float]:
    return {f.name: round(f.points, 2) for f in score_po_line(facts).factors}


def test_weights_sum_to_one_hundred() -> None:
    assert sum(WEIGHTS.values()) == 100


def test_po_7781_is_high_risk_and_says_why() -> None:
    risk = score_po_line(PO_7781)
    assert points(PO_7781) == {
        "supplier_history": 14.21, "confirmation": 15.0, "asn": 10.5, "quality": 0.0,
        "criticality": 10.0, "time_to_need": 20.0,
    }  # fmt: skip
    assert risk.score == pytest.approx(69.7)
    assert risk.level == "high"
    why = risk.explanation()
    assert "Voltaic Components confirmed only 400 of 1,000 for Tue 03 Mar 06:00" in why
    assert "; 600 unconfirmed" in why
    assert "OTIF of Voltaic Components over the last 90 days is 71.0%" in why
    assert "vs 93.0% for the portfolio" in why
    assert risk.factors[0].name == "time_to_need"  # largest contribution first


def test_a_quiet_line_is_low_risk() -> None:
    risk = score_po_line(QUIET)
    assert risk.level == "low"
    assert risk.score == pytest.approx(0 + 0 + 3.0 + 0 + 1.0 + 0)


def test_a_held_asn_with_a_slipped_eta_scores_by_the_slip() -> None:
    held = replace(
        QUIET, asn_status="held", asn_number="ASN-55102", asn_hub="Toledo cross-dock",
        asn_original_eta=DEMO_AS_OF + timedelta(hours=8),
        asn_eta=DEMO_AS_OF + timedelta(hours=53),
    )  # fmt: skip
    factor = next(f for f in score_po_line(held).factors if f.name == "asn")
    assert factor.severity == pytest.approx(0.8 + 45 / 240)
    assert factor.sentence == (
        "ASN-55102 is held at Toledo cross-dock; ETA moved from Mon 02 Mar 14:00 "
        "to Wed 04 Mar 11:00 (+45 h)"
    )


def test_confirmation_later_than_promised_counts_as_risk() -> None:
    late = replace(QUIET, confirmed_for=QUIET.promised_at + timedelta(hours=36))
    factor = next(f for f in score_po_line(late).factors if f.name == "confirmation")
    assert factor.severity == pytest.approx(0.5)
    assert "36 h after the promised" in factor.sentence


def test_unconfirmed_line_and_missing_history() -> None:
    facts = replace(QUIET, qty_confirmed=None, confirmed_for=None, supplier_otif=None)
    scored = points(facts)
    assert scored["confirmation"] == 25.0
    assert scored["supplier_history"] == 10.0


def test_quality_hold_share_of_stock() -> None:
    held = replace(
        QUIET, item="T-3105", held_qty=1500, on_hand_qty=1800, hold_lots=("L-3105-0311",),
        hold_decision_at=TUE + timedelta(hours=6),
    )  # fmt: skip
    factor = next(f for f in score_po_line(held).factors if f.name == "quality")
    assert factor.severity == pytest.approx(0.5 + 0.5 * 1500 / 1800)
    assert factor.sentence == (
        "1,500 of 1,800 on hand of T-3105 is on quality hold (lot L-3105-0311), "
        "decision expected Tue 03 Mar 12:00"
    )


def test_received_line_has_no_supply_risk() -> None:
    done = replace(PO_7781, qty_received=1000)
    scored = points(done)
    assert scored["confirmation"] == 0 and scored["asn"] == 0


def test_past_due_line_without_asn_is_the_worst_asn_case() -> None:
    overdue = replace(QUIET, promised_at=DEMO_AS_OF - timedelta(hours=1))
    assert points(overdue)["asn"] == 15.0
