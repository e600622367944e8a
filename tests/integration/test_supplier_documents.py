"""A supplier document becomes a proposed event; only the buyer's confirmation applies it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from domain.documents.pdf import DocumentError
from domain.documents.proposed import (
    confirm_proposed,
    list_proposed,
    propose_from_document,
    propose_from_message,
    reject_proposed,
)
from domain.planning.repository import shortages_for_plant
from governance.event_audit import audit_event

pytestmark = pytest.mark.integration
DOCS = Path(__file__).parents[2] / "sample_data" / "documents"


def _e4410(engine: Engine):  # type: ignore[no-untyped-def]
    return next(s for s in shortages_for_plant(engine, "LKS") if s.item == "E-4410")


def test_the_600_on_po7781_is_proposed_then_confirmed_by_the_buyer(demo_db: Engine) -> None:
    before = _e4410(demo_db)
    proposal = propose_from_document(
        demo_db, (DOCS / "voltaic_balance_600.eml").read_bytes(), proposed_by="dana.kim",
        ref="voltaic_balance_600.eml",
    )  # fmt: skip
    assert proposal.status == "proposed" and proposal.event["type"] == "confirmation.received"
    assert proposal.event["data"]["schedule"][0]["qty"] == 600
    assert proposal.event["data"]["scope"] == "balance"
    assert _e4410(demo_db) == before  # nothing applied from text
    confirmed, outcome = confirm_proposed(demo_db, proposal.id, "dana.kim", audit_event)
    assert confirmed.status == "confirmed" and outcome.outcome == "applied", outcome.detail
    after = _e4410(demo_db)
    # The Wed 06:00 shortage is gone; 620 + 1,000 cannot cover the week's 2,100 before Mon 03-09.
    assert after.first_short_at > before.first_short_at
    assert "WO-SEAT1-0304-0600" not in after.work_orders
    assert after.line_hours_at_risk < before.line_hours_at_risk


def test_a_planner_may_not_confirm_and_a_rejection_applies_nothing(demo_db: Engine) -> None:
    proposal = propose_from_document(
        demo_db, (DOCS / "polyform_asn_held.eml").read_bytes(), proposed_by="dana.kim", ref="x"
    )
    assert proposal.event["type"] == "asn.updated"
    with pytest.raises(DocumentError, match="may not decide"):
        confirm_proposed(demo_db, proposal.id, "luis.ortega", audit_event)
    assert reject_proposed(demo_db, proposal.id, "dana.kim").status == "rejected"
    assert list_proposed(demo_db, ["LKS"]) == []


def test_stored_correspondence_can_be_proposed_and_an_unknown_po_is_refused(
    demo_db: Engine,
) -> None:
    with demo_db.connect() as conn:
        message = conn.execute(
            text("SELECT id FROM supplier_message WHERE subject LIKE 'ASN-55102%'")
        ).scalar_one()
    proposal = propose_from_message(demo_db, message, proposed_by="dana.kim")
    assert proposal.event["data"]["asn_number"] == "ASN-55102"
    with pytest.raises(DocumentError, match="PO-99123"):
        propose_from_document(
            demo_db, b"We confirm 300 pcs on PO-99123 for 5 March 2026 06:00.",
            proposed_by="dana.kim", ref="k",
        )  # fmt: skip
