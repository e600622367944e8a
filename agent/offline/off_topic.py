"""Questions about something else that happen to name a plant, an item or a line: 'what's the
weather like in Saltillo', 'write me a poem about foam', 'who won the game last night, the line
was talking about it'. They get what Lineside can do, and no tool is called.

The topics are data: words (and two-word phrases) no question about the plants' supply,
schedule or approvals uses. A clause that names a topic is off topic unless it also asks about
something of ours in the domain's own words (a delivery, a shortage, a PO, a shipment, a KPI):
'will the snow hold up the Polyform truck?' is a question about a shipment.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from agent.offline.mentions import Mentions
from domain.entities.spotting import words_of

# Writing for fun: off topic whatever it is about ('a haiku about PO-7781').
CREATIVE_WORDS = frozenset({
    "poem", "poetry", "haiku", "limerick", "song", "lyric", "joke", "riddle", "rap", "sonnet",
})  # fmt: skip
# Words of other topics (folded, singular as `words_of` writes them).
TOPIC_WORDS = frozenset({
    # weather
    "weather", "forecast", "rain", "raining", "snow", "snowing", "sunny", "storm", "humid",
    # sport and games
    "game", "football", "soccer", "baseball", "hockey", "basketball", "nfl", "nba", "nhl", "mlb",
    "playoff", "superbowl", "tiger", "lion", "piston", "won", "touchdown",
    # food, leisure, the news
    "lunch", "dinner", "breakfast", "restaurant", "recipe", "pizza", "taco", "coffee", "beer",
    "movie", "film", "netflix", "tv", "horoscope", "vacation", "birthday", "election",
    "president", "celebrity", "capital",
    # travel of one's own ('book me a flight to Detroit', 'a hotel in Saltillo')
    "flight", "hotel", "motel", "airbnb", "trip", "taxi", "uber", "lyft", "cab", "ticket",
    "airport", "boarding", "passport", "visa", "holiday", "sightseeing",
})  # fmt: skip
# Topic words that are freight in a thread about a PO ('put it on a flight'), said for no one.
FREIGHT_TOPICS = frozenset({"flight", "plane"})
FOR_SOMEONE = frozenset({"me", "myself", "my", "us", "our", "i", "we", "hotel", "ticket"})
TOPIC_PHRASES = (
    ("stock", "price"), ("cook", "pasta"), ("book", "table"), ("red", "wing"),
)  # fmt: skip
# The domain's own words: a clause with one of them asks about something of ours.
DOMAIN_WORDS = frozenset({
    "short", "shortage", "arrive", "arriving", "arrival", "eta", "deliver", "delivery",
    "deliveries", "late", "delay", "delayed", "overdue", "expedite", "escalate", "escalation",
    "po", "shipment", "trailer", "asn", "receipt", "supply", "stock", "hand",
    "otif", "kpi", "ctb", "schedule", "resequence", "approve", "approval", "proposal",
    "held", "lot", "quality", "confirm", "confirmed", "wo", "risk", "job", "shift",
    "covered", "enough", "freight", "transit", "supplier",
})  # fmt: skip
# Verbs of ours that other topics use too ('ship me a pizza', 'order lunch', 'book a table'):
# ours only beside something of ours named (a PO, item, supplier, line, quantity).
SHARED_VERBS = frozenset({"ship", "shipping", "order", "run", "stop", "build", "book", "hold",
                          "truck", "fly"})  # fmt: skip


def off_topic(
    clause: str, m: Mentions, names: Iterable[str] = (), about_a_po: bool = False
) -> bool:
    """The clause speaks of another topic and asks nothing of the domain ('a poem about foam').
    A word of one of our own `names` (an item's description, a supplier's name) is no topic;
    in a thread `about_a_po`, a flight said for no one is that PO's air freight."""
    words = words_of(clause)
    ours_too = _words_of_names(tuple(names))
    if about_a_po and not FOR_SOMEONE.intersection(words):
        ours_too |= FREIGHT_TOPICS
    if (CREATIVE_WORDS - ours_too).intersection(words) and _writing(words):
        return True
    pairs = set(zip(words, words[1:], strict=False))
    topic = bool((TOPIC_WORDS - ours_too).intersection(words)) or any(
        p in pairs and not ours_too.issuperset(p) for p in TOPIC_PHRASES
    )
    if not topic:
        return False
    ours = m.po_numbers or m.asns or m.lots or m.proposals or m.kpi or m.money
    named = m.items or m.item_choices or m.suppliers or m.lines or m.quantities
    return (
        not ours
        and not DOMAIN_WORDS.intersection(words)
        and not (named and SHARED_VERBS.intersection(words))
    )


@lru_cache(maxsize=16)
def _words_of_names(names: tuple[str, ...]) -> frozenset[str]:
    """The words of our own names (the same vocabulary's names each call: found once)."""
    return frozenset(w for name in names for w in words_of(name))


def _writing(words: list[str]) -> bool:
    """'write me a poem', 'tell me a joke', 'a haiku about foam': asked to make one up."""
    return bool(
        {"write", "tell", "compose", "make", "sing", "give", "know", "got"} & set(words)
        or words[:1] in (["a"], ["an"])
        or "about" in words
    )
