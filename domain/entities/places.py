"""Where a plant is, in the words people use for it: the country of its time zone (the tz
database's zone.tab and iso3166.tab, shipped in the tzdata package) and what its people and
things are called ('Hungary', 'Hungarian'; 'Mexico', 'Mexican'; 'US', 'American')."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from domain.entities.folding import fold

# English names of a country that no spelling rule gives (the rest: `_demonyms`). Words written
# in capitals are matched as written: 'US' is the country, 'us' is not.
OTHER_NAMES: dict[str, tuple[str, ...]] = {
    "United States": ("US", "USA", "U.S.", "U.S.A.", "america", "american",
                      "united states of america"),
    "Britain": ("UK", "U.K.", "british", "united kingdom", "great britain", "england", "english"),
    "Germany": ("german",),
    "France": ("french",),
    "Netherlands": ("dutch", "holland"),
    "Spain": ("spanish",),
    "Poland": ("polish",),
    "Czech Republic": ("czech", "czechia"),
    "Slovakia": ("slovak",),
    "Sweden": ("swedish",),
    "Denmark": ("danish",),
    "Finland": ("finnish",),
    "Ireland": ("irish",),
    "Switzerland": ("swiss",),
    "Canada": ("canadian",),
    "Norway": ("norwegian",),
    "Portugal": ("portuguese",),
    "Turkey": ("turkish", "turkiye"),
    "Thailand": ("thai",),
    "Philippines": ("filipino",),
    "Vietnam": ("vietnamese",),
    "Korea (South)": ("south korea", "korea", "korean"),
}  # fmt: skip


def _tzdata(name: str) -> str:
    """A table of the tz database, from the tzdata package (the system's copy if it has none)."""
    try:
        return resources.files("tzdata").joinpath(f"zoneinfo/{name}").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - tzdata is a dependency
        with open(f"/usr/share/zoneinfo/{name}", encoding="utf-8") as f:
            return f.read()


def _rows(name: str) -> list[list[str]]:
    return [line.split("\t") for line in _tzdata(name).splitlines() if line and line[0] != "#"]


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO 3166 code -> the country's English name ('HU' -> 'Hungary')."""
    return {row[0]: row[1] for row in _rows("iso3166.tab") if len(row) >= 2}


@lru_cache(maxsize=1)
def _zone_countries() -> dict[str, str]:
    """IANA zone -> ISO code of its country ('Europe/Budapest' -> 'HU')."""
    return {row[2]: row[0] for row in _rows("zone.tab") if len(row) >= 3}


def country_of_zone(zone: str) -> str | None:
    """The country a plant's time zone lies in ('America/Monterrey' -> 'Mexico')."""
    code = _zone_countries().get(zone)
    return _short(country_names()[code]) if code in country_names() else None


def _short(name: str) -> str:
    """'Britain (UK)' -> 'Britain': the name without the note the table adds."""
    return re.sub(r"\s*\(.*\)$", "", name) if name not in OTHER_NAMES else name


def _demonyms(folded: str) -> list[str]:
    """The regular English forms of a one-word country's adjective ('hungary' -> 'hungarian',
    'mexico' -> 'mexican', 'romania' -> 'romanian', 'japan' -> 'japanese'). A form no language
    has is harmless: it never occurs in a message."""
    if " " in folded or len(folded) < 4:
        return []
    stem, last = folded[:-1], folded[-1]
    if last == "y":
        return [stem + "ian"]
    if last == "o":
        return [stem + "an"]
    if last == "a":
        return [folded + "n", stem + "ese"]
    if last == "e":
        return [folded + "an", stem + "ian"]
    return [folded + "ian", folded + "ese", folded + "i"]


def place_words(country: str) -> tuple[str, ...]:
    """Every way a message may name the country: its name and its adjective, folded, and the
    abbreviations written in capitals as they are written."""
    folded = fold(country)
    others = OTHER_NAMES.get(country, ())
    words = [folded, *(w if w.isupper() else fold(w) for w in others), *_demonyms(folded)]
    return tuple(dict.fromkeys(w for w in words if w))


@lru_cache(maxsize=1)
def countries_by_word() -> dict[str, str]:
    """Every word or phrase that names a country ('german', 'UK', 'south korea') -> its name."""
    found: dict[str, str] = {}
    for name in sorted({_short(n) for n in country_names().values()} | set(OTHER_NAMES)):
        for word in place_words(name):
            found.setdefault(word, name)
    return found
