"""Governed read models: shortages, clear-to-build, POs and risk, KPIs, suppliers, schedule."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.concurrency import run_in_threadpool

from api.auth import CurrentUser
from api.deps import EngineDep
from api.problems import COMMON_RESPONSES
from api.reads import ReadResult, governed_read, read_result

router = APIRouter(prefix="/v1", tags=["read models"], responses=COMMON_RESPONSES)

Plant = Annotated[str | None, Query(max_length=10, description="Plant code: LKS, SAL, GYR")]
Horizon = Annotated[str, Query(max_length=20, description="e.g. 7d, 14d, 48h")]


@router.get("/material/shortages", response_model=ReadResult,
            summary="Shortages with first-short time, quantity and pegging")  # fmt: skip
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
    args = {"plant": plant, "line": line, "item": item, "horizon": horizon,
            "include_unconfirmed": include_unconfirmed, "include_held": include_held}  # fmt: skip
    return read_result(await run_in_threadpool(governed_read, engine, user, "shortages", args))


@router.get("/purchase-orders/{po_number}", response_model=ReadResult,
            summary="A PO line's risk and the factors behind it")  # fmt: skip
async def purchase_order(
    po_number: Annotated[str, Path(max_length=20)],
    user: CurrentUser,
    engine: EngineDep,
    line_no: Annotated[int | None, Query(ge=1, le=10_000)] = None,
) -> ReadResult:
    args = {"po_number": po_number, "line_no": line_no}
    result = await run_in_threadpool(governed_read, engine, user, "explain_po_risk", args)
    return read_result(result)
