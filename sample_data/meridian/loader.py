"""Writes a dataset into an empty Lineside database in one transaction, with COPY."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from psycopg import sql
from sqlalchemy import Connection, Engine, Integer, text

from domain import models as m
from sample_data.meridian.dataset import DemoDataset
from sample_data.meridian.meridian import build_demo
from sample_data.meridian.validate import DatasetError, rows_for_copy

# Tables whose rows make a database "not empty" for a loader.
_GUARD_TABLES = ("plant", "item", "supplier", "work_order", "po_line", "app_user", "dataset_meta")


class DatabaseNotEmptyError(DatasetError):
    """Loading over existing data was refused; say how to reset instead."""

    def __init__(self, table: str, count: int) -> None:
        super().__init__(table, "*", "*", f"already holds {count} rows")
        self.args = (
            f"the database is not empty ({table} already holds {count} rows); "
            "load with reset (`lineside demo load --reset`) to replace its data",
        )

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass
class LoadReport:
    """What a load wrote, and how long it took."""

    name: str
    as_of: str
    counts: dict[str, int] = field(default_factory=dict)
    embedded: int = 0
    seconds: float = 0.0


def load_demo(engine: Engine, *, reset: bool = False, embeddings: bool = True) -> LoadReport:
    """Load Meridian Interiors; refuses a non-empty database unless `reset` is set."""
    return load_dataset(engine, build_demo(), reset=reset, embeddings=embeddings)


def load_dataset(
    engine: Engine, ds: DemoDataset, *, reset: bool = False, embeddings: bool = True
) -> LoadReport:
    """Validate every row, embed texts, then write all of it in ONE transaction.

    A DatasetError (bad row, non-empty database) leaves the database exactly as it was.
    """
    started = time.perf_counter()
    tables = rows_for_copy(ds)
    if embeddings:
        tables = _with_embeddings(ds, tables)
    with engine.begin() as conn:
        ensure_empty(conn, reset)
        raw: Any = conn.connection.driver_connection
        with raw.cursor() as cur:
            for table, names, rows in tables:
                if not rows:
                    continue
                stmt = sql.SQL("COPY {} ({}) FROM STDIN").format(
                    sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, names))
                )
                with cur.copy(stmt) as copy:
                    for row in rows:
                        copy.write_row(row)
                if "id" in names and isinstance(table.c.id.type, Integer):
                    reset_sequence(cur, table.name)
            cur.execute(
                "INSERT INTO dataset_meta (key, value) VALUES ('dataset', %s::jsonb)",
                (json.dumps(ds.meta),),
            )
    counts = {t.name: len(rows) for t, _, rows in tables}
    return LoadReport(
        name=str(ds.meta.get("name", "")),
        as_of=str(ds.meta.get("as_of", "")),
        counts=counts,
        embedded=counts.get("entity_embedding", 0),
        seconds=round(time.perf_counter() - started, 2),
    )


def reset_sequence(cur: Any, table: str) -> None:
    """Move a table's id sequence past the ids a load wrote explicitly."""
    cur.execute(
        sql.SQL(
            "SELECT setval(pg_get_serial_sequence({t}, 'id'), "
            "(SELECT COALESCE(MAX(id), 0) + 1 FROM {i}), false)"
        ).format(t=sql.Literal(table), i=sql.Identifier(table))
    )


def ensure_empty(conn: Connection, reset: bool) -> None:
    """Refuse to load over data unless told to reset; a reset empties the domain tables here."""
    if reset:
        names = ", ".join(f'"{t.name}"' for t in reversed(m.SQLModel.metadata.sorted_tables))
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        return
    for table in _GUARD_TABLES:
        count = conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
        if count:
            raise DatabaseNotEmptyError(table, count)


def _with_embeddings(ds: DemoDataset, tables: list[Any]) -> list[Any]:
    """Fill supplier-message embeddings and add entity_embedding rows for items and suppliers."""
    from domain.embeddings import embed

    entity_texts = [("item", i.code, f"{i.code} {i.description} ({i.family})") for i in ds.items]
    entity_texts += [("supplier", s.code, f"{s.code} {s.name}") for s in ds.suppliers]
    message_texts = [f"{msg.subject}\n{msg.body}" for msg in ds.supplier_messages]
    vectors = embed([t for _, _, t in entity_texts] + message_texts)
    as_text = ["[" + ",".join(repr(x) for x in v) + "]" for v in vectors]
    out = []
    for table, names, rows in tables:
        if table.name == "supplier_message" and rows:
            at = names.index("embedding")
            vecs = as_text[len(entity_texts) :]
            rows = [r[:at] + (vecs[n],) + r[at + 1 :] for n, r in enumerate(rows)]
        out.append((table, names, rows))
    entity_table = m.ItemEmbedding.__table__  # type: ignore[attr-defined]
    entity_rows = [
        (n + 1, kind, ref, txt, as_text[n]) for n, (kind, ref, txt) in enumerate(entity_texts)
    ]
    out.append((entity_table, ["id", "kind", "ref", "text", "embedding"], entity_rows))
    return out
