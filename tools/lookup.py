"""Tools' door to the one domain resolver: an item or supplier from what a person typed."""

from __future__ import annotations

from sqlalchemy import Connection, Engine

from domain.entities import Candidate, find_entities, resolve_entity

__all__ = ["Candidate", "find_entities", "resolve_item", "resolve_supplier"]


def resolve_item(bind: Engine | Connection, query: str) -> Candidate:
    return resolve_entity(bind, "item", query)


def resolve_supplier(bind: Engine | Connection, query: str) -> Candidate:
    return resolve_entity(bind, "supplier", query)
