"""What resolving a mention yields: typed candidates (kind, code, name, score, how matched)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EntityKind = Literal["item", "supplier", "line", "plant", "shipment", "lot"]
ENTITY_KINDS: tuple[EntityKind, ...] = ("item", "supplier", "line", "plant", "shipment", "lot")
# exact: the code or the whole name; name: words inside the code or name; fuzzy: a typo
# (rapidfuzz); semantic: nearest by meaning (pgvector over the stored embeddings).
MatchHow = Literal["exact", "name", "fuzzy", "semantic"]


class Entity(BaseModel):
    """One row of master data as a person may name it: its code, its name, other words for it."""

    model_config = ConfigDict(frozen=True)

    kind: EntityKind
    code: str
    name: str
    plant: str | None = None  # a line's or a shipment's plant; a plant's own code for a plant
    aliases: tuple[str, ...] = ()
    # In use now: an item on a BOM, an open shipment. Where a name fits several, the one in use
    # is meant ("the foam" at a seat plant is the cushion foam on the seat BOM).
    in_use: bool = False
    related: tuple[str, ...] = ()  # codes it belongs to: what a line builds, a shipment's PO


class Candidate(BaseModel):
    """One entity a mention may mean, how it matched and how sure (1.0 = exact)."""

    model_config = ConfigDict(frozen=True)

    kind: EntityKind
    code: str
    name: str
    score: float = Field(ge=0.0, le=1.0)
    how: MatchHow

    def label(self) -> str:
        """'E-4410 (Seat heater control module)'."""
        return f"{self.code} ({self.name})" if self.name and self.name != self.code else self.code


class EntityInputError(ValueError):
    """A mention that names no entity, or several: the message says what to type instead."""

    def __init__(self, message: str, kind: EntityKind, query: str,
                 candidates: tuple[Candidate, ...] = ()) -> None:  # fmt: skip
        super().__init__(message)
        self.kind = kind
        self.query = query
        self.candidates = candidates


class UnknownEntity(EntityInputError):
    """Nothing of this kind matches the mention."""


class AmbiguousEntity(EntityInputError):
    """Several entities match equally well; `candidates` lists them best first."""
