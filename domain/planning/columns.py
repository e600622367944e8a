"""Fetches query results as NumPy columns: each column packed into one bytea by PostgreSQL.

PostgreSQL sends every result or COPY row as its own message, which costs Python a few
microseconds each; `string_agg(int8send(col), '')` ships a whole column as one bytea of
big-endian values that NumPy reads in place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

# SQL type -> (send function, big-endian element, native dtype); timestamptz is int64
# microseconds since 2000-01-01 UTC and comes back as Unix epoch seconds.
_TYPES = {
    "int2": ("int2send", ">i2", np.int16),
    "int4": ("int4send", ">i4", np.int32),
    "int8": ("int8send", ">i8", np.int64),
    "float8": ("float8send", ">f8", np.float64),
    "timestamptz": ("timestamptz_send", ">i8", np.int64),
}
_PG_EPOCH = 946_684_800  # 2000-01-01T00:00:00Z in Unix seconds
_SEPARATOR = "\x1f"  # unit separator: never inside a code or id


def packed(expr: str, kind: str) -> str:
    """SQL aggregate packing `expr` (of SQL type `kind`, or 'text') over a group's rows."""
    if kind == "text":
        return f"COALESCE(string_agg({expr}, E'{_SEPARATOR}'), '')"
    send = _TYPES[kind][0]
    return f"COALESCE(string_agg({send}(({expr})::{kind}), ''::bytea), ''::bytea)"


def unpack(value: Any, kind: str) -> Any:
    """A packed column as a NumPy array (timestamps as epoch seconds) or a list of str."""
    if kind == "text":
        return value.split(_SEPARATOR) if value else []
    _, element, native = _TYPES[kind]
    values = np.frombuffer(bytes(value), element)
    if kind == "timestamptz":
        return values.astype(np.int64) // 1_000_000 + _PG_EPOCH
    return values.astype(native)


def columns_query(query: str, columns: Sequence[tuple[str, str]]) -> str:
    """`query` wrapped so its named `columns` (name, SQL type) come back packed in one row."""
    aggregates = ", ".join(packed(f"q.{name}", kind) for name, kind in columns)
    return f"SELECT count(*), {aggregates} FROM ({query}) AS q"


def read_columns(row: Any, columns: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """{name: column} from the row of a columns_query.

    All columns share one row order; a NULL value is a bug here (its row would vanish from
    one column only), so the lengths are checked.
    """
    assert row is not None
    result = {
        name: unpack(value, kind) for (name, kind), value in zip(columns, row[1:], strict=True)
    }
    for name, values in result.items():
        if len(values) != row[0]:
            raise RuntimeError(f"column {name} has NULLs or the separator inside a value")
    return result
