"""Where Lineside's PostgreSQL is: the embedded server by default, or LINESIDE_DATABASE_URL."""

from __future__ import annotations

from functools import lru_cache

import psycopg
from psycopg import sql
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url

from domain.db import embedded
from domain.settings import get_settings


def server_url() -> str:
    """libpq URI of the server's maintenance database (used to create databases)."""
    configured = get_settings().database.url
    if configured:
        url = make_url(configured.replace("+psycopg", ""))
        return url.set(database="postgres").render_as_string(hide_password=False)
    return embedded.start()


def database_url(name: str | None = None) -> str:
    """SQLAlchemy URL (psycopg 3 driver) of the Lineside database `name`."""
    configured = get_settings().database.url
    if configured and name is None:
        url = make_url(configured)
    else:
        base = make_url(server_url()).set(database=name or get_settings().database.name)
        url = base
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def ensure_database(name: str, template: str | None = None) -> None:
    """Create database `name` (optionally from a template) if it does not exist."""
    with psycopg.connect(server_url(), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists:
            return
        if template:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(template)
                )
            )
        else:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(name: str) -> None:
    with psycopg.connect(server_url(), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@lru_cache
def get_engine(url: str | None = None) -> Engine:
    """One pooled engine per URL for the life of the process."""
    if url is None:
        if not get_settings().database.url:
            ensure_database(get_settings().database.name)
        url = database_url()
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)
