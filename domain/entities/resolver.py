"""Resolving what a person typed to an item, supplier, line or plant: the one resolver.

Exact code or name first, then words of the name, then typos (rapidfuzz), then meaning
(pgvector over the stored embeddings of item and supplier names).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, Engine, text

from domain.entities import names
from domain.entities.candidates import (
    ENTITY_KINDS,
    AmbiguousEntity,
    Candidate,
    Entity,
    EntityKind,
    MatchHow,
    UnknownEntity,
)
from domain.entities.directory import EntityDirectory
from domain.uow import connected

SEMANTIC_MAX_DISTANCE = 0.75  # cosine distance beyond which a "meaning" match is a guess
CLEAR_LEAD = 0.1  # a fuzzy or semantic favourite this far ahead of the next is the one meant
ALL_WAYS: tuple[MatchHow, ...] = ("exact", "name", "fuzzy", "semantic")

_MASTER_DATA: dict[EntityKind, str] = {
    "item": "SELECT code, description AS name FROM item",
    "supplier": "SELECT code, name FROM supplier",
    "line": "SELECT code, name FROM line",
    "plant": "SELECT code, name FROM plant",
    "shipment": "SELECT asn_number AS code, hub AS name FROM shipment",
    "lot": "SELECT lot AS code, reason AS name FROM quality_hold",
}
# The directory's rows: each kind with what else it is called (domain/entities/names.py).
_DIRECTORY_ROWS: dict[EntityKind, str] = {
    # An item on a BOM (as product or component) is in use; one only bought for stock is not.
    "item": "SELECT i.code, i.description, EXISTS (SELECT 1 FROM bom_line b WHERE "
    "b.component_item = i.code OR b.parent_item = i.code) FROM item i",
    "supplier": "SELECT code, name FROM supplier",
    "line": "SELECT l.code, l.name, l.plant_code, COALESCE((SELECT array_agg(DISTINCT w.item_code "
    "ORDER BY w.item_code) FROM work_order w WHERE w.line_code = l.code), '{}') FROM line l",
    "plant": "SELECT code, name, timezone FROM plant",
    # Only shipments still on their way are named by hub or carrier; any ASN resolves by code.
    "shipment": "SELECT s.asn_number, s.hub, s.carrier, p.plant_code, "
    "ARRAY[l.po_number, p.supplier_code, l.item_code] FROM shipment s "
    "JOIN po_line l ON l.id = s.po_line_id JOIN purchase_order p ON p.po_number = l.po_number "
    "WHERE s.hub_status <> 'delivered' ORDER BY s.eta, s.asn_number",
    "lot": "SELECT lot, reason, plant_code, item_code FROM quality_hold WHERE status = 'open' "
    "ORDER BY lot",
}
_SEMANTIC_TABLES: dict[EntityKind, tuple[str, str]] = {
    "item": ("item", "description"),
    "supplier": ("supplier", "name"),
}


def _entity(kind: EntityKind, row: Sequence[object]) -> Entity:
    cells = [c if c is not None else "" for c in row]
    if kind == "item":
        return names.item(str(cells[0]), str(cells[1]), bool(cells[2]))
    if kind == "supplier":
        return names.supplier(str(cells[0]), str(cells[1]))
    if kind == "line":
        return names.line(str(cells[0]), str(cells[1]), str(cells[2]), list(cells[3]))  # type: ignore[call-overload]
    if kind == "plant":
        return names.plant(str(cells[0]), str(cells[1]), str(cells[2]))
    if kind == "lot":
        return names.lot(str(cells[0]), str(cells[1]), str(cells[2]), str(cells[3]))
    return names.shipment(str(cells[0]), str(cells[1]), str(cells[2]), str(cells[3]),
                          list(cells[4]))  # type: ignore[call-overload]  # fmt: skip


def load_directory(
    bind: Engine | Connection, kinds: Sequence[EntityKind] = ENTITY_KINDS
) -> EntityDirectory:
    """Every entity of the given kinds with what else it is called, read in one go (the
    gazetteer of the offline parser and of every tool that resolves a name)."""
    entities: list[Entity] = []
    with connected(bind) as conn:
        for kind in kinds:
            entities += [_entity(kind, row) for row in conn.execute(text(_DIRECTORY_ROWS[kind]))]
    return EntityDirectory(entities)


def _exact_code(conn: Connection, kind: EntityKind, mention: str) -> Candidate | None:
    row = conn.execute(
        text(f"SELECT code, name FROM ({_MASTER_DATA[kind]}) m WHERE upper(code) = upper(:q)"),
        {"q": mention.strip()},
    ).first()
    if row is None:
        return None
    return Candidate(kind=kind, code=row[0], name=row[1] or "", score=1.0, how="exact")


def semantic_matches(
    bind: Engine | Connection, kind: EntityKind, mention: str, limit: int = 5
) -> list[Candidate]:
    """Nearest names by embedding (cosine distance), when embeddings of this kind are stored."""
    if kind not in _SEMANTIC_TABLES or not mention.strip():
        return []
    table, name_col = _SEMANTIC_TABLES[kind]
    with connected(bind) as conn:
        has_any = conn.execute(
            text("SELECT 1 FROM entity_embedding WHERE kind = :k LIMIT 1"), {"k": kind}
        ).first()
        if not has_any:
            return []
        from domain.embeddings import embed  # lazy: imports torch

        vector = "[" + ",".join(f"{float(x):.6f}" for x in embed([mention])[0]) + "]"
        rows = conn.execute(
            text(
                f"SELECT e.ref, t.{name_col}, e.embedding <=> CAST(:v AS vector) AS d "
                f"FROM entity_embedding e JOIN {table} t ON t.code = e.ref "
                "WHERE e.kind = :k ORDER BY d, e.ref LIMIT :limit"
            ),
            {"v": vector, "k": kind, "limit": limit},
        ).all()
    return [
        Candidate(kind=kind, code=r[0], name=r[1], score=round(max(0.0, 1.0 - float(r[2])), 3),
                  how="semantic")
        for r in rows
        if float(r[2]) <= SEMANTIC_MAX_DISTANCE
    ]  # fmt: skip


def find_entities(
    bind: Engine | Connection,
    kind: EntityKind,
    mention: str,
    limit: int = 5,
    *,
    ways: Sequence[MatchHow] = ALL_WAYS,
) -> list[Candidate]:
    """Best candidates for `mention`, by the first of `ways` that finds any."""
    if not mention.strip():
        return []
    with connected(bind) as conn:
        # A code typed exactly is the common case: one indexed lookup, no directory to load.
        if "exact" in ways and (by_code := _exact_code(conn, kind, mention)):
            return [by_code]
        directory = load_directory(conn, (kind,))
        if "exact" in ways and (exact := directory.exact(kind, mention)):
            return [exact]
        if "name" in ways and (named := directory.named(kind, mention, limit)):
            return named
        if "fuzzy" in ways and (fuzzy := directory.fuzzy(kind, mention, limit)):
            return fuzzy
        if "semantic" in ways:
            return semantic_matches(conn, kind, mention, limit)
    return []


def choose(kind: EntityKind, mention: str, candidates: Sequence[Candidate]) -> Candidate:
    """The one candidate `mention` means; UnknownEntity or AmbiguousEntity (with the list) if not.

    An exact match or a lone candidate wins; a fuzzy or semantic favourite wins when it leads
    the next by CLEAR_LEAD; equal word matches are ambiguous.
    """
    if not candidates:
        raise UnknownEntity(
            f"no {kind} matches {mention!r}; try a {kind} code or another name", kind, mention
        )
    top = candidates[0]
    if len(candidates) == 1 or top.how == "exact":
        return top
    if top.how in ("fuzzy", "semantic") and top.score - candidates[1].score >= CLEAR_LEAD:
        return top
    names = ", ".join(c.label() for c in candidates)
    raise AmbiguousEntity(
        f"{mention!r} matches several {kind}s: {names}; name one by code",
        kind,
        mention,
        tuple(candidates),
    )


def resolve_entity(
    bind: Engine | Connection,
    kind: EntityKind,
    mention: str,
    *,
    ways: Sequence[MatchHow] = ALL_WAYS,
) -> Candidate:
    """The one entity of `kind` that `mention` names (code, name, typo or meaning)."""
    return choose(kind, mention, find_entities(bind, kind, mention, ways=ways))
