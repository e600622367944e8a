"""One supplier's delivery record (OTIF, on-time, lateness, confirmations) against the portfolio."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, text

from domain.clock import as_of as dataset_as_of
from domain.kpis import KpiResult, Period, compute_kpi, parse_period
from domain.kpis.compute import format_value, resolve_supplier
from domain.procurement.open_supply import OPEN_PO_LINE

MEASURES = ("supplier_otif", "supplier_on_time", "average_days_late", "confirmation_rate")


@dataclass(frozen=True)
class Measure:
    """One KPI for the supplier and for the whole portfolio (every supplier) in the same scope."""

    kpi: str
    title: str
    unit: str
    supplier: float | None
    portfolio: float | None
    numerator: float | None
    denominator: float | None
    higher_is_better: bool
    definition: str
    owner: str

    @property
    def gap(self) -> float | None:
        """Supplier minus portfolio (percentage points or days)."""
        if self.supplier is None or self.portfolio is None:
            return None
        return self.supplier - self.portfolio

    @property
    def worse_than_portfolio(self) -> bool:
        gap = self.gap
        return gap is not None and (gap < 0 if self.higher_is_better else gap > 0)

    def sentence(self, supplier_name: str) -> str:
        own, pf = format_value(self.supplier, self.unit), format_value(self.portfolio, self.unit)
        return f"{self.title} of {supplier_name}: {own} (portfolio {pf})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "kpi": self.kpi,
            "title": self.title,
            "unit": self.unit,
            "supplier": self.supplier,
            "portfolio": self.portfolio,
            "gap": self.gap,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "worse_than_portfolio": self.worse_than_portfolio,
            "definition": self.definition,
            "owner": self.owner,
        }


@dataclass(frozen=True)
class SupplierPerformance:
    """A supplier's record over a period, with its open PO lines now."""

    supplier: str
    supplier_name: str
    plant: str | None
    period: Period
    as_of: datetime
    measures: tuple[Measure, ...]
    open_po_lines: int
    open_qty: float

    def measure(self, kpi: str) -> Measure:
        return next(m for m in self.measures if m.kpi == kpi)

    @property
    def otif(self) -> float | None:
        return self.measure("supplier_otif").supplier

    @property
    def portfolio_otif(self) -> float | None:
        return self.measure("supplier_otif").portfolio

    def summary(self) -> str:
        """Sentences an answer can quote, e.g. 'Supplier OTIF of Voltaic…: 71.0% (portfolio…)'."""
        parts = [m.sentence(self.supplier_name) for m in self.measures]
        parts.append(f"{self.open_po_lines} open PO lines ({self.open_qty:,.0f} units open)")
        return "; ".join(parts) + f" — {self.period.label}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "supplier": self.supplier,
            "supplier_name": self.supplier_name,
            "plant": self.plant,
            "period": self.period.as_dict(),
            "as_of": self.as_of.isoformat(),
            "measures": [m.as_dict() for m in self.measures],
            "open_po_lines": self.open_po_lines,
            "open_qty": self.open_qty,
            "summary": self.summary(),
        }


_OPEN_LINES = f"""
SELECT COUNT(*), COALESCE(SUM(GREATEST(0, pl.qty_ordered - COALESCE(r.qty, 0))), 0)
FROM po_line pl
JOIN purchase_order po ON po.po_number = pl.po_number
LEFT JOIN LATERAL (
    SELECT SUM(gr.qty) AS qty FROM goods_receipt gr WHERE gr.po_line_id = pl.id
) r ON true
WHERE po.supplier_code = :supplier AND {OPEN_PO_LINE}
  AND (po.plant_code = :plant OR CAST(:plant AS text) IS NULL)
"""


def _measure(own: KpiResult, portfolio: KpiResult) -> Measure:
    return Measure(
        kpi=own.kpi.name,
        title=own.kpi.title,
        unit=own.unit,
        supplier=own.value,
        portfolio=portfolio.value,
        numerator=own.overall.numerator,
        denominator=own.overall.denominator,
        higher_is_better=own.kpi.higher_is_better,
        definition=own.definition,
        owner=own.owner,
    )


def supplier_performance(
    engine: Engine,
    supplier: str,
    period: Period | str | None = None,
    plant: str | None = None,
    as_of: datetime | None = None,
) -> SupplierPerformance:
    """The supplier's (code or name) OTIF, on-time %, days late and confirmation rate vs portfolio.

    `period` defaults to the last 90 days; the portfolio is every supplier in the same plant scope.
    """
    now = as_of or dataset_as_of(engine)
    chosen = parse_period(period, now) if isinstance(period, str) else period
    chosen = chosen or parse_period("90d", now)
    with engine.connect() as conn:
        code = resolve_supplier(conn, supplier)
        name = conn.execute(text("SELECT name FROM supplier WHERE code = :c"), {"c": code}).scalar()
    measures = []
    for kpi in MEASURES:
        own = compute_kpi(engine, kpi, supplier=code, plant=plant, period=chosen, as_of=now)
        portfolio = compute_kpi(engine, kpi, plant=plant, period=chosen, as_of=now)
        measures.append(_measure(own, portfolio))
    plant_code = own.filters["plant"]  # the plant as resolved ('lks' -> 'LKS')
    with engine.connect() as conn:
        count, qty = conn.execute(text(_OPEN_LINES), {"supplier": code, "plant": plant_code}).one()
    return SupplierPerformance(
        supplier=code,
        supplier_name=str(name),
        plant=plant_code,
        period=own.period,
        as_of=now,
        measures=tuple(measures),
        open_po_lines=int(count),
        open_qty=float(qty),
    )
