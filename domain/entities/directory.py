"""The company's names in memory: exact, word and typo-tolerant (rapidfuzz) matching, no I/O."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process, utils

from domain.entities.candidates import Candidate, Entity, EntityKind

NAME_SCORE = 0.9  # words of the code or name: certain it is one of these, not which
FUZZY_MIN = 0.75  # below this a typo match is noise (rapidfuzz WRatio / 100)


class EntityDirectory:
    """Every entity of some kinds; the rules of matching a mention to them, in one place."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self._by_kind: dict[EntityKind, list[Entity]] = {}
        for e in entities:
            self._by_kind.setdefault(e.kind, []).append(e)

    def entities(self, kind: EntityKind) -> list[Entity]:
        return list(self._by_kind.get(kind, ()))

    def get(self, kind: EntityKind, code: str) -> Entity | None:
        wanted = code.strip().upper()
        return next((e for e in self._by_kind.get(kind, ()) if e.code.upper() == wanted), None)

    def exact(self, kind: EntityKind, mention: str) -> Candidate | None:
        """The entity whose code, or whole name, is the mention (any case)."""
        wanted = mention.strip().casefold()
        if not wanted:
            return None
        for e in self._by_kind.get(kind, ()):
            if e.code.casefold() == wanted:
                return _candidate(e, 1.0, "exact")
        for e in self._by_kind.get(kind, ()):
            if wanted in (n.casefold() for n in (e.name, *e.aliases)):
                return _candidate(e, 1.0, "exact")
        return None

    def named(self, kind: EntityKind, mention: str, limit: int = 5) -> list[Candidate]:
        """Entities whose code or name contains the mention, shortest name first."""
        wanted = mention.strip().casefold()
        if not wanted:
            return []
        hits = [
            e
            for e in self._by_kind.get(kind, ())
            if any(wanted in n.casefold() for n in (e.code, e.name, *e.aliases))
        ]
        hits.sort(key=lambda e: (len(e.name), e.code))
        return [_candidate(e, NAME_SCORE, "name") for e in hits[:limit]]

    def fuzzy(
        self, kind: EntityKind, mention: str, limit: int = 5, min_score: float = FUZZY_MIN
    ) -> list[Candidate]:
        """Typo-tolerant matches on code or name (rapidfuzz WRatio), best first."""
        entities = self._by_kind.get(kind, [])
        if not mention.strip() or not entities:
            return []
        choices = [" ".join((e.code, e.name, *e.aliases)) for e in entities]
        found = process.extract(
            mention,
            choices,
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            limit=limit,
            score_cutoff=min_score * 100,
        )
        ranked = sorted(found, key=lambda f: (-f[1], entities[f[2]].code))
        return [_candidate(entities[i], round(score / 100, 3), "fuzzy") for _, score, i in ranked]

    def find(self, kind: EntityKind, mention: str, limit: int = 5) -> list[Candidate]:
        """Exact, else words of the name, else typo-tolerant: the first way that finds any."""
        exact = self.exact(kind, mention)
        if exact:
            return [exact]
        return self.named(kind, mention, limit) or self.fuzzy(kind, mention, limit)


def _candidate(e: Entity, score: float, how: str) -> Candidate:
    return Candidate.model_validate(
        {"kind": e.kind, "code": e.code, "name": e.name, "score": score, "how": how}
    )
