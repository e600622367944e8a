"""The demo's purchasing history is calibrated: 90-day OTIF ~71% for Voltaic, ~93% overall."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

pytestmark = pytest.mark.integration

# OTIF per the KPI catalogue: lines promised in the 90 days before as-of, received in full
# (>= 98% of ordered) no later than the promised time; per line, not OT% x IF%.
OTIF_SQL = """
WITH asof AS (SELECT (value->>'as_of')::timestamptz AS t FROM dataset_meta WHERE key = 'dataset'),
lines AS (
    SELECT pl.id, po.supplier_code, pl.qty_ordered,
           COALESCE((SELECT sum(g.qty) FROM goods_receipt g
                     WHERE g.po_line_id = pl.id AND g.received_at <= pl.promised_at), 0) AS on_time
    FROM po_line pl JOIN purchase_order po USING (po_number), asof
    WHERE pl.promised_at >= asof.t - interval '90 days' AND pl.promised_at < asof.t
)
SELECT avg((on_time >= 0.98 * qty_ordered)::int) FILTER (WHERE supplier_code = 'VOLTAIC'),
       avg((on_time >= 0.98 * qty_ordered)::int),
       count(*) FILTER (WHERE supplier_code = 'VOLTAIC'),
       count(*)
FROM lines
"""


def test_otif_calibration(demo_db_shared: Engine) -> None:
    with demo_db_shared.connect() as conn:
        voltaic, portfolio, n_voltaic, n_all = conn.execute(text(OTIF_SQL)).one()
    assert 0.69 <= float(voltaic) <= 0.73
    assert 0.91 <= float(portfolio) <= 0.95
    assert n_voltaic >= 15 and n_all >= 300  # enough lines for the rates to mean something


def test_history_has_late_and_short_receipts_and_premium_freight(demo_db_shared: Engine) -> None:
    with demo_db_shared.connect() as conn:
        late, short, freight, open_alerts = conn.execute(text("""
            SELECT
              (SELECT count(*) FROM goods_receipt g JOIN po_line pl ON pl.id = g.po_line_id
                WHERE g.received_at > pl.promised_at),
              (SELECT count(*) FROM po_line pl WHERE pl.status = 'closed' AND pl.qty_ordered * 0.98
                 > (SELECT sum(qty) FROM goods_receipt g WHERE g.po_line_id = pl.id)),
              (SELECT count(*) FROM premium_freight),
              (SELECT count(*) FROM alert WHERE closed_at IS NULL)
        """)).one()  # fmt: skip
    assert late > 50 and short > 20 and freight >= 10 and open_alerts >= 3
