"""Stock and open supply at the as-of time, including the three disruptions of DOMAIN.md."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from domain import models as m
from domain.clock import DEMO_AS_OF
from sample_data.meridian.calendar import DETROIT, local
from sample_data.meridian.dataset import DemoDataset
from sample_data.meridian.purchasing import confirm, po_line, purchase_order, ship, stock

MON, TUE, WED, THU = (date(2026, 3, d) for d in (2, 3, 4, 5))
NEXT_MON = date(2026, 3, 9)
DISRUPTED = {"E-4410", "F-2200", "T-3105"}
HOLD_LOT = "L-3105-0311"
# Open PO numbers given by DOMAIN.md or by the recovery supply; others are numbered around them.
RESERVED_POS = {7781, 7790, 7795, 7802, 7806, 7812, 7814, 7819}
COVER_FACTOR = 1.25  # ample stock: on hand covers the horizon's requirement with this margin


def requirements(ds: DemoDataset) -> dict[tuple[str, str], float]:
    """(plant, component) -> total BOM requirement of the released WOs."""
    bom: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for b in ds.bom_lines:
        bom[b.parent_item].append((b.component_item, b.qty_per))
    need: dict[tuple[str, str], float] = defaultdict(float)
    for wo in ds.work_orders:
        if wo.status == "released":
            for component, qty_per in bom[wo.item_code]:
                need[(wo.plant_code, component)] += qty_per * wo.qty
    return dict(need)


def _at(day: date, hhmm: str) -> datetime:
    return local(day, hhmm, DETROIT)


def add_disruptions(ds: DemoDataset) -> None:
    """E-4410 partially confirmed, ASN-55102 held at Toledo, lot L-3105-0311 on quality hold."""
    # 1. Electronics short: Voltaic confirmed 400 of 1,000 for Tue 06:00.
    stock(ds, "LKS", "E-4410", 620, lot="L-4410-0216")
    po = purchase_order(ds, "PO-7781", "VOLTAIC", "LKS", _at(date(2026, 2, 2), "09:15"), "dana.kim")
    line = po_line(ds, po, 1, "E-4410", 1000, _at(TUE, "06:00"), 11.5)
    confirm(ds, line, 400, _at(TUE, "06:00"), _at(date(2026, 2, 27), "15:20"))
    po = purchase_order(ds, "PO-7819", "VOLTAIC", "LKS", _at(date(2026, 2, 9), "10:05"), "dana.kim")
    line = po_line(ds, po, 1, "E-4410", 3600, _at(NEXT_MON, "06:00"), 11.5)
    confirm(ds, line, 3600, _at(NEXT_MON, "06:00"), _at(date(2026, 2, 10), "08:40"))

    # 2. Shipment held at a hub: ASN-55102 ETA moved from Mon 14:00 to Wed 11:00.
    stock(ds, "LKS", "F-2200", 1900, lot="L-2200-0226")
    po = purchase_order(
        ds, "PO-7790", "POLYFORM", "LKS", _at(date(2026, 2, 18), "11:30"), "dana.kim"
    )
    line = po_line(ds, po, 1, "F-2200", 2400, _at(MON, "14:00"), 14.2)
    confirm(ds, line, 2400, _at(MON, "14:00"), _at(date(2026, 2, 19), "07:55"))
    ship(
        ds, "ASN-55102", line, 2400, shipped_at=_at(date(2026, 2, 28), "16:40"),
        eta=_at(WED, "11:00"), original_eta=_at(MON, "14:00"), hub="Toledo cross-dock",
        hub_status="held", carrier="Buckeye Freight Lines",
    )  # fmt: skip
    for number, day, issued in (("PO-7795", THU, 20), ("PO-7812", NEXT_MON, 24)):
        po = purchase_order(ds, number, "POLYFORM", "LKS", _at(date(2026, 2, issued), "10:00"),
                            "dana.kim")  # fmt: skip
        line = po_line(ds, po, 1, "F-2200", 2400, _at(day, "06:00"), 14.2)
        confirm(ds, line, 2400, _at(day, "06:00"), _at(date(2026, 2, issued + 1), "09:10"))

    # 3. Quality hold: 1,800 on hand, lot L-3105-0311 (1,500) held for a stitching defect.
    stock(ds, "LKS", "T-3105", 300, lot="L-3105-0226")
    stock(ds, "LKS", "T-3105", 1500, lot=HOLD_LOT, status=m.InventoryStatus.quality_hold.value,
          location="QA-CAGE")  # fmt: skip
    ds.quality_holds.append(
        m.QualityHold(
            id=len(ds.quality_holds) + 1, plant_code="LKS", item_code="T-3105", lot=HOLD_LOT,
            qty=1500, reason="Suspected stitching defect (seam slippage at armrest edge)",
            placed_at=_at(date(2026, 2, 27), "13:45"),
            decision_expected_at=_at(TUE, "12:00"), status="open",
        )
    )  # fmt: skip
    for number, day, qty, issued in (
        ("PO-7802", WED, 1280, 23), ("PO-7806", THU, 2000, 24), ("PO-7814", NEXT_MON, 3200, 25),
    ):  # fmt: skip
        po = purchase_order(ds, number, "SAL", "LKS", _at(date(2026, 2, issued), "08:30"),
                            "ken.walsh")  # fmt: skip
        line = po_line(ds, po, 1, "T-3105", qty, _at(day, "06:00"), 6.8)
        confirm(ds, line, qty, _at(day, "06:00"), _at(date(2026, 2, issued), "17:00"))


class _PoNumbers:
    """Open PO numbers from PO-7700 up, skipping those DOMAIN.md gives."""

    def __init__(self) -> None:
        self.next = 7700

    def take(self) -> str:
        while self.next in RESERVED_POS:
            self.next += 1
        self.next += 1
        return f"PO-{self.next - 1}"


def add_ample_supply(ds: DemoDataset, rng: random.Random) -> None:
    """Stock and confirmed open POs for every other item, so nothing else runs short."""
    need = requirements(ds)
    primary = {(s.plant_code, s.item_code): s for s in ds.approved_sources if s.rank == 1}
    numbers = _PoNumbers()
    tz = {p.code: p.timezone for p in ds.plants}
    for (plant, item), qty in sorted(need.items()):
        if plant == "LKS" and item in DISRUPTED:
            continue
        on_hand = math.ceil(qty * COVER_FACTOR / 10) * 10
        main = math.ceil(on_hand * 0.7 / 10) * 10
        stock(ds, plant, item, main, lot=f"L-{item[-4:]}-0220")
        stock(ds, plant, item, on_hand - main, lot=f"L-{item[-4:]}-0227", location="LINESIDE")
        source = primary[(plant, item)]
        day = date(2026, 3, rng.choice((4, 5, 6, 9, 10, 11)))
        weekly = max(source.moq, math.ceil(qty / 2 / max(source.moq, 1)) * max(source.moq, 1))
        _open_line(ds, numbers, source, item, weekly, day, tz[plant], rng, confirmed=1.0)
    demanded = {item for _, item in need}
    fillers = [s for s in ds.approved_sources if s.rank == 1 and s.item_code not in demanded]
    for source in rng.sample(fillers, 60):
        stock(
            ds,
            source.plant_code,
            source.item_code,
            rng.choice((2, 4, 6, 10)) * max(source.moq, 100),
            lot=f"L-{source.item_code[-4:]}",
        )
        day = DEMO_AS_OF.date() + timedelta(days=rng.randint(1, 24))
        share = rng.choice((1.0, 1.0, 1.0, 0.5, 0.0))  # some open lines are not (fully) confirmed
        _open_line(ds, numbers, source, source.item_code, max(source.moq, 100) * rng.randint(1, 4),
                   day, tz[source.plant_code], rng, confirmed=share)  # fmt: skip
    for source in rng.sample(fillers, 12):  # blocked or held stock of slow movers
        stock(ds, source.plant_code, source.item_code, max(source.moq, 50),
              lot=f"L-{source.item_code[-4:]}-B", status=rng.choice(("blocked", "quality_hold")),
              location="QA-CAGE")  # fmt: skip


def _open_line(
    ds: DemoDataset, numbers: _PoNumbers, source: m.ApprovedSource, item: str, qty: float,
    day: date, timezone: str, rng: random.Random, confirmed: float,
) -> None:  # fmt: skip
    promised = local(day, "06:00", ZoneInfo(timezone))
    issued = min(promised - timedelta(days=source.lead_time_days), DEMO_AS_OF - timedelta(days=3))
    buyer = _buyer(source.plant_code, ds, item)
    po = purchase_order(ds, numbers.take(), source.supplier_code, source.plant_code, issued, buyer)
    line = po_line(ds, po, 1, item, qty, promised, source.unit_price)
    if confirmed > 0:
        confirm(
            ds, line, round(qty * confirmed), promised, issued + timedelta(hours=rng.randint(3, 40))
        )
    if confirmed == 1.0 and promised - DEMO_AS_OF < timedelta(days=4) and rng.random() < 0.5:
        ship(
            ds,
            f"ASN-{56000 + len(ds.shipments)}",
            line,
            qty,
            shipped_at=DEMO_AS_OF - timedelta(hours=rng.randint(2, 30)),
            eta=promised,
            carrier=rng.choice(("Great Lakes Express", "Transportes del Norte", "DHL Freight")),
        )


def _buyer(plant: str, ds: DemoDataset, item: str) -> str:
    """The buyer of an item: LKS splits electronics and foam from the rest."""
    family = next(i.family for i in ds.items if i.code == item)
    if plant == "LKS":
        return "dana.kim" if family in ("electronics", "foam") else "ken.walsh"
    return {"SAL": "sam.okafor", "GYR": "zsofia.varga"}[plant]
