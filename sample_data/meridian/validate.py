"""Checks every row of a dataset before anything is written, and names what is wrong."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pgvector.sqlalchemy import Vector
from sqlalchemy import DateTime, Float, Integer, Table
from sqlmodel import SQLModel

from sample_data.meridian.dataset import DemoDataset

# Quantities and money that can never be negative, whatever the table.
NON_NEGATIVE = {
    "qty", "qty_ordered", "qty_per", "moq", "unit_price", "unit_cost", "cost", "lead_time_days",
    "approval_limit", "rate_per_hour", "frozen_hours", "duration_minutes", "minutes",
}  # fmt: skip


class DatasetError(ValueError):
    """A row that cannot be loaded, with the table, row and field to fix."""

    def __init__(self, table: str, row: str, column: str, problem: str) -> None:
        self.table, self.row, self.column, self.problem = table, row, column, problem
        super().__init__(f"{table} row {row}: field {column!r} {problem}")


Row = tuple[Any, ...]


def _table(model: type[SQLModel]) -> Table:
    return model.__table__  # type: ignore[attr-defined]


def _key(table: Table, index: int, obj: Any) -> str:
    pk = [getattr(obj, c.name, None) for c in table.primary_key.columns]
    shown = "/".join(str(v) for v in pk if v is not None)
    return f"{index} ({shown})" if shown else str(index)


def _timestamp(value: Any, where: tuple[str, str, str]) -> datetime:
    """An aware datetime from a datetime or an ISO 8601 string; anything else is an error."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise DatasetError(*where, f"is not an ISO 8601 date-time: {value!r}") from None
    if not isinstance(value, datetime):
        raise DatasetError(*where, f"is not a date-time: {value!r}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise DatasetError(*where, f"has no timezone offset: {value.isoformat()}")
    return value


def _number(value: Any, column: str, where: tuple[str, str, str]) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise DatasetError(*where, f"is not a number: {value!r}") from None
    if column in NON_NEGATIVE and value < 0:
        raise DatasetError(*where, f"must not be negative, got {value}")
    return value


def rows_for_copy(ds: DemoDataset) -> list[tuple[Table, list[str], list[Row]]]:
    """Validated rows per table, as tuples ready for COPY; raises DatasetError on the first fault.

    Checks: required fields present, numbers numeric and quantities not negative, timestamps
    well-formed with an offset, primary keys unique, foreign keys pointing at rows of the dataset.
    """
    keys: dict[tuple[str, str], set[Any]] = {}
    out: list[tuple[Table, list[str], list[Row]]] = []
    for model, objects in ds.tables():
        table = _table(model)
        columns = [c for c in table.columns]
        names = [c.name for c in columns]
        pk_cols = [c.name for c in table.primary_key.columns]
        seen_pk: set[Any] = set()
        rows: list[Row] = []
        for index, obj in enumerate(objects):
            row_id = _key(table, index, obj)
            values: list[Any] = []
            for col in columns:
                where = (table.name, row_id, col.name)
                value = getattr(obj, col.name, None)
                if value is None:
                    if not col.nullable:
                        raise DatasetError(*where, "is required")
                    values.append(None)
                    continue
                if isinstance(col.type, DateTime):
                    value = _timestamp(value, where)
                elif isinstance(col.type, Integer | Float):
                    value = _number(value, col.name, where)
                elif isinstance(col.type, Vector):
                    value = "[" + ",".join(repr(float(x)) for x in value) + "]"
                elif isinstance(value, dict):
                    value = json.dumps(value)
                for fk in col.foreign_keys:
                    target = (fk.column.table.name, fk.column.name)
                    if target in keys and value not in keys[target]:
                        raise DatasetError(
                            *where, f"refers to unknown {fk.column.table.name} {value!r}"
                        )
                values.append(value)
            pk = tuple(values[names.index(c)] for c in pk_cols)
            if pk in seen_pk:
                raise DatasetError(table.name, row_id, ",".join(pk_cols), "is a duplicate key")
            seen_pk.add(pk)
            rows.append(tuple(values))
        for col in columns:
            if col.primary_key or col.unique:
                keys[(table.name, col.name)] = {r[names.index(col.name)] for r in rows}
        out.append((table, names, rows))
    return out
