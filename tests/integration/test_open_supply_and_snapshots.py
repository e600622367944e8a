"""Open supply has one definition of an open ASN; reads see one read-only snapshot."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from domain.procurement.open_supply import open_supply
from domain.uow import command, read_snapshot

pytestmark = pytest.mark.integration


def test_an_asn_stays_open_until_a_receipt_books_it(demo_db: Engine) -> None:
    with command(demo_db) as conn:
        conn.execute(text("UPDATE shipment SET hub_status = 'delivered' "
                          "WHERE asn_number = 'ASN-55102'"))  # fmt: skip
    with read_snapshot(demo_db) as conn:
        [line] = open_supply(conn, ["LKS"], po_number="PO-7790")
    [asn] = line.asns
    assert (asn.asn_number, asn.hub_status) == ("ASN-55102", "delivered")
    assert [t.basis for t in line.supply] == ["asn"]


def test_a_snapshot_cannot_write(demo_db: Engine) -> None:
    with pytest.raises(DBAPIError, match="read-only"), read_snapshot(demo_db) as conn:
        conn.execute(text("DELETE FROM supplier_message"))


def test_a_snapshot_does_not_see_writes_committed_after_its_first_read(demo_db: Engine) -> None:
    count = "SELECT count(*) FROM supplier_message"
    with read_snapshot(demo_db) as conn:
        before = conn.execute(text(count)).scalar_one()
        with command(demo_db) as writer:
            writer.execute(text("DELETE FROM supplier_message"))
        assert conn.execute(text(count)).scalar_one() == before > 0
    with read_snapshot(demo_db) as conn:
        assert conn.execute(text(count)).scalar_one() == 0


def test_a_command_that_fails_writes_nothing(demo_db: Engine) -> None:
    with pytest.raises(RuntimeError), command(demo_db) as conn:
        conn.execute(text("DELETE FROM supplier_message"))
        raise RuntimeError("stop")
    with demo_db.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM supplier_message")).scalar_one() > 0


def test_a_projection_inside_a_snapshot_does_not_see_stock_booked_after_it_began(
    demo_db: Engine,
) -> None:
    from domain.planning.repository import shortages_for_plant

    with read_snapshot(demo_db) as conn:
        before = {s.item for s in shortages_for_plant(conn, "LKS")}
        with command(demo_db) as writer:  # a receipt of plenty of F-2200 lands meanwhile
            writer.execute(text("UPDATE inventory_balance SET qty = qty + 100000 "
                                "WHERE item_code = 'F-2200' AND status = 'available'"))  # fmt: skip
        assert {s.item for s in shortages_for_plant(conn, "LKS")} == before
    assert "F-2200" in before
    assert "F-2200" not in {s.item for s in shortages_for_plant(demo_db, "LKS")}
