"""The synthetic company generator: sizes as asked, deterministic for a seed, usable by planning."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from domain.clock import DEMO_AS_OF, as_of
from domain.planning.repository import shortages_for_plant
from sample_data.synthetic.generator import SyntheticInputError, generate_company

pytestmark = pytest.mark.integration

DIGEST = """
SELECT md5(string_agg(concat_ws('|', id, po_number, line_no, item_code, qty_ordered,
                                promised_at, status), ',' ORDER BY id))
FROM po_line
"""


def _scalar(engine: Engine, sql: str) -> object:
    with engine.connect() as conn:
        return conn.execute(text(sql)).scalar_one()


def test_small_company_has_the_requested_sizes_and_is_deterministic(empty_db: Engine) -> None:
    seen: list[tuple[int, str]] = []
    for n, reset in enumerate((False, True)):
        stages: list[str] = []
        report = generate_company(
            empty_db, plants=2, items=200, po_lines=5000, work_orders=300, seed=11,
            progress=lambda table, done, total, log=stages: log.append(table), reset=reset,
        )  # fmt: skip
        assert report.counts["po_line"] == 5000 == _scalar(empty_db, "SELECT count(*) FROM po_line")
        assert _scalar(empty_db, "SELECT count(*) FROM item") == 200
        assert _scalar(empty_db, "SELECT count(*) FROM plant") == 2
        assert _scalar(empty_db, "SELECT count(*) FROM work_order") == 300
        assert _scalar(empty_db, "SELECT count(*) FROM goods_receipt") > 3000
        assert {"po_line", "goods_receipt", "supplier_confirmation"} <= set(stages), n
        seen.append((report.counts["goods_receipt"], str(_scalar(empty_db, DIGEST))))
    assert seen[0] == seen[1]
    assert as_of(empty_db) == DEMO_AS_OF
    mismatched = _scalar(empty_db, """
        SELECT count(*) FROM routing_operation r JOIN work_order w ON w.id = r.work_order_id
        WHERE r.work_centre_code <> w.line_code""")  # fmt: skip
    assert mismatched == 0


def test_generated_company_can_be_projected(empty_db: Engine) -> None:
    generate_company(empty_db, plants=1, items=100, po_lines=2000, work_orders=200, seed=3)
    shortages = shortages_for_plant(empty_db, "P01")
    assert all(s.plant == "P01" and s.qty_short > 0 for s in shortages)


def test_a_different_seed_gives_a_different_company(empty_db: Engine) -> None:
    generate_company(empty_db, plants=1, items=100, po_lines=500, work_orders=10, seed=1)
    first = _scalar(empty_db, DIGEST)
    generate_company(
        empty_db, plants=1, items=100, po_lines=500, work_orders=10, seed=2, reset=True
    )
    assert _scalar(empty_db, DIGEST) != first


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"plants": 0}, "--plants must be at least 1"), ({"items": 5}, "--items must be at least 10"),
     ({"po_lines": -1}, "--po-lines must be at least 0")],
)  # fmt: skip
def test_bad_sizes_are_refused(empty_db: Engine, kwargs: dict[str, int], message: str) -> None:
    sizes = {"plants": 1, "items": 100, "po_lines": 10, "work_orders": 1, "seed": 1, **kwargs}
    with pytest.raises(SyntheticInputError, match=message):
        generate_company(empty_db, **sizes)
    assert _scalar(empty_db, "SELECT count(*) FROM plant") == 0
