"""The audit trail: governed lookup of records, and verification of the hash chain."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from api import gated_reads
from api.auth import CurrentUser
from api.deps import EngineDep
from api.problems import COMMON_RESPONSES
from api.reads import ReadResult, governed_read, read_result

router = APIRouter(prefix="/v1/audit", tags=["audit"], responses=COMMON_RESPONSES)
Filter = Annotated[str | None, Query(max_length=100)]


@router.get("", response_model=ReadResult, summary="Audit records, newest first")
async def audit(
    user: CurrentUser,
    engine: EngineDep,
    thread_id: Filter = None,
    actor: Filter = None,
    tool: Filter = None,
    proposal_id: Filter = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> ReadResult:
    args = {
        "thread_id": thread_id,
        "actor": actor,
        "tool": tool,
        "proposal_id": proposal_id,
        "limit": limit,
    }
    return read_result(await run_in_threadpool(governed_read, engine, user, "audit_lookup", args))


class ChainCheck(BaseModel):
    ok: bool
    checked: int
    first_broken_id: int | None
    reason: str


@router.get("/verify", response_model=ChainCheck, summary="Recompute and check the hash chain")
async def verify(user: CurrentUser, engine: EngineDep) -> ChainCheck:
    return ChainCheck(**await run_in_threadpool(gated_reads.audit_verify, engine, user))
