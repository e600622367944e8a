"""Propose tools create a pending ActionProposal and write nothing else."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, text

from governance.identity import Actor
from tests.integration.tools_support import (
    call,
    data,
    domain_fingerprint,
    seat1_swap,
    transfer_to_lks,
)
from tools.results import ToolError
from tools.scope import shipping_stock

pytestmark = pytest.mark.integration


def _po_line(engine: Engine, po: str, line: int) -> dict[str, Any]:
    with engine.connect() as conn:
        return dict(
            conn.execute(
                text("SELECT * FROM po_line WHERE po_number = :p AND line_no = :l"),
                {"p": po, "l": line},
            ).mappings().one()
        )  # fmt: skip


def _proposal(engine: Engine, proposal_id: str) -> dict[str, Any]:
    with engine.connect() as conn:
        return dict(
            conn.execute(
                text("SELECT * FROM governance.action_proposal WHERE id = :i"), {"i": proposal_id}
            ).mappings().one()
        )  # fmt: skip


def test_air_expedite_of_the_600_costs_6800_and_needs_the_plant_manager(demo_db: Engine) -> None:
    before_line = _po_line(demo_db, "PO-7781", 1)
    before = domain_fingerprint(demo_db)

    result = call(demo_db, "dana.kim", "expedite_po", {"po_number": "PO-7781", "mode": "air"})

    assert result.ok, result.error
    assert result.proposal is not None
    assert result.proposal["cost"] == 6800.0
    assert result.proposal["required_role"] == "plant_manager"
    assert result.proposal["four_eyes"] is True
    assert result.proposal["status"] == "pending"
    stored = _proposal(demo_db, result.proposal["id"])
    assert stored["payload"]["qty"] == 600  # default: the unconfirmed quantity
    assert stored["requested_by"] == "dana.kim" and stored["plant_code"] == "LKS"
    facts = " ".join(f["fact"] for f in stored["cited_facts"])
    assert "600 not confirmed" in facts and "$6,800.00" in facts
    assert "E-4410 is first short Wed 2026-03-04 06:00" in facts
    # Nothing in the domain moved: the PO line is exactly as it was.
    assert _po_line(demo_db, "PO-7781", 1) == before_line
    assert domain_fingerprint(demo_db) == before
    assert "$6,800.00" in result.summary and "the plant manager" in result.summary


def test_cheap_truck_expedite_is_the_requesters_to_confirm(demo_db: Engine) -> None:
    result = call(
        demo_db, "dana.kim", "expedite_po", {"po_number": "PO-7781", "qty": 600, "mode": "truck"}
    )
    assert result.ok, result.error
    assert result.proposal is not None
    assert result.proposal["cost"] == 1350.0  # $450 + $1.50 × 600
    assert result.proposal["required_role"] == "requester"


def test_expedite_more_than_is_open_is_refused_naming_qty(demo_db: Engine) -> None:
    result = call(demo_db, "dana.kim", "expedite_po", {"po_number": "PO-7781", "qty": 5000})
    assert not result.ok and "qty 5,000 is more than the 1,000 still open" in (result.error or "")


def test_unknown_po_is_a_clear_error(demo_db: Engine) -> None:
    result = call(demo_db, "dana.kim", "expedite_po", {"po_number": "PO-9999"})
    assert not result.ok and "no purchase order 'PO-9999'" in (result.error or "")


def test_escalation_draft_cites_confirmation_otif_and_shortage(demo_db: Engine) -> None:
    before = domain_fingerprint(demo_db)
    result = call(
        demo_db, "dana.kim", "draft_supplier_escalation", {"supplier": "voltaic", "tone": "urgent"}
    )
    assert result.ok, result.error
    assert result.proposal and result.proposal["required_role"] == "requester"
    payload = data(result)["payload"]
    assert payload["po_number"] == "PO-7781"
    with demo_db.connect() as conn:
        email = conn.execute(text("SELECT email FROM supplier WHERE code = 'VOLTAIC'")).scalar()
    assert payload["recipients"] == [email]
    assert payload["subject"].startswith("URGENT")
    assert "400" in payload["body"] and "600" in payload["body"]
    assert "Wed 2026-03-04 06:00" in payload["body"]
    facts = {f["source"].split(":")[0] for f in data(result)["proposal"]["cited_facts"]}
    assert {"PO-7781/1", "shortage", "kpi"} <= facts
    assert "OTIF over the last 90 days is 71.4% (portfolio 93.1%)" in payload["body"]
    assert domain_fingerprint(demo_db) == before


def test_escalation_of_a_held_shipment_says_where_it_waits_and_its_eta(demo_db: Engine) -> None:
    result = call(demo_db, "dana.kim", "draft_supplier_escalation", {"supplier": "polyform",
                  "po_number": "PO-7790"})  # fmt: skip
    assert result.ok, result.error
    body = data(result)["payload"]["body"]
    assert ("- ASN-55102 (2,400) is held at Toledo cross-dock, ETA Wed 2026-03-04 11:00, ETA "
            "moved from Mon 2026-03-02 14:00") in body  # fmt: skip
    assert "Impact: without the delayed shipment our LKS-SEAT1 line runs short of F-2200" in body
    assert "get ASN-55102 released and moving" in body


def test_po_date_change_is_a_request_not_a_change(demo_db: Engine) -> None:
    before_line = _po_line(demo_db, "PO-7781", 1)
    result = call(
        demo_db,
        "dana.kim",
        "request_po_date_change",
        {"po_number": "PO-7781", "new_date": "2026-03-09T06:00", "reason": "balance ships Monday"},
    )
    assert result.ok, result.error
    assert result.proposal is not None
    stored = _proposal(demo_db, result.proposal["id"])
    # A time without offset is read in the plant's zone (EDT from 2026-03-08).
    new = datetime.fromisoformat(stored["payload"]["new_promised_at"])
    assert new == datetime(2026, 3, 9, 6, 0, tzinfo=ZoneInfo("America/Detroit"))
    assert _po_line(demo_db, "PO-7781", 1) == before_line


def test_po_date_change_names_the_supplier_it_goes_to(demo_db: Engine) -> None:
    result = call(
        demo_db,
        "dana.kim",
        "request_po_date_change",
        {"po_number": "PO-7795", "new_date": "2026-03-04T06:00", "reason": "need the foam"},
    )
    assert result.ok, result.error
    assert "PO-7795/1 (F-2200) from Polyform Foams: promised date" in result.summary
    assert _proposal(demo_db, result.proposal["id"])["expected_effect"].endswith(
        "Polyform Foams informed"
    )


def test_resequence_outside_the_frozen_horizon_is_proposed(demo_db: Engine) -> None:
    before = domain_fingerprint(demo_db)
    swap = seat1_swap(demo_db)
    result = call(demo_db, "luis.ortega", "propose_resequence",
                  {"line": "LKS-SEAT1", "sequence": swap})  # fmt: skip
    assert result.ok, result.error
    assert result.proposal and result.proposal["required_role"] == "plant_manager"
    moves = data(result)["payload"]["moves"]
    assert {m["work_order_id"] for m in moves} == set(swap)
    assert domain_fingerprint(demo_db) == before


def test_resequence_inside_the_frozen_horizon_is_refused(demo_db: Engine) -> None:
    with demo_db.connect() as conn:
        monday = [r[0] for r in conn.execute(text(
            "SELECT id FROM work_order WHERE line_code = 'LKS-SEAT1' AND status = 'released' "
            "ORDER BY planned_start LIMIT 2"))]  # fmt: skip
    result = call(demo_db, "luis.ortega", "propose_resequence",
                  {"line": "LKS-SEAT1", "sequence": list(reversed(monday))})  # fmt: skip
    assert not result.ok and "frozen horizon" in (result.error or "")


def test_transfer_and_quality_review_write_only_a_proposal(demo_db: Engine) -> None:
    before = domain_fingerprint(demo_db)
    transfer = call(demo_db, "luis.ortega", "transfer_inventory", transfer_to_lks(demo_db))
    review = call(demo_db, "priya.nair", "request_quality_review", {"lot": "L-3105-0311"})
    assert transfer.ok, transfer.error
    assert review.ok, review.error
    assert review.proposal and review.proposal["kind"] == "quality_review"
    assert "decision expected Tue 2026-03-03 12:00" in " ".join(
        f["fact"] for f in data(review)["proposal"]["cited_facts"]
    )
    assert domain_fingerprint(demo_db) == before


def test_transfer_beyond_stock_is_refused_without_the_other_plants_stock(demo_db: Engine) -> None:
    args = transfer_to_lks(demo_db) | {"qty": 10_000_000}
    src = str(args["from_plant"])
    # Luis (LKS) learns that the shipping plant cannot ship that much, not what it holds.
    refused = call(demo_db, "luis.ortega", "transfer_inventory", args)
    error = refused.error or ""
    assert not refused.ok and f"{src} cannot ship 10,000,000" in error
    assert "not in your scope" in error and "available" not in error
    # Someone whose scope holds the shipping plant is told the figure available.
    both = Actor("pat.both", "planner", ("LKS", src), (), 0)
    with pytest.raises(ToolError, match="is more than the"):
        shipping_stock(demo_db, both, src, str(args["item"]), 10_000_000)


def test_a_feasible_transfer_cites_no_stock_figure_of_a_plant_out_of_scope(
    demo_db: Engine,
) -> None:
    args = transfer_to_lks(demo_db)
    result = call(demo_db, "luis.ortega", "transfer_inventory", args)
    assert result.ok, result.error
    facts = [f["fact"] for f in data(result)["proposal"]["cited_facts"]]
    assert f"{args['from_plant']} can ship 100 {args['item']}" in facts[0]
    assert "available" not in facts[0]


def test_a_saltillo_buyer_cannot_learn_lakeside_stock_by_asking_a_transfer(
    demo_db: Engine,
) -> None:
    # T-3105 at LKS: 300 usable. Asking for 1,000 is refused without the 300.
    args = {"item": "T-3105", "from_plant": "LKS", "to_plant": "SAL", "qty": 1000}
    result = call(demo_db, "sam.okafor", "transfer_inventory", args)
    assert not result.ok and "LKS cannot ship 1,000 T-3105" in (result.error or "")
    assert "300" not in (result.error or "") and data(result) in ({}, [])


def test_the_same_request_twice_is_one_proposal(demo_db: Engine) -> None:
    args = {"po_number": "PO-7781", "mode": "air"}
    first = call(demo_db, "dana.kim", "expedite_po", args)
    second = call(demo_db, "dana.kim", "expedite_po", args)
    assert first.proposal and second.proposal
    assert first.proposal["id"] == second.proposal["id"]
