"""The audit trail: governed lookup of records, and verification of the hash chain."""

from __future__ import annotations

from fastapi import APIRouter

from api.problems import COMMON_RESPONSES

router = APIRouter(prefix="/v1/audit", tags=["audit"], responses=COMMON_RESPONSES)
