"""Governed read models: shortages, clear-to-build, POs and risk, KPIs, suppliers, schedule."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from api import gated_reads
from api.auth import CurrentUser
from api.charts import MEDIA, kpi_chart
from api.deps import EngineDep
from api.problems import COMMON_RESPONSES, Problem
from api.reads import ReadResult, governed_read, read_result, work_order_clear_to_build
from domain.kpis import list_kpis

router = APIRouter(prefix="/v1", tags=["read models"], responses=COMMON_RESPONSES)

NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Problem, "description": "Not found"}}
Plant = Annotated[str | None, Query(max_length=10, description="Plant code: LKS, SAL, GYR")]
Horizon = Annotated[str, Query(max_length=20, description="e.g. 7d, 14d, 48h")]


@router.get(
    "/material/shortages",
    response_model=ReadResult,
    summary="Shortages with first-short time, quantity and pegging",
)
async def shortages(
    user: CurrentUser,
    engine: EngineDep,
    plant: Plant = None,
    line: Annotated[str | None, Query(max_length=40)] = None,
    item: Annotated[str | None, Query(max_length=80)] = None,
    horizon: Horizon = "14d",
    include_unconfirmed: bool = False,
    include_held: bool = False,
) -> ReadResult:
    args = {
        "plant": plant,
        "line": line,
        "item": item,
        "horizon": horizon,
        "include_unconfirmed": include_unconfirmed,
        "include_held": include_held,
    }
    return read_result(await run_in_threadpool(governed_read, engine, user, "shortages", args))


@router.get(
    "/purchase-orders/{po_number}",
    response_model=ReadResult,
    summary="A PO line's risk and the factors behind it",
)
async def purchase_order(
    po_number: Annotated[str, Path(max_length=20)],
    user: CurrentUser,
    engine: EngineDep,
    line_no: Annotated[int | None, Query(ge=1, le=10_000)] = None,
) -> ReadResult:
    args = {"po_number": po_number, "line_no": line_no}
    result = await run_in_threadpool(governed_read, engine, user, "explain_po_risk", args)
    return read_result(result)


@router.get(
    "/work-orders/{work_order}/clear-to-build",
    response_model=ReadResult,
    responses=NOT_FOUND,
    summary="Whether a WO's every component is covered at its start",
)
async def clear_to_build(
    work_order: Annotated[str, Path(max_length=40)],
    user: CurrentUser,
    engine: EngineDep,
    include_unconfirmed: bool = False,
    include_held: bool = False,
) -> ReadResult:
    result = await run_in_threadpool(
        work_order_clear_to_build, engine, user, work_order, include_unconfirmed, include_held
    )
    return read_result(result)


class GatedRead(BaseModel):
    """A read served through the governance gate directly (no agent tool covers it yet)."""

    data: dict[str, Any]


@router.get(
    "/risk/top",
    response_model=GatedRead,
    summary="Open PO lines due within the horizon, riskiest first",
)
async def risk_top(
    user: CurrentUser,
    engine: EngineDep,
    plant: Plant = None,
    horizon: Horizon = "14d",
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> GatedRead:
    data = await run_in_threadpool(gated_reads.risk_top, engine, user, plant, horizon, limit)
    return GatedRead(data=data)


class KpiEntry(BaseModel):
    name: str
    title: str
    definition: str
    formula: str
    owner: str
    unit: str
    dimensions: list[str]
    filters: list[str]
    default_period: str


@router.get("/kpis", response_model=list[KpiEntry], summary="The governed KPI catalogue")
async def kpis(user: CurrentUser) -> list[KpiEntry]:
    return [
        KpiEntry(
            name=k.name,
            title=k.title,
            definition=k.definition,
            formula=k.formula,
            owner=k.owner,
            unit=k.unit,
            dimensions=list(k.dimensions),
            filters=list(k.filters),
            default_period=k.default_period,
        )
        for k in list_kpis()
    ]


GroupBy = Literal["plant", "supplier", "family", "month"]


def _kpi_args(
    name: str,
    plant: str | None,
    supplier: str | None,
    family: str | None,
    item: str | None,
    period: str | None,
    group_by: str | None,
) -> dict[str, Any]:
    return {
        "metric": name,
        "plant": plant,
        "supplier": supplier,
        "item_family": family,
        "item": item,
        "period": period,
        "group_by": group_by,
    }


KpiName = Annotated[str, Path(min_length=1, max_length=60, description="e.g. supplier_otif")]
Supplier = Annotated[str | None, Query(max_length=80)]
Family = Annotated[str | None, Query(max_length=40)]
Item = Annotated[str | None, Query(max_length=80)]
Period = Annotated[str | None, Query(max_length=40, description="e.g. last 90 days, 2026-01")]


@router.get(
    "/kpis/{name}",
    response_model=ReadResult,
    summary="A KPI's value with filters and grouping, its definition and owner",
)
async def kpi(
    name: KpiName,
    user: CurrentUser,
    engine: EngineDep,
    plant: Plant = None,
    supplier: Supplier = None,
    family: Family = None,
    item: Item = None,
    period: Period = None,
    group_by: GroupBy | None = None,
) -> ReadResult:
    args = _kpi_args(name, plant, supplier, family, item, period, group_by)
    return read_result(await run_in_threadpool(governed_read, engine, user, "kpi_query", args))


@router.get(
    "/kpis/{name}/chart.{fmt}",
    response_class=Response,
    responses={200: {"content": {"image/png": {}, "image/svg+xml": {}}}},
    summary="The same KPI as a bar chart (PNG or SVG)",
)
async def kpi_chart_route(
    name: KpiName,
    fmt: Literal["png", "svg"],
    user: CurrentUser,
    engine: EngineDep,
    plant: Plant = None,
    supplier: Supplier = None,
    family: Family = None,
    item: Item = None,
    period: Period = None,
    group_by: GroupBy | None = None,
) -> Response:
    args = _kpi_args(name, plant, supplier, family, item, period, group_by)
    result = await run_in_threadpool(governed_read, engine, user, "kpi_query", args)
    plain = result.json_data()
    data = plain if isinstance(plain, list) else [plain]
    image = await run_in_threadpool(kpi_chart, data, fmt)
    return Response(image, media_type=MEDIA[fmt])


@router.get(
    "/suppliers/{supplier}/performance",
    response_model=ReadResult,
    summary="A supplier's OTIF, on-time %, confirmation rate and lateness",
)
async def supplier_performance(
    supplier: Annotated[str, Path(min_length=1, max_length=80)],
    user: CurrentUser,
    engine: EngineDep,
    period: Annotated[str, Query(max_length=40)] = "last 90 days",
    plant: Plant = None,
) -> ReadResult:
    args = {"supplier": supplier, "period": period, "plant": plant}
    result = await run_in_threadpool(governed_read, engine, user, "supplier_performance", args)
    return read_result(result)


@router.get(
    "/schedule/resequence",
    response_model=GatedRead,
    responses=NOT_FOUND,
    summary="A resequence plan for a line (plan only: proposing is separate)",
)
async def resequence(
    user: CurrentUser,
    engine: EngineDep,
    line: Annotated[str, Query(min_length=1, max_length=40, description="e.g. LKS-SEAT1")],
    horizon: Annotated[str, Query(pattern=r"^\d+[dh]$", max_length=6)] = "14d",
    time_limit_s: Annotated[float, Query(gt=0, le=60)] = 10.0,
) -> GatedRead:
    data = await run_in_threadpool(
        gated_reads.resequence_plan, engine, user, line, horizon, time_limit_s
    )
    return GatedRead(data=data)
