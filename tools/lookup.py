"""Finding an item or a supplier from what a person typed: exact code, words, typos, meaning."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Engine, text

from tools.results import ToolError

EntityKind = Literal["item", "supplier"]

# Table, code column and name column searched for each kind of entity.
_TABLES: dict[EntityKind, tuple[str, str]] = {
    "item": ("item", "description"),
    "supplier": ("supplier", "name"),
}
TRIGRAM_MIN = 0.2  # below this a trigram match is noise
SEMANTIC_MAX_DISTANCE = 0.75  # cosine distance beyond which a "meaning" match is a guess


@dataclass(frozen=True)
class Match:
    kind: EntityKind
    code: str
    name: str
    how: str  # exact | text | trigram | semantic
    score: float


def find_entities(engine: Engine, kind: EntityKind, query: str, limit: int = 5) -> list[Match]:
    """Best matches for `query`, trying exact code, then substring, then trigram, then meaning."""
    table, name_col = _TABLES[kind]
    q = query.strip()
    if not q:
        return []
    with engine.connect() as conn:
        exact = conn.execute(
            text(f"SELECT code, {name_col} FROM {table} WHERE upper(code) = upper(:q)"), {"q": q}
        ).first()
        if exact:
            return [Match(kind, exact[0], exact[1], "exact", 1.0)]
        rows = conn.execute(
            text(
                f"SELECT code, {name_col} FROM {table} "
                f"WHERE code ILIKE :like OR {name_col} ILIKE :like "
                f"ORDER BY length({name_col}), code LIMIT :limit"
            ),
            {"like": f"%{q}%", "limit": limit},
        ).all()
        if rows:
            return [Match(kind, r[0], r[1], "text", 0.9) for r in rows]
        rows = conn.execute(
            text(
                f"SELECT code, {name_col}, "
                f"greatest(similarity(code, :q), word_similarity(:q, {name_col})) AS s "
                f"FROM {table} WHERE greatest(similarity(code, :q), "
                f"word_similarity(:q, {name_col})) >= :min ORDER BY s DESC, code LIMIT :limit"
            ),
            {"q": q, "min": TRIGRAM_MIN, "limit": limit},
        ).all()
        if rows:
            return [Match(kind, r[0], r[1], "trigram", float(r[2])) for r in rows]
    return _semantic(engine, kind, q, limit)


def _semantic(engine: Engine, kind: EntityKind, q: str, limit: int) -> list[Match]:
    """Nearest names by embedding (pgvector cosine distance), when embeddings are loaded."""
    table, name_col = _TABLES[kind]
    with engine.connect() as conn:
        has_any = conn.execute(
            text("SELECT 1 FROM entity_embedding WHERE kind = :k LIMIT 1"), {"k": kind}
        ).first()
        if not has_any:
            return []
        from domain.embeddings import embed  # lazy: imports torch

        vector = embed([q])[0]
        rows = conn.execute(
            text(
                f"SELECT e.ref, t.{name_col}, e.embedding <=> CAST(:v AS vector) AS d "
                f"FROM entity_embedding e JOIN {table} t ON t.code = e.ref "
                "WHERE e.kind = :k ORDER BY d LIMIT :limit"
            ),
            {"v": _vector_literal(vector), "k": kind, "limit": limit},
        ).all()
    return [
        Match(kind, r[0], r[1], "semantic", 1.0 - float(r[2]))
        for r in rows
        if float(r[2]) <= SEMANTIC_MAX_DISTANCE
    ]


def _vector_literal(vector: object) -> str:
    return "[" + ",".join(f"{float(x):.6f}" for x in vector) + "]"  # type: ignore[attr-defined]


def resolve(engine: Engine, kind: EntityKind, query: str) -> Match:
    """The one entity `query` means, or a ToolError listing the candidates to choose from."""
    matches = find_entities(engine, kind, query)
    if not matches:
        raise ToolError(f"no {kind} matches {query!r}; try a {kind} code or another name")
    if len(matches) == 1 or matches[0].how == "exact":
        return matches[0]
    top = matches[0]
    # A clear favourite by trigram/meaning wins; equal text hits are ambiguous.
    if top.how in ("trigram", "semantic") and top.score - matches[1].score >= 0.1:
        return top
    names = ", ".join(f"{m.code} ({m.name})" for m in matches)
    raise ToolError(f"{query!r} matches several {kind}s: {names}; name one by code")


def resolve_item(engine: Engine, query: str) -> Match:
    return resolve(engine, "item", query)


def resolve_supplier(engine: Engine, query: str) -> Match:
    return resolve(engine, "supplier", query)
