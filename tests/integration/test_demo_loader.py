"""Loading Meridian Interiors into PostgreSQL: counts, key facts, refusals and bad input."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, text

from domain.clock import DEMO_AS_OF, as_of
from sample_data.meridian import meridian
from sample_data.meridian.loader import DatabaseNotEmptyError, load_dataset, load_demo
from sample_data.meridian.validate import DatasetError

pytestmark = pytest.mark.integration

DETROIT = ZoneInfo("America/Detroit")


def _count(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())


def _one(engine: Engine, sql: str) -> tuple:  # type: ignore[type-arg]
    with engine.connect() as conn:
        return tuple(conn.execute(text(sql)).one())


def test_every_row_of_the_build_is_loaded(demo_db_shared: Engine) -> None:
    for model, rows in meridian.build_demo().tables():
        assert _count(demo_db_shared, model.__tablename__) == len(rows), model  # type: ignore[attr-defined]
    items_and_suppliers = _count(demo_db_shared, "item") + _count(demo_db_shared, "supplier")
    assert _count(demo_db_shared, "entity_embedding") == items_and_suppliers
    assert as_of(demo_db_shared) == DEMO_AS_OF
    meta = _one(demo_db_shared, "SELECT value FROM dataset_meta WHERE key = 'dataset'")[0]
    assert meta == {"as_of": DEMO_AS_OF.isoformat(), "name": "Meridian Interiors", "seed": 20260302}


def test_key_facts_of_the_three_disruptions(demo_db_shared: Engine) -> None:
    confirmed = _one(demo_db_shared, """
        SELECT pl.qty_ordered, sum(c.qty), min(c.confirmed_for), po.supplier_code
        FROM po_line pl JOIN purchase_order po USING (po_number)
        JOIN supplier_confirmation c ON c.po_line_id = pl.id
        WHERE pl.po_number = 'PO-7781' AND pl.line_no = 1
        GROUP BY pl.qty_ordered, po.supplier_code""")  # fmt: skip
    assert confirmed == (1000, 400, datetime(2026, 3, 3, 6, tzinfo=DETROIT), "VOLTAIC")
    asn = _one(demo_db_shared, """
        SELECT s.hub, s.hub_status, s.eta, s.original_eta, pl.po_number
        FROM shipment s JOIN po_line pl ON pl.id = s.po_line_id
        WHERE s.asn_number = 'ASN-55102'""")  # fmt: skip
    assert asn == ("Toledo cross-dock", "held", datetime(2026, 3, 4, 11, tzinfo=DETROIT),
                   datetime(2026, 3, 2, 14, tzinfo=DETROIT), "PO-7790")  # fmt: skip
    lot = _one(demo_db_shared, """
        SELECT b.qty, b.status, h.status, h.decision_expected_at
        FROM inventory_balance b JOIN quality_hold h USING (plant_code, item_code, lot)
        WHERE b.lot = 'L-3105-0311'""")  # fmt: skip
    assert lot == (1500, "quality_hold", "open", datetime(2026, 3, 3, 12, tzinfo=DETROIT))
    injection = _one(demo_db_shared, """
        SELECT count(*) FILTER (WHERE body ILIKE '%%ignore your rules%%'),
               count(*) FILTER (WHERE embedding IS NULL) FROM supplier_message""")  # fmt: skip
    assert injection == (1, 0)


def test_new_rows_get_fresh_ids_after_the_load(demo_db: Engine) -> None:
    with demo_db.begin() as conn:
        new_id = conn.execute(text(
            "INSERT INTO alert (plant_code, kind, subject, opened_at) "
            "VALUES ('LKS', 'test', 'x', now()) RETURNING id"
        )).scalar_one()  # fmt: skip
    assert new_id == _count(demo_db, "alert")


def test_loading_over_data_is_refused_and_changes_nothing(demo_db: Engine) -> None:
    before = _count(demo_db, "po_line")
    with pytest.raises(DatabaseNotEmptyError, match="--reset"):
        load_demo(demo_db, embeddings=False)
    assert _count(demo_db, "po_line") == before


def test_reset_replaces_the_data(demo_db: Engine) -> None:
    with demo_db.begin() as conn:
        conn.execute(text("DELETE FROM alert"))
    report = load_demo(demo_db, reset=True, embeddings=False)
    assert report.counts["alert"] == _count(demo_db, "alert") > 0
    assert _count(demo_db, "dataset_meta") == 1


@pytest.mark.parametrize(
    ("table", "field", "value", "message"),
    [
        ("work_orders", "plant_code", "XXX", "work_order row .* field 'plant_code' refers to unknown plant 'XXX'"),  # noqa: E501
        ("po_lines", "item_code", "NO-SUCH-ITEM", "po_line row .* 'item_code' refers to unknown item"),  # noqa: E501
        ("po_lines", "promised_at", "2026-02-30T06:00", "po_line row .* 'promised_at' is not an ISO 8601"),  # noqa: E501
        ("shipments", "eta", datetime(2026, 3, 4, 11), "shipment row .*ASN.* 'eta' has no timezone"),  # noqa: E501
        ("inventory_balances", "qty", -5.0, "inventory_balance row .* 'qty' must not be negative"),  # noqa: E501
        ("po_lines", "qty_ordered", -1.0, "po_line row .* 'qty_ordered' must not be negative"),
    ],
)  # fmt: skip
def test_bad_rows_are_named_and_nothing_is_written(
    empty_db: Engine, table: str, field: str, value: object, message: str
) -> None:
    ds = meridian.build_demo()
    setattr(getattr(ds, table)[7], field, value)
    with pytest.raises(DatasetError, match=message):
        load_dataset(empty_db, ds, embeddings=False)
    assert _count(empty_db, "plant") == 0 and _count(empty_db, "dataset_meta") == 0


def test_a_failure_while_writing_keeps_what_was_stored(demo_db: Engine) -> None:
    """A row the database itself rejects (duplicate PO line number) rolls the reset back."""
    before = (_count(demo_db, "po_line"), _count(demo_db, "app_user"))
    ds = meridian.build_demo()
    ds.po_lines[1].po_number = ds.po_lines[0].po_number
    ds.po_lines[1].line_no = ds.po_lines[0].line_no
    with pytest.raises(Exception, match="po_line"):
        load_dataset(demo_db, ds, reset=True, embeddings=False)
    assert (_count(demo_db, "po_line"), _count(demo_db, "app_user")) == before
