"""A plant named by a place or a name that no plant of ours has: say so, and name the plants
(never answer for the user's own plant instead)."""

from __future__ import annotations

from agent.offline.mentions import Mentions
from agent.offline.vocabulary import Vocabulary
from domain.entities.places import countries_by_word, country_of_zone


def known_plants(vocab: Vocabulary) -> str:
    """'LKS Lakeside Assembly (United States), SAL Saltillo Trim (Mexico), ...' from master data."""
    listed = []
    for code, name in vocab.plants.items():
        country = country_of_zone(vocab.plant_timezones.get(code, ""))
        listed.append(f"{code} {name}" + (f" ({country})" if country else ""))
    return ", ".join(listed[:-1]) + f" and {listed[-1]}" if len(listed) > 1 else "".join(listed)


def unknown_plant_reply(m: Mentions, vocab: Vocabulary) -> str | None:
    """The answer to a message that names a plant we do not have ('the German plant', 'the Ohio
    plant'); None when it names none, or names one of ours."""
    if m.plants or not m.unknown_plants:
        return None
    said = m.unknown_plants[0]
    where = f"in {said}" if said in countries_by_word().values() else f"called “{said}”"
    return (
        f"I don't know a plant {where}: there is none in the plant data. The plants are "
        f"{known_plants(vocab)}. Which one do you mean?"
    )
