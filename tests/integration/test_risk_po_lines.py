"""PO-line risk gathered from a small hand-made company: the facts, the score and the why."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine

from domain.clock import DEMO_AS_OF
from domain.risk import RiskInputError, po_line_risk, risky_po_lines
from tests.integration.test_kpi_compute import build_small_company

pytestmark = pytest.mark.integration


@pytest.fixture
def small_company(empty_db: Engine) -> Engine:
    build_small_company(empty_db)
    return empty_db


def test_facts_of_an_open_line_come_from_every_table(small_company: Engine) -> None:
    risk = po_line_risk(small_company, "PO-8", 1)
    f = risk.facts
    assert (f.qty_ordered, f.qty_received, f.qty_confirmed) == (1000, 0, 40)
    assert f.supplier_otif == pytest.approx(100 / 3) and f.portfolio_otif == pytest.approx(40)
    assert (f.held_qty, f.on_hand_qty, f.hold_lots) == (50, 150, ("Q",))
    assert f.first_need_work_order == "W5"
    assert f.first_need_at == DEMO_AS_OF + timedelta(days=1)
    assert f.first_short_at == DEMO_AS_OF + timedelta(days=2) and f.qty_short == 60
    assert f.asn_status == "none"


def test_score_and_explanation_of_the_partially_confirmed_line(small_company: Engine) -> None:
    risk = po_line_risk(small_company, "po-8")  # one line: line_no may be left out
    # history 20 + confirmation 24 + ASN 10.5 + quality 6.67 + criticality 10 + need 20
    assert risk.score == pytest.approx(91.2)
    assert risk.level == "high"
    text = risk.explanation(top=6)
    assert "confirmed only 40 of 1,000 for Tue 03 Mar 06:00; 960 unconfirmed" in text
    assert (
        "OTIF of Voltaic Components over the last 90 days is 33.3% "
        "(1 of 3 PO lines on time in full) vs 40.0% for the portfolio"
    ) in text
    assert "50 of 150 on hand of E-1 is on quality hold (lot Q)" in text
    assert "projected short Wed 04 Mar 06:00 (48 h from now), 60 short" in text


def test_risky_po_lines_ranks_the_plants_open_lines(small_company: Engine) -> None:
    ranked = risky_po_lines(small_company, "LKS")
    assert [(r.po_number, r.score) for r in ranked] == [("PO-8", 91.2), ("PO-6", 40.0)]
    assert [r.po_number for r in risky_po_lines(small_company, "lks", top=1)] == ["PO-8"]
    past_due = risky_po_lines(small_company, "SAL")[0]
    assert past_due.po_number == "PO-5" and past_due.score == pytest.approx(65.0)
    assert any("was due" in f.sentence for f in past_due.factors)


def test_unknown_po_line_or_plant_is_a_clear_error(small_company: Engine) -> None:
    with pytest.raises(RiskInputError, match="unknown PO 'PO-404'"):
        po_line_risk(small_company, "PO-404")
    with pytest.raises(RiskInputError, match="PO-8 has no line 3; its lines are: 1"):
        po_line_risk(small_company, "PO-8", 3)
    with pytest.raises(RiskInputError, match="unknown plant 'XYZ'"):
        risky_po_lines(small_company, "XYZ")
