"""Loads plants' projection inputs from PostgreSQL and answers shortages and clear-to-build.

The SQL and the reading of its packed columns live in snapshot.py (one statement for any
number of plants); this module gives the plant-level questions their answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine

from domain.clock import as_of
from domain.planning.clear_to_build import ClearToBuild, material_ready_times
from domain.planning.clear_to_build import clear_to_build as _clear_to_build
from domain.planning.inputs import ProjectionInput
from domain.planning.policy import PlanningInputError, SupplyPolicy, parse_horizon
from domain.planning.projection import ItemProjection, project
from domain.planning.shortages import Shortage, find_shortages
from domain.planning.snapshot import load_projection_inputs_on
from domain.uow import connected, reading

DEFAULT_HORIZON = timedelta(days=14)
# How far past a shorter horizon 'covered again' is looked for (a shortage the week does not end).
LOOKAHEAD = timedelta(days=28)


def plant_timezones(
    bind: Engine | Connection, plants: Sequence[str] | None = None
) -> dict[str, str]:
    """{plant: timezone} of `plants` (None: every plant, by code); unknown ones are named."""
    with connected(bind) as conn:
        rows = conn.exec_driver_sql("SELECT code, timezone FROM plant ORDER BY code").all()
    known: dict[str, str] = {str(code): str(tz) for code, tz in rows}
    if plants is None:
        return known
    for plant in plants:
        if plant not in known:
            listed = ", ".join(known) or "none (load data first: `lineside demo load`)"
            raise PlanningInputError(f"unknown plant {plant!r}; known plants: {listed}")
    return {plant: known[plant] for plant in plants}


def plant_timezone(bind: Engine | Connection, plant: str) -> str:
    """The plant's timezone; an unknown plant is a PlanningInputError naming the known ones."""
    return plant_timezones(bind, [plant])[plant]


def _check_known(conn: Connection, table: str, column: str, value: str, plant: str) -> None:
    known = [
        r[0]
        for r in conn.exec_driver_sql(
            f"SELECT {column} FROM {table} WHERE plant_code = %(plant)s ORDER BY 1",
            {"plant": plant},
        )
    ]
    if value not in known:
        shown = ", ".join(known[:20]) + (" ..." if len(known) > 20 else "")
        raise PlanningInputError(f"unknown {table} {value!r} at plant {plant}; known: {shown}")


def load_projection_inputs(
    bind: Engine | Connection,
    plants: Sequence[str] | None,
    start: datetime,
    horizon: timedelta | str,
    items: list[str] | None = None,
) -> dict[str, ProjectionInput]:
    """The projection input of each of `plants` (None: every plant) from one snapshot.

    One statement reads every plant (see snapshot.py); `items` limits it to those codes.
    Given a connection, it reads inside the caller's unit of work.
    """
    with reading(bind) as conn:
        timezones = plant_timezones(conn, plants)
        return load_projection_inputs_on(conn, timezones, start, horizon, items)


def load_projection_input(
    bind: Engine | Connection,
    plant: str,
    start: datetime,
    horizon: timedelta | str,
    items: list[str] | None = None,
) -> ProjectionInput:
    """Everything a projection of `plant` over [start, start + horizon) needs, from one snapshot.

    `items` limits it to those item codes (each must exist in the item master). Given a
    connection, it reads inside the caller's unit of work.
    """
    return load_projection_inputs(bind, [plant], start, horizon, items)[plant]


def load_projection_input_on(
    conn: Connection,
    plant: str,
    timezone: str,
    start: datetime,
    horizon: timedelta | str,
    items: list[str] | None = None,
) -> ProjectionInput:
    """load_projection_input inside the caller's transaction (it sees the caller's writes)."""
    return load_projection_inputs_on(conn, {plant: timezone}, start, horizon, items)[plant]


def _receipt_labels(conn: Connection, shortages: Sequence[Shortage]) -> list[Shortage]:
    """Name the receipts that end each shortage: 'PO-7790/1 ASN-55102' instead of a line id."""
    refs = {int(r.split(":")[1]) for s in shortages for r in s.recovered_by
            if r.startswith("po_line:")}  # fmt: skip
    if not refs:
        return list(shortages)
    rows = conn.exec_driver_sql(
        """SELECT pl.id, pl.po_number || '/' || pl.line_no, s.asn_number, s.eta
           FROM po_line pl LEFT JOIN shipment s ON s.po_line_id = pl.id
           WHERE pl.id = ANY(%(ids)s)""",
        {"ids": sorted(refs)},
    ).all()
    names = {row[0]: row[1] for row in rows}
    asns = {(row[0], row[3]): row[2] for row in rows if row[2]}
    labelled = []
    for s in shortages:
        by = []
        for ref in s.recovered_by:
            if not ref.startswith("po_line:"):
                by.append(ref)  # a supposed release of held stock names itself
                continue
            line_id = int(ref.split(":")[1])
            asn = asns.get((line_id, s.recovered_at))
            by.append(f"{names.get(line_id, ref)}" + (f" {asn}" if asn else ""))
        labelled.append(replace(s, recovered_by=tuple(by)))
    return labelled


def item_projection(
    bind: Engine | Connection,
    plant: str,
    item: str,
    horizon: timedelta | str = DEFAULT_HORIZON,
    policy: SupplyPolicy | None = None,
) -> ItemProjection:
    """One item's projected available at the plant from the as-of time: its opening stock and
    each receipt and work-order draw in time order, with the balance after each."""
    with reading(bind) as conn:
        data = load_projection_input(conn, plant, as_of(conn), horizon, [item])
        return project(data, policy or SupplyPolicy()).for_item(item)


def receipt_names(bind: Engine | Connection, line_ids: Sequence[int]) -> dict[int, str]:
    """'PO-7781/1' for each PO line id a projection's receipts carry ('po_line:<id>')."""
    if not line_ids:
        return {}
    with reading(bind) as conn:
        rows = conn.exec_driver_sql(
            "SELECT id, po_number || '/' || line_no FROM po_line WHERE id = ANY(%(ids)s)",
            {"ids": sorted(set(line_ids))},
        ).all()
    return {int(r[0]): str(r[1]) for r in rows}


def shortages_for_plant(
    bind: Engine | Connection,
    plant: str,
    horizon: timedelta | str = DEFAULT_HORIZON,
    policy: SupplyPolicy | None = None,
    line: str | None = None,
    item: str | None = None,
    start: datetime | None = None,
) -> list[Shortage]:
    """The plant's shortages in the horizon from `start` (default: the dataset's as-of time).

    `line` keeps the shortages that hit a WO on that line; `item` projects that item only.
    Every read is of one snapshot (the caller's, given a connection).
    """
    with reading(bind) as conn:
        if line is not None:
            _check_known(conn, "line", "code", line, plant)
        begin = start or as_of(conn)
        data = load_projection_input(conn, plant, begin, horizon, [item] if item else None)
        shortages = find_shortages(project(data, policy or SupplyPolicy()))
        if line is not None:
            shortages = [s for s in shortages if line in s.lines]
        shortages = _covered_later(conn, plant, begin, horizon, shortages, policy)
        return _receipt_labels(conn, shortages)


def _covered_later(
    conn: Connection,
    plant: str,
    start: datetime,
    horizon: timedelta | str,
    shortages: list[Shortage],
    policy: SupplyPolicy | None,
) -> list[Shortage]:
    """Each shortage the horizon does not see covered, with when it is covered again past it:
    its item projected on to LOOKAHEAD (same start, so the same first shortage)."""
    open_items = [s.item for s in shortages if s.recovered_at is None]
    if not open_items or parse_horizon(horizon) >= LOOKAHEAD:
        return shortages
    data = load_projection_input(conn, plant, start, LOOKAHEAD, open_items)
    later = {
        s.item: s
        for s in _receipt_labels(conn, find_shortages(project(data, policy or SupplyPolicy())))
    }
    return [
        replace(s, covered_later_at=later[s.item].recovered_at,
                covered_later_by=later[s.item].recovered_by)
        if s.recovered_at is None and s.item in later
        else s
        for s in shortages
    ]  # fmt: skip


def clear_to_build(
    bind: Engine | Connection,
    plant: str,
    horizon: timedelta | str = DEFAULT_HORIZON,
    policy: SupplyPolicy | None = None,
    line: str | None = None,
    start: datetime | None = None,
) -> list[ClearToBuild]:
    """Clear-to-build of every scheduled WO of the plant (or one line) in plan order."""
    with reading(bind) as conn:
        if line is not None:
            _check_known(conn, "line", "code", line, plant)
        data = load_projection_input(conn, plant, start or as_of(conn), horizon)
    result = _clear_to_build(project(data, policy or SupplyPolicy()))
    return [c for c in result if line is None or c.line == line]


def material_ready_times_for_plant(
    bind: Engine | Connection,
    plant: str,
    horizon: timedelta | str = DEFAULT_HORIZON,
    policy: SupplyPolicy | None = None,
    start: datetime | None = None,
) -> dict[str, datetime | None]:
    """Per scheduled WO id, when its components would be covered (see material_ready_times)."""
    with reading(bind) as conn:
        data = load_projection_input(conn, plant, start or as_of(conn), horizon)
    return material_ready_times(project(data, policy or SupplyPolicy()))
