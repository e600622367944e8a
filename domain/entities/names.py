"""What people call each entity besides its code and name: a plant by its city, a line by its
short code and what it builds, a shipment by the hub it is held at or its carrier."""

from __future__ import annotations

from collections.abc import Iterable

from domain.entities.candidates import Entity
from domain.entities.folding import fold, squeeze
from domain.entities.places import country_of_zone, place_words

__all__ = ["fold", "item", "line", "lot", "plant", "shipment", "squeeze", "supplier"]


def item(code: str, description: str, in_use: bool = False) -> Entity:
    return Entity(kind="item", code=code, name=description, in_use=in_use)


def supplier(code: str, name: str) -> Entity:
    return Entity(kind="supplier", code=code, name=name)


def plant(code: str, name: str, timezone: str = "") -> Entity:
    """A plant is also its town (the first word of its name), the city of its time zone, and
    that zone's country by name and adjective ('Hungary', 'the Hungarian plant', 'US')."""
    town = fold(name.split()[0]) if name else ""
    zone_city = fold(timezone.rsplit("/", 1)[-1].replace("_", " ")) if "/" in timezone else ""
    country = country_of_zone(timezone)
    places = place_words(country) if country else ()
    aliases = tuple(dict.fromkeys(a for a in (town, zone_city, *places) if a and a != fold(name)))
    return Entity(kind="plant", code=code, name=name, plant=code, aliases=aliases)


def line(code: str, name: str, plant_code: str | None, builds: Iterable[str] = ()) -> Entity:
    """A line is also its code without the plant ('SEAT1') and the items it builds."""
    short = code.split("-", 1)[-1]
    return Entity(
        kind="line", code=code, name=name, plant=plant_code,
        aliases=(short,), related=tuple(dict.fromkeys(builds)), in_use=True,
    )  # fmt: skip


def shipment(
    asn: str, hub: str, carrier: str, plant_code: str | None,
    belongs_to: Iterable[str] = (), open_: bool = True,
) -> Entity:  # fmt: skip
    """A shipment is named by the hub it waits at (its name) or its carrier; it belongs to its
    PO, supplier and item (`related`)."""
    aliases = tuple(a for a in (carrier, carrier.split()[0] if carrier else "") if a)
    return Entity(
        kind="shipment", code=asn, name=hub, plant=plant_code, aliases=aliases,
        related=tuple(belongs_to), in_use=open_,
    )  # fmt: skip


def lot(lot_code: str, reason: str, plant_code: str | None, item_code: str) -> Entity:
    """A lot on quality hold: named by its number, it belongs to its item."""
    return Entity(kind="lot", code=lot_code, name=reason, plant=plant_code,
                  related=(item_code,), in_use=True)  # fmt: skip
