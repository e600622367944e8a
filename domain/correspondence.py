"""Supplier correspondence: finding messages by words and by meaning, at the plants in scope."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, text

from domain.uow import connected

# A message is visible when its PO is at a plant in scope, or (no PO) its supplier serves one.
_VISIBLE = (
    "((m.po_number IS NOT NULL AND EXISTS (SELECT 1 FROM purchase_order p "
    "WHERE p.po_number = m.po_number AND p.plant_code = ANY(:plants))) OR "
    "(m.po_number IS NULL AND (EXISTS (SELECT 1 FROM purchase_order p "
    "WHERE p.supplier_code = m.supplier_code AND p.plant_code = ANY(:plants)) OR EXISTS "
    "(SELECT 1 FROM approved_source a WHERE a.supplier_code = m.supplier_code "
    "AND a.plant_code = ANY(:plants)))))"
)
_MESSAGE_COLUMNS = "m.id, m.supplier_code, m.po_number, m.direction, m.sender, m.subject, " \
    "m.body, m.sent_at"  # fmt: skip


def search_messages(
    bind: Engine | Connection,
    plants: list[str],
    query: str,
    supplier: str | None,
    po_number: str | None,
    limit: int,
) -> list[dict[str, Any]]:
    """Messages by keyword (full text) and by meaning (pgvector), keyword hits first."""
    where = [_VISIBLE]
    params: dict[str, Any] = {"plants": plants, "limit": limit}
    if supplier:
        where.append("m.supplier_code = :supplier")
        params["supplier"] = supplier
    if po_number:
        where.append("m.po_number = :po")
        params["po"] = po_number
    base = f"SELECT {_MESSAGE_COLUMNS} FROM supplier_message m WHERE " + " AND ".join(where)
    found: dict[int, dict[str, Any]] = {}
    with connected(bind) as conn:
        if not query.strip():
            rows = conn.execute(text(base + " ORDER BY m.sent_at DESC LIMIT :limit"), params)
            return [{**dict(r), "match": "recent"} for r in rows.mappings()]
        keyword = conn.execute(
            text(
                base + " AND to_tsvector('english', m.subject || ' ' || m.body) "
                "@@ websearch_to_tsquery('english', :q) ORDER BY ts_rank(to_tsvector('english', "
                "m.subject || ' ' || m.body), websearch_to_tsquery('english', :q)) DESC, "
                "m.sent_at DESC LIMIT :limit"
            ),
            {**params, "q": query},
        ).mappings()
        for r in keyword:
            found[r["id"]] = {**dict(r), "match": "keyword"}
        has_vectors = conn.execute(
            text("SELECT 1 FROM supplier_message WHERE embedding IS NOT NULL LIMIT 1")
        ).first()
        if has_vectors and len(found) < limit:
            from domain.embeddings import embed  # lazy: imports torch

            vector = "[" + ",".join(f"{float(x):.6f}" for x in embed([query])[0]) + "]"
            semantic = conn.execute(
                text(
                    base + " AND m.embedding IS NOT NULL "
                    "ORDER BY m.embedding <=> CAST(:v AS vector) LIMIT :limit"
                ),
                {**params, "v": vector},
            ).mappings()
            for r in semantic:
                found.setdefault(r["id"], {**dict(r), "match": "semantic"})
    return list(found.values())[:limit]
