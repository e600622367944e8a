"""Resolving a mention to an item, supplier, line or plant: one typed resolver for every layer."""

from domain.entities.candidates import (
    ENTITY_KINDS,
    AmbiguousEntity,
    Candidate,
    Entity,
    EntityInputError,
    EntityKind,
    MatchHow,
    UnknownEntity,
)
from domain.entities.directory import EntityDirectory
from domain.entities.resolver import (
    choose,
    find_entities,
    load_directory,
    resolve_entity,
    semantic_matches,
)

__all__ = [
    "ENTITY_KINDS",
    "AmbiguousEntity",
    "Candidate",
    "Entity",
    "EntityDirectory",
    "EntityInputError",
    "EntityKind",
    "MatchHow",
    "UnknownEntity",
    "choose",
    "find_entities",
    "load_directory",
    "resolve_entity",
    "semantic_matches",
]
