"""Supplier document extraction: PO, line, qty, dates and ETA from varied layouts (no I/O)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from domain.documents.extract import extract

TZ = "America/Detroit"
SENT = datetime(2026, 3, 2, 7, 0, tzinfo=ZoneInfo(TZ))


def _local(value: object) -> str:
    assert isinstance(value, datetime)
    return value.astimezone(ZoneInfo(TZ)).strftime("%Y-%m-%d %H:%M")


def test_a_balance_confirmation_email() -> None:
    x = extract("We can confirm the remaining 600 pcs on PO-7781 line 1, arriving Wed 04 Mar "
                "05:00.", SENT, TZ)  # fmt: skip
    assert x.kind == "confirmation"
    assert (x.value("po_number"), x.value("line_no"), x.value("qty")) == ("PO-7781", 1, 600)
    assert x.value("scope") == "balance" and _local(x.value("delivery_at")) == "2026-03-04 05:00"


def test_a_table_layout_takes_the_qty_under_its_header() -> None:
    table = (
        "PO        Line  Item     Qty    Confirmed date\n"
        "PO-7752   1     M-1501   800    2026-03-05 06:00\nWe accept."
    )
    x = extract(table, SENT, TZ)
    assert (x.value("line_no"), x.value("qty")) == (1, 800)


def test_a_delay_notice_takes_the_new_date_not_the_old_one() -> None:
    x = extract("Order no. 7744 (5000 pcs) is delayed. The new delivery date is Friday 6 March "
                "10:00 instead of Wednesday 4 March.", SENT, TZ)  # fmt: skip
    assert x.kind == "delay_notice" and _local(x.value("eta")) == "2026-03-06 10:00"


def test_a_balance_still_to_come_is_not_a_balance_confirmation() -> None:
    x = extract("We confirm 500 pcs on PO-7808 for 6 March 2026 06:00. Balance of 500 pcs to be "
                "confirmed.", SENT, TZ)  # fmt: skip
    assert x.value("qty") == 500 and x.value("scope") is None


def test_a_number_the_sender_questions_is_not_the_po() -> None:
    x = extract("Order number: 7790? -- see below. Your order 7736: 2,000 pcs for 9 March 2026.",
                SENT, TZ)  # fmt: skip
    assert x.value("po_number") == "PO-7736"
