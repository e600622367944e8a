"""An OpenAI-compatible chat endpoint: any OpenAI client or chat UI can talk to Lineside."""

from __future__ import annotations

from fastapi import APIRouter

from api.problems import COMMON_RESPONSES

router = APIRouter(prefix="/v1", tags=["openai"], responses=COMMON_RESPONSES)
