"""Read tools over purchasing performance: PO line risk, supplier performance, KPIs."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field
from sqlalchemy import Engine

from domain import master_data
from domain.clock import as_of
from domain.kpis import KpiDefinition, KpiResult, KpiRow, compute_kpi, find_kpi, format_value
from domain.kpis.supplier_performance import supplier_performance
from domain.risk import po_line_risk
from tools.lookup import resolve_supplier
from tools.result_data import KpiValues, PoLineRiskFact, SupplierRecords
from tools.results import ToolError, ToolResult, listing
from tools.scope import (
    kpi_plants,
    po_plants,
    requested_or_visible,
    require_po,
)
from tools.tool import Tool

if TYPE_CHECKING:
    from governance.context import Actor, CallContext


# ---------------------------------------------------------------- PO risk


class PoRiskArgs(BaseModel):
    po_number: str = Field(
        pattern=r"^[A-Za-z]{2,4}-\d+$", description="Purchase order, e.g. 'PO-7781'."
    )
    line_no: int | None = Field(
        default=None, ge=1, description="One line; default: the PO's riskiest line."
    )


def _run_po_risk(engine: Engine, ctx: CallContext, args: PoRiskArgs) -> ToolResult:
    require_po(engine, args.po_number)  # an unknown PO is named before any scoring
    risk = po_line_risk(engine, args.po_number, args.line_no)
    facts = risk.facts
    sources = [f"{risk.po_number}/{risk.line_no}", risk.item, risk.supplier, "kpi:supplier_otif"]
    if facts.asn_number:
        sources.append(facts.asn_number)
    if facts.first_need_work_order:
        sources.append(facts.first_need_work_order)
    return ToolResult(
        ok=True,
        tool="explain_po_risk",
        data=PoLineRiskFact.model_validate(risk.as_dict()),
        summary=risk.explanation(top=5),
        sources=sources,
        policy="risk score 0-100 from weighted factors (supplier OTIF, confirmation, ASN, "
        "quality, criticality, time to need); shortage under the default supply policy",
    )


# ---------------------------------------------------------------- KPIs


def kpi_line(result: KpiResult) -> str:
    """'Supplier OTIF 71.4% (25/35)' with its rows when grouped."""
    o = result.overall
    text = f"{result.kpi.title} {format_value(result.value, result.unit)}"
    if o.numerator is not None and o.denominator:
        text += f" ({o.numerator:g}/{o.denominator:g})"
    if result.rows:
        text += ": " + ", ".join(
            f"{r.label or r.group} {format_value(r.value, result.unit)}" for r in result.rows[:12]
        )
    return text


class SupplierPerformanceArgs(BaseModel):
    supplier: str = Field(min_length=1, description="Supplier code or name, e.g. 'Voltaic'.")
    period: str = Field(
        default="last 90 days",
        description="Period in words: 'last 90 days', 'last quarter', 'this month', '2026-01'.",
    )
    plant: str | None = Field(default=None, description="One plant; default: your plants.")


def _plants_arg(args: Any, actor: Actor, engine: Engine) -> list[str]:
    return requested_or_visible(args.plant, actor, engine)


def _run_supplier_performance(
    engine: Engine, ctx: CallContext, args: SupplierPerformanceArgs
) -> ToolResult:
    supplier = resolve_supplier(engine, args.supplier)
    now = as_of(engine)
    plants = kpi_plants(args.plant, supplier.code, ctx.actor, engine)
    records = [
        supplier_performance(engine, supplier.code, args.period, plant=plant, as_of=now)
        for plant in plants
    ]
    return ToolResult(
        ok=True,
        tool="supplier_performance",
        data=SupplierRecords.model_validate([r.as_dict() for r in records]),
        **listing("", [f"{r.plant or 'all plants'}: {r.summary()}" for r in records]),
        sources=[supplier.code, *(f"kpi:{m.kpi}" for m in records[0].measures)],
        policy="KPI definitions from the governed catalogue; 'all plants' is the supplier's "
        "company-wide record; portfolio = every supplier in the same plant scope",
    )


class KpiQueryArgs(BaseModel):
    metric: str = Field(
        min_length=1,
        description="KPI name or synonym: 'supplier OTIF', 'on-time %', 'confirmation rate', "
        "'average days late', 'schedule adherence', 'line-stop risk hours', 'premium freight', "
        "'days of supply', 'procurement cycle time', 'exception aging'.",
    )
    period: str | None = Field(
        default=None,
        description="Period in words: 'last 90 days', 'last quarter', 'this month', 'last month'; "
        "default: the KPI's own default period.",
    )
    plant: str | None = Field(default=None, description="One plant; default: your plants.")
    supplier: str | None = Field(default=None, description="Supplier code or name filter.")
    item_family: str | None = Field(default=None, description="Item family filter.")
    item: str | None = Field(
        default=None,
        description="One item code, e.g. 'F-2200', for KPIs broken down by item "
        "(days of supply, line-stop risk hours).",
    )
    group_by: str | None = Field(
        default=None,
        description="Break down by 'plant', 'supplier', 'family' or 'month' (and 'item' or "
        "'line' for line-stop risk hours).",
    )


def only_item(result: KpiResult, item: str) -> KpiResult:
    """A per-item result narrowed to one item: its row becomes the value (none: no data)."""
    row = next((r for r in result.rows if r.group == item), None)
    empty = KpiRow(item, None, None, None, None, 0)
    return replace(result, overall=row or empty, rows=(), group_by=None,
                   filters={**result.filters, "item": item})  # fmt: skip


def _item_code(engine: Engine, kpi: KpiDefinition, args: KpiQueryArgs) -> str | None:
    if args.item is None:
        return None
    if "item" not in kpi.dimensions:
        raise ToolError(f"{kpi.name} cannot be filtered by item; leave out item")
    if args.group_by:
        raise ToolError("give either item or group_by, not both")
    code = master_data.item_code(engine, args.item)
    if code is None:
        raise ToolError(f"no item {args.item!r}; check item (e.g. 'F-2200')", "not_found")
    return code


def _portfolio(
    engine: Engine, kpi: KpiDefinition, args: KpiQueryArgs, plants: list[str | None]
) -> dict[str | None, float | None]:
    """Every supplier's value in each scope of a one-supplier read ('Voltaic's OTIF in
    January' beside the portfolio's); none for a breakdown or a KPI that is not a supplier's."""
    if args.group_by or args.item or "supplier" not in kpi.dimensions:
        return {}
    values = {
        plant: compute_kpi(engine, kpi.name, plant=plant, item_family=args.item_family,
                           period=args.period, as_of=as_of(engine)).value
        for plant in plants
    }  # fmt: skip
    return {plant: None if v is None else round(v, 4) for plant, v in values.items()}


def _run_kpi(engine: Engine, ctx: CallContext, args: KpiQueryArgs) -> ToolResult:
    kpi = find_kpi(args.metric)
    supplier = resolve_supplier(engine, args.supplier).code if args.supplier else None
    item = _item_code(engine, kpi, args)  # one item: computed by item, its row kept
    now = as_of(engine)
    results = [
        (plant, compute_kpi(engine, kpi.name, plant=plant, supplier=supplier,
                            item_family=args.item_family, period=args.period,
                            group_by="item" if item else args.group_by, as_of=now))
        for plant in kpi_plants(args.plant, supplier, ctx.actor, engine, args.group_by)
    ]  # fmt: skip
    if item:
        results = [(plant, only_item(r, item)) for plant, r in results]
    portfolio = _portfolio(engine, kpi, args, [plant for plant, _ in results]) if supplier else {}
    period = results[0][1].period.label
    summary = f"{kpi.title}, {period}: " + " | ".join(
        f"{plant or 'all plants'}: {kpi_line(r)}" for plant, r in results
    )
    notes = [n for _, r in results for n in r.notes]
    return ToolResult(
        ok=True,
        tool="kpi_query",
        data=KpiValues.model_validate(
            [
                {"scope_plant": plant or "all", "portfolio": portfolio.get(plant)} | r.as_dict()
                for plant, r in results
            ]  # fmt: skip
        ),
        summary=summary + (f" (notes: {'; '.join(dict.fromkeys(notes))})" if notes else ""),
        sources=[f"kpi:{kpi.name}"],
        policy=f"{kpi.title}: {kpi.definition} (owner: {kpi.owner})",
    )


TOOLS = [
    Tool(
        name="explain_po_risk",
        kind="read",
        description=(
            "Explain why a purchase order (or one of its lines) is at risk: an explainable score "
            "with its contributing factors (supplier OTIF history, confirmation and ASN status, "
            "quality, criticality of the item, time to need). Use it for 'why is PO-7781 risky?'."
        ),
        input_model=PoRiskArgs,
        plants=po_plants,
        run=_run_po_risk,
        result_model=PoLineRiskFact,
        subject=lambda args: str(args.po_number),
    ),
    Tool(
        name="supplier_performance",
        kind="read",
        description=(
            "A supplier's delivery performance over a period (default last 90 days): OTIF, "
            "on-time %, confirmation rate and average days late, each next to the portfolio of "
            "all suppliers; company-wide, then for each of your plants (or the plant named). "
            "Use it for 'how is Voltaic doing?'. Definitions are those of the KPI catalogue."
        ),
        input_model=SupplierPerformanceArgs,
        plants=_plants_arg,
        run=_run_supplier_performance,
        result_model=SupplierRecords,
    ),
    Tool(
        name="kpi_query",
        kind="read",
        description=(
            "Compute a KPI from the governed catalogue (supplier OTIF, on-time %, confirmation "
            "rate, average days late, schedule adherence, line-stop risk hours, premium freight "
            "spend, days of supply, procurement cycle time, exception aging) for a period, with "
            "optional plant / supplier / item family filters and a group_by. Returns values "
            "and the KPI's definition and owner to cite. Use it for 'supplier OTIF by plant last "
            "quarter' or 'premium freight this month'."
        ),
        input_model=KpiQueryArgs,
        plants=_plants_arg,
        run=_run_kpi,
        result_model=KpiValues,
    ),
]
