"""`lineside db|demo|data|shortages|kpi` from the console script, on databases of their own."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, pool, text

from domain.db.engine import database_url, drop_database, ensure_database
from domain.db.migrate import alembic_config, current_revision
from tests.support.cli import lineside, lineside_json

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

HEAD = ScriptDirectory.from_config(alembic_config("")).get_current_head() or ""


@pytest.fixture
def blank_url() -> Iterator[str]:
    """A database that exists but has no schema: what LINESIDE_DATABASE_URL may point at."""
    name = f"lineside_e2e_{uuid.uuid4().hex[:12]}"
    ensure_database(name)
    try:
        yield database_url(name)
    finally:
        drop_database(name)


def _count(url: str, sql: str) -> int:
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with engine.connect() as c:
            return int(c.execute(text(sql)).scalar_one())
    finally:
        engine.dispose()


def test_db_up_status_down_and_reset_on_an_external_database(blank_url: str) -> None:
    before = lineside(blank_url, "db", "status")
    assert before.returncode == 0 and "revision None" in before.stdout

    up = lineside(blank_url, "db", "up")
    assert up.returncode == 0, up.stdout + up.stderr
    revision = current_revision(blank_url)
    assert revision is not None and revision.startswith(HEAD)
    assert f"Database ready at revision {revision}" in up.stdout
    assert _count(blank_url, "SELECT count(*) FROM po_line") == 0  # the schema exists
    assert lineside(blank_url, "db", "up").returncode == 0  # a second `up` is harmless

    status = lineside(blank_url, "db", "status")
    assert f"revision {revision}" in status.stdout
    down = lineside(blank_url, "db", "down")
    assert down.returncode == 0 and "not ours to stop" in down.stdout
    unconfirmed = lineside(blank_url, "db", "reset")
    assert unconfirmed.returncode == 2 and "--yes" in unconfirmed.stdout
    refused = lineside(blank_url, "db", "reset", "--yes")
    assert refused.returncode == 2 and "Refusing to drop" in refused.stdout
    assert current_revision(blank_url) == revision  # nothing was dropped


def test_demo_load_then_shortages_and_kpis_on_the_demo(blank_url: str) -> None:
    load = lineside(blank_url, "demo", "load")
    assert load.returncode == 0, load.stdout + load.stderr
    assert "Meridian Interiors loaded" in load.stdout
    users = _count(blank_url, "SELECT count(*) FROM app_user")
    proposal_free = _count(blank_url, "SELECT count(*) FROM governance.action_proposal")

    again = lineside(blank_url, "demo", "load")  # a second `make run` keeps what is stored
    assert again.returncode == 0 and "already loaded" in again.stdout
    assert _count(blank_url, "SELECT count(*) FROM app_user") == users > 0
    assert proposal_free == 0

    shortages = lineside_json(blank_url, "shortages", "--plant", "LKS", "--horizon", "14d")
    found = {(s["item"], s["first_short_at"], s["qty_short"]) for s in shortages}
    assert found == {
        ("E-4410", "2026-03-04T06:00:00-05:00", 30),
        ("F-2200", "2026-03-04T10:00:00-05:00", 200),
        ("T-3105", "2026-03-02T10:00:00-05:00", 20),
    }
    unknown = lineside(blank_url, "shortages", "--plant", "XYZ")
    assert unknown.returncode == 2 and "XYZ" in unknown.stdout + unknown.stderr

    kpis = lineside_json(blank_url, "kpi", "list")
    assert len(kpis) == 10 and all(k["owner"] and k["definition"] for k in kpis)
    otif = lineside_json(
        blank_url, "kpi", "show", "supplier_otif", "--by", "supplier", "--period", "90d"
    )
    by_supplier = {r["group"]: r["value"] for r in otif["rows"]}
    assert by_supplier["VOLTAIC"] == pytest.approx(71, abs=2)
    assert otif["value"] == pytest.approx(93, abs=2)


def test_data_generate_writes_the_requested_sizes_and_refuses_bad_ones(blank_url: str) -> None:
    args = ("--plants", "2", "--items", "60", "--po-lines", "300", "--work-orders", "40")
    done = lineside(blank_url, "data", "generate", *args, "--seed", "5")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Synthetic company (seed 5)" in done.stdout
    assert _count(blank_url, "SELECT count(*) FROM po_line") == 300
    assert _count(blank_url, "SELECT count(*) FROM work_order") == 40
    assert _count(blank_url, "SELECT count(*) FROM plant") == 2

    bad = lineside(blank_url, "data", "generate", "--plants", "2", "--items", "5")
    assert bad.returncode == 2 and "--items must be at least 20, got 5" in bad.stdout
    assert _count(blank_url, "SELECT count(*) FROM po_line") == 300  # nothing lost
