"""A year of closed purchasing history, calibrated so 90-day OTIF is ~71% Voltaic, ~93% overall.

OTIF here is the KPI catalogue's: a PO line promised in the period is a hit when the sum
received reaches 98% of the ordered quantity no later than its promised time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from domain import models as m
from domain.clock import DEMO_AS_OF
from sample_data.meridian.dataset import DemoDataset
from sample_data.meridian.purchasing import confirm, po_line, purchase_order, receive, ship

HISTORY_DAYS = 365
WINDOW = timedelta(days=90)
VOLTAIC_OTIF = 0.71
PORTFOLIO_OTIF = 0.93
FIRST_PO = 5001
CARRIERS = ("Great Lakes Express", "Transportes del Norte", "DHL Freight", "Buckeye Freight Lines",
            "Waberer's", "UPS Supply Chain")  # fmt: skip


@dataclass
class _Planned:
    """A historical PO line before its outcome is decided."""

    source: m.ApprovedSource
    issued: datetime
    promised: datetime
    qty: float
    outcome: str = "ok"  # ok | late | short | late_short


def _plant_tz(ds: DemoDataset) -> dict[str, ZoneInfo]:
    return {p.code: ZoneInfo(p.timezone) for p in ds.plants}


def _next_weekday_at(day: datetime, hour: int, tz: ZoneInfo) -> datetime:
    local = day.astimezone(tz)
    d = local.date()
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return datetime(d.year, d.month, d.day, hour, 0, tzinfo=tz)


def _plan(ds: DemoDataset, rng: random.Random) -> list[_Planned]:
    """PO lines every few days per supplier over the year, on its approved items."""
    tz = _plant_tz(ds)
    by_supplier: dict[str, list[m.ApprovedSource]] = {}
    for s in ds.approved_sources:
        by_supplier.setdefault(s.supplier_code, []).append(s)
    start = DEMO_AS_OF - timedelta(days=HISTORY_DAYS)
    planned: list[_Planned] = []
    for supplier in sorted(by_supplier):
        sources = by_supplier[supplier]
        cadence = 3.0 if supplier == "VOLTAIC" else rng.uniform(5.0, 9.0)
        at = start + timedelta(days=rng.uniform(0, cadence))
        while True:
            source = rng.choice(sources)
            issued = _next_weekday_at(at, rng.randint(8, 15), tz[source.plant_code])
            promised = _next_weekday_at(
                issued + timedelta(days=source.lead_time_days), 6, tz[source.plant_code]
            )
            if promised >= DEMO_AS_OF - timedelta(hours=12):
                break
            qty = max(source.moq, 100) * rng.randint(1, 4)
            planned.append(_Planned(source, issued, promised, float(qty)))
            at += timedelta(days=cadence * rng.uniform(0.8, 1.2))
    planned.sort(key=lambda p: (p.issued, p.source.supplier_code, p.source.item_code))
    return planned


def _choose_misses(planned: list[_Planned], rng: random.Random) -> None:
    """Exact miss counts in the 90-day window; supplier-specific odds before it."""
    badness = {code: rng.uniform(0.3, 2.5) for code in sorted({p.source.supplier_code
                                                               for p in planned})}  # fmt: skip
    window = [p for p in planned if DEMO_AS_OF - WINDOW <= p.promised < DEMO_AS_OF]
    voltaic = [p for p in window if p.source.supplier_code == "VOLTAIC"]
    others = [p for p in window if p.source.supplier_code != "VOLTAIC"]
    misses_v = len(voltaic) - round(VOLTAIC_OTIF * len(voltaic))
    misses_total = len(window) - round(PORTFOLIO_OTIF * len(window))
    misses_o = max(0, misses_total - misses_v)
    for p in rng.sample(voltaic, misses_v):
        p.outcome = _miss_kind(rng)
    # Weighted sampling without replacement: worse suppliers miss more often.
    keyed = sorted(others, key=lambda p: -(rng.random() ** (1 / badness[p.source.supplier_code])))
    for p in keyed[:misses_o]:
        p.outcome = _miss_kind(rng)
    for p in planned:
        if p.promised < DEMO_AS_OF - WINDOW:
            odds = 0.27 if p.source.supplier_code == "VOLTAIC" else 0.045 * badness[
                p.source.supplier_code]  # fmt: skip
            if rng.random() < odds:
                p.outcome = _miss_kind(rng)


def _miss_kind(rng: random.Random) -> str:
    return rng.choices(("late", "short", "late_short"), weights=(5, 3, 2))[0]


def add_purchasing_history(ds: DemoDataset, rng: random.Random) -> None:
    """Closed POs with confirmations, ASNs and receipts; misses are late and/or short."""
    planned = _plan(ds, rng)
    _choose_misses(planned, rng)
    for n, p in enumerate(planned):
        s = p.source
        buyer = {"LKS": "dana.kim", "SAL": "sam.okafor", "GYR": "zsofia.varga"}[s.plant_code]
        po = purchase_order(ds, f"PO-{FIRST_PO + n}", s.supplier_code, s.plant_code, p.issued,
                            buyer, status="closed")  # fmt: skip
        fast = rng.random() < (0.6 if s.supplier_code == "VOLTAIC" else 0.88)
        hours = rng.uniform(2, 46) if fast else rng.uniform(50, 140)
        short = p.outcome in ("short", "late_short")
        late = p.outcome in ("late", "late_short")
        line = po_line(ds, po, 1, s.item_code, p.qty, p.promised, s.unit_price,
                       status="closed" if short else "received")  # fmt: skip
        confirm(ds, line, p.qty, p.promised, min(p.issued + timedelta(hours=hours), p.promised))
        room = DEMO_AS_OF - p.promised - timedelta(hours=2)  # a late receipt still precedes as-of
        if late and room > timedelta(hours=6):
            when = p.promised + min(timedelta(hours=rng.uniform(20, 150)), room)
        else:
            when = p.promised - timedelta(hours=rng.uniform(0, 30))
            short = short or late  # too recent to be late: it was short instead
        qty = round(p.qty * rng.uniform(0.88, 0.96)) if short else p.qty
        parts = (
            [qty] if rng.random() < 0.85 or short else [round(qty * 0.5), qty - round(qty * 0.5)]
        )
        for k, part in enumerate(parts):
            at = when - timedelta(hours=6 * (len(parts) - 1 - k))
            asn = None
            if rng.random() < 0.65:
                asn = f"ASN-{40001 + len(ds.shipments)}"
                ship(ds, asn, line, part, shipped_at=at - timedelta(days=rng.uniform(1, 4)),
                     eta=at, original_eta=p.promised if late else at, hub_status="delivered",
                     carrier=rng.choice(CARRIERS))  # fmt: skip
            receive(ds, line, part, at, asn)
    _add_premium_freight(ds, rng)


def _add_premium_freight(ds: DemoDataset, rng: random.Random) -> None:
    """Air and hot-shot freight spent over the year on lines that went wrong, a few each month."""
    late_lines = [line for line in ds.po_lines if line.status in ("closed", "received")]
    receipts: dict[int, datetime] = {}
    for r in ds.goods_receipts:
        receipts[r.po_line_id] = max(receipts.get(r.po_line_id, r.received_at), r.received_at)
    late_lines = [ln for ln in late_lines if ln.id in receipts and receipts[ln.id] > ln.promised_at]
    po_of = {po.po_number: po for po in ds.purchase_orders}
    for line in rng.sample(late_lines, min(22, len(late_lines))):
        po = po_of[line.po_number]
        ds.premium_freight.append(
            m.PremiumFreight(
                id=len(ds.premium_freight) + 1, plant_code=po.plant_code, po_line_id=line.id,
                supplier_code=po.supplier_code,
                mode=rng.choice(("air", "air", "hot-shot", "team truck")),
                cost=float(rng.randrange(900, 9400, 50)),
                approved_at=line.promised_at - timedelta(hours=rng.randint(6, 30)),
            )
        )  # fmt: skip


def add_alerts(ds: DemoDataset, rng: random.Random) -> None:
    """Open exceptions at the as-of time, and a year of closed ones for exception aging."""
    at = DEMO_AS_OF
    # The LKS ones name the alert rule and object they stand for (domain/alerts), so events
    # refresh or resolve them instead of raising a second alert on the same thing.
    open_alerts = [
        ("LKS", "shortage", "E-4410 short Wed 06:00 on LKS-SEAT1: Voltaic confirmed 400 of 1,000 "
         "on PO-7781", at - timedelta(hours=62), "new_shortage", "shortage:LKS/E-4410", "E-4410",
         "dana.kim"),
        ("LKS", "late_asn", "ASN-55102 (PO-7790, F-2200) held at Toledo cross-dock, ETA Wed 11:00",
         at - timedelta(hours=13), "asn_late", "asn:ASN-55102", "F-2200", "dana.kim"),
        ("LKS", "quality_hold", "Lot L-3105-0311 of T-3105 (1,500) on hold: suspected stitching "
         "defect", at - timedelta(hours=64, minutes=15), "quality_hold_demand",
         "lot:LKS/L-3105-0311", "T-3105", "ken.walsh"),
        ("SAL", "late_confirmation", "Leather supplier has not confirmed two open PO lines",
         at - timedelta(days=6), None, None, None, None),
        ("GYR", "downtime", "Reflow oven service planned Sat 2026-03-14 on GYR-SMT1",
         at - timedelta(days=3), None, None, None, None),
    ]  # fmt: skip
    for plant, kind, subject, opened, rule, key, item, owner in open_alerts:
        ds.alerts.append(
            m.Alert(
                id=len(ds.alerts) + 1,
                plant_code=plant,
                kind=kind,
                subject=subject,
                opened_at=opened,
                rule_kind=rule,
                object_key=key,
                item_code=item,
                owner=owner,
                recipients=[owner] if owner else [],
            )  # fmt: skip
        )
    kinds = ("shortage", "late_asn", "quality_hold", "late_confirmation")
    for _ in range(40):
        opened = at - timedelta(days=rng.uniform(5, HISTORY_DAYS))
        plant = rng.choice(("LKS", "LKS", "SAL", "GYR"))
        kind = rng.choice(kinds)
        ds.alerts.append(
            m.Alert(
                id=len(ds.alerts) + 1, plant_code=plant, kind=kind,
                subject=f"{kind.replace('_', ' ').capitalize()} at {plant} (resolved)",
                opened_at=opened, closed_at=opened + timedelta(hours=rng.uniform(2, 96)),
            )
        )  # fmt: skip
