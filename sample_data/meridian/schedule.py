"""The production schedule: two weeks of released WOs ahead and a year of completed ones."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from domain import models as m
from sample_data.meridian.calendar import BUDAPEST, DETROIT, MONTERREY, local, weekdays
from sample_data.meridian.dataset import DemoDataset

HORIZON_FIRST = date(2026, 3, 2)
HORIZON_LAST = date(2026, 3, 13)
HISTORY_FIRST = date(2025, 3, 17)  # after 2025-03-13, so MMDD in WO ids never repeat
HISTORY_LAST = date(2026, 2, 27)
DUE_AFTER_END = timedelta(hours=4)  # customer releases are due this long after the WO ends

# line -> (short name, rate/h, qty per WO, [(local start, item, release code)])
MIXED_LINES: dict[str, tuple[str, float, int, list[tuple[str, str, str]]]] = {
    "LKS-SEAT1": ("SEAT1", 60.0, 210, [
        ("06:00", "FS-ORN-H", "ORN-{d}-A"), ("10:00", "FS-VEG", "VEG-{d}-A"),
        ("14:00", "FS-ORN-H", "ORN-{d}-B"), ("18:00", "FS-VEG", "VEG-{d}-B"),
    ]),
    "LKS-DOOR1": ("DOOR1", 40.0, 160, [
        ("06:00", "DP-ORN-BLK", "DORN-{d}-A"), ("10:00", "DP-VEG-BLK", "DVEG-{d}-A"),
        ("14:00", "DP-ORN-BLK", "DORN-{d}-B"), ("18:00", "DP-VEG-BLK", "DVEG-{d}-B"),
    ]),
}  # fmt: skip
# Single-model lines at the other plants: one 8-hour WO a day.
DAILY_LINES: dict[str, tuple[str, str, float, int, ZoneInfo, str, str]] = {
    "SAL-SEW1": ("SEW1", "SAL", 50.0, 400, MONTERREY, "T-3301", "Vega assembly (OEM)"),
    "GYR-SMT1": ("SMT1", "GYR", 120.0, 960, BUDAPEST, "E-5100", "Orion assembly (OEM)"),
}


def _customer(item: str) -> str:
    return "Orion assembly (OEM)" if "ORN" in item else "Vega assembly (OEM)"


def _wo(
    ds: DemoDataset, wo_id: str, plant: str, line: str, item: str, qty: int, start: datetime,
    rate: float, sequence: int, customer_order: str | None, status: str = "released",
    completed_at: datetime | None = None,
) -> None:  # fmt: skip
    minutes = round(qty / rate * 60)
    end = start + timedelta(minutes=minutes)
    ds.work_orders.append(
        m.WorkOrder(
            id=wo_id, plant_code=plant, line_code=line, item_code=item, qty=float(qty),
            planned_start=start, planned_end=end, sequence=sequence, due_at=end + DUE_AFTER_END,
            customer_order_id=customer_order, status=status, completed_at=completed_at,
        )
    )  # fmt: skip
    ds.routing_operations.append(
        m.RoutingOperation(
            id=len(ds.routing_operations) + 1, work_order_id=wo_id, op_seq=10,
            work_centre_code=line, duration_minutes=minutes, alt_work_centres=[],
        )
    )  # fmt: skip


def add_schedule(ds: DemoDataset) -> None:
    """Released WOs Mon 2026-03-02 .. Fri 2026-03-13 with their customer releases."""
    for line, (short, rate, qty, slots) in MIXED_LINES.items():
        sequence = 0
        for day in weekdays(HORIZON_FIRST, HORIZON_LAST):
            for hhmm, item, release in slots:
                sequence += 1
                start = local(day, hhmm, DETROIT)
                co_id = "CO-" + release.format(d=day.strftime("%m%d"))
                end = start + timedelta(minutes=round(qty / rate * 60))
                ds.customer_orders.append(
                    m.CustomerOrder(
                        id=co_id, customer=_customer(item), plant_code="LKS",
                        item_code=item, qty=float(qty), due_at=end + DUE_AFTER_END,
                    )
                )  # fmt: skip
                wo_id = f"WO-{short}-{day:%m%d}-{hhmm.replace(':', '')}"
                _wo(ds, wo_id, "LKS", line, item, qty, start, rate, sequence, co_id)
    for line, (short, plant, rate, qty, tz, item, customer) in DAILY_LINES.items():
        for sequence, day in enumerate(weekdays(HORIZON_FIRST, HORIZON_LAST), start=1):
            start = local(day, "06:00", tz)
            co_id = f"CO-{item.replace('-', '')}-{day:%m%d}"
            ds.customer_orders.append(
                m.CustomerOrder(
                    id=co_id, customer=customer, plant_code=plant, item_code=item,
                    qty=float(qty), due_at=start + timedelta(hours=8) + DUE_AFTER_END,
                )
            )  # fmt: skip
            _wo(
                ds,
                f"WO-{short}-{day:%m%d}-0600",
                plant,
                line,
                item,
                qty,
                start,
                rate,
                sequence,
                co_id,
            )
    ds.downtimes.append(
        m.Downtime(
            id=1, work_centre_code="LKS-SEAT1", start_at=local(date(2026, 3, 7), "06:00"),
            end_at=local(date(2026, 3, 7), "14:00"), reason="Planned weld-robot maintenance",
        )
    )  # fmt: skip
    ds.downtimes.append(
        m.Downtime(
            id=2, work_centre_code="GYR-SMT1", start_at=local(date(2026, 3, 14), "06:00", BUDAPEST),
            end_at=local(date(2026, 3, 14), "18:00", BUDAPEST), reason="Reflow oven service",
        )
    )  # fmt: skip


def add_completed_history(ds: DemoDataset, rng: random.Random) -> None:
    """A year of completed LKS WOs; about 92% finish inside their scheduled shift."""
    for line, (short, rate, qty, slots) in MIXED_LINES.items():
        sequence = 0
        for day in weekdays(HISTORY_FIRST, HISTORY_LAST):
            for hhmm, item, _release in slots:
                sequence += 1
                start = local(day, hhmm, DETROIT)
                end = start + timedelta(minutes=round(qty / rate * 60))
                if rng.random() < 0.92:
                    done = end + timedelta(minutes=rng.randint(-10, 25))
                else:  # finished in the next shift: a miss for schedule adherence
                    done = end + timedelta(hours=8, minutes=rng.randint(0, 90))
                wo_id = f"WO-{short}-{day:%m%d}-{hhmm.replace(':', '')}"
                _wo(ds, wo_id, "LKS", line, item, qty, start, rate, sequence, None,
                    status="completed", completed_at=done)  # fmt: skip
