"""Lineside settings, read once from the environment (prefix LINESIDE_)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LINESIDE_", extra="ignore")

    # Any PostgreSQL with pgvector; empty means the embedded server under data_dir.
    database_url: str = ""
    data_dir: Path = PROJECT_ROOT / ".pgdata"
    database_name: str = "lineside"
    # Demo mode freezes the clock at the demo company's as-of time.
    demo_mode: bool = True
    # The LLM's own settings (LINESIDE_LLM_*) live with the agent, in agent/models.py.
    llm_api_key: str = ""  # also the embeddings endpoint's key unless EMBEDDINGS_API_KEY is set
    embeddings_api_key: str = ""
    embeddings_base_url: str = ""
    embeddings_model: str = ""


@lru_cache
def get_settings() -> Settings:
    return Settings()
