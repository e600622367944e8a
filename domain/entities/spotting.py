"""Which entities a whole message names: codes however written, names and parts of names,
descriptions ('the foam', 'heater modules'), towns, what a line builds, where a shipment is
held, and typos; a name that fits several entities comes back as choices to ask about."""

from __future__ import annotations

import math
import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from rapidfuzz import fuzz, process

from domain.entities.candidates import Entity, EntityKind
from domain.entities.directory import EntityDirectory
from domain.entities.names import fold, squeeze
from domain.entities.places import countries_by_word

# A code however written: 'e-4410', 'E4410', 'seat 1', 'lks-seat1' (squeezed, then looked up).
CODE_TOKEN_RE = re.compile(r"\b[a-z]{1,4}\s\d{1,5}\b|\b[a-z]{1,5}(?:[-#]?[a-z0-9]{1,6}){1,3}\b")
ASN_RE = re.compile(r"\basn[-\s#]?(\d{4,})\b")
# A held lot by its code however written, or by its number ('lot 0311', 'the 0311 lot', '0311').
LOT_CODE_RE = re.compile(r"(?<![\w-])(?:l[-\s]?)?(\d{3,5})[-\s](\d{3,5})\b")
LOT_NUMBER_RE = re.compile(r"(?<![\w.,$/:-])(\d{3,5})(?![\w,.:/-]?\d)")
LOT_WORD_RE = re.compile(r"\blots?\b")
LINE_LIKE_RE = re.compile(r"\b[A-Z]{3,}\d{1,2}\b")  # SEAT9: written like a line code
# Words around "line" that say which one ("the front seat line", "line that builds panels").
LINE_PHRASE_RE = re.compile(
    r"((?:[a-z0-9]+\s+){0,3})\b(?:line|cell)s?\b"
    r"(?:\s+(?:that|which|where we)?\s*(?:builds?|makes?|runs?|produces?|assembles?|for|of)\s+"
    r"((?:[a-z0-9]+\s*){1,4}))?"
)
SHIPMENT_WORDS_RE = re.compile(
    r"\b(?:shipments?|trucks?|trailers?|deliver(?:y|ies)|loads?|consignments?|asns?|containers?|"
    r"freight|lorry|in transit)\b"
)
AT_HUB_RE = re.compile(r"\b(?:cross-?docks?|held|stuck|hubs?|on hold at|waiting at)\b")
HUB_RE = re.compile(r"\b(?:cross-?docks?|stuck|hubs?|on hold at|waiting at)\b")
# The one word before "line" that would name it ("the electronics line", "saltillo's foam line").
NAMED_LINE_RE = re.compile(r"\b(?:the|a|our|their|[a-z]+'s)\s+([a-z]{3,})\s+line\b")
GENERIC_LINE_WORDS = frozenset({
    "production", "assembly", "main", "whole", "same", "other", "next", "first", "second",
    "last", "entire", "busy", "problem", "new", "old", "right", "wrong", "only", "one", "each",
    "final", "bottom", "top", "front", "time", "supply", "order", "po", "item", "critical",
})  # fmt: skip
# Words for a plant ("the Ohio plant", "our German site", "the factory in Brazil").
PLANT_WORD = r"(?:plants?|sites?|factor(?:y|ies)|facilit(?:y|ies))"
# "the Ohio plant": one or two words before a plant word that would name the plant.
NAMED_PLANT_RE = re.compile(rf"\b(?:the|our|my|a|their|at|in|from|for)\s+([a-z]+(?:\s+[a-z]+)?)\s+"
                            rf"{PLANT_WORD}\b")  # fmt: skip
# "the plant in Ohio", "plant MTY": a place or code written after the plant word.
PLANT_IN_RE = re.compile(
    rf"\b(?:{PLANT_WORD}|operations)\s+(?:in|at|of)\s+([A-Z][a-z]+)\b|\bplant\s+([A-Z]{{2,5}})\b"
)
GENERIC_PLANT_WORDS = frozenset({
    "our", "my", "your", "their", "the", "this", "that", "each", "every", "other", "home", "main",
    "same", "whole", "local", "sister", "own", "big", "new", "old", "one", "which", "what", "a",
    "an", "any", "all", "both", "either", "another", "first", "second", "third", "last", "next",
    "assembly", "manufacturing", "production", "supplier", "suppliers", "vendor", "receiving",
    "shipping", "customer", "different", "given", "specific", "single", "those", "these", "two",
    "three", "partner", "seat", "door", "trim", "foam", "electronics",
    "by", "per", "across", "from", "at", "for", "in", "of", "to", "vs", "versus", "than",
})  # fmt: skip
SUPPLIER_WORDS_RE = re.compile(r"\b(?:suppliers?|vendors?|guys|folks|people|makers?|company)\b")
# First words of supplier names too common to name one ("Great Lakes", "Apex Seat").
COMMON_FIRST_WORDS = frozenset({"great", "precision", "apex", "acme", "maple", "the"})
FIRST_WORD_MIN = 5  # a supplier's first word this long names it alone ("voltaic")
SHARED_WORD_MIN = 4  # a word shared by several supplier names, this long, asks which
FUZZY_MIN = 80  # rapidfuzz ratio for a misspelt supplier word ("voltiac")
# Words of questions that are also the last word of some descriptions ('does it cover us').
NOT_NAMES_ALONE = frozenset({
    "cover", "track", "switch", "insert", "release", "ring", "clip", "pin", "cap", "strap",
    "pad", "sheet", "mat", "pan", "tube", "nut", "relay", "assembly", "module", "part",
})  # fmt: skip
PREFIX_MIN = 5  # a description word this long also matches longer words that start with it
STOP_WORDS = frozenset({"the", "and", "for", "with", "of", "a", "an", "mm", "line", "cell"})


def words_of(text: str) -> list[str]:
    """Folded words without possessives, singular ('Voltaic's modules' -> voltaic, module)."""
    return list(_words_of(text))


# Where a list of things named splits: commas, "and", "&", "plus", a slash.
LIST_SPLIT_RE = re.compile(r",|;|\s+(?:and|&|plus|n|\+)\s+|\s+/\s+")


@lru_cache(maxsize=8192)
def _words_of(text: str) -> tuple[str, ...]:
    out = []
    for w in re.findall(r"[a-z0-9]+(?:['’][a-z]+)?", fold(text)):
        w = re.sub(r"['’]s?$", "", w)
        out.append(singular(w))
    return tuple(out)


def singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _lower_code(code: str) -> list[str]:
    """A plant code typed in lower case ('lks vs sal'): no common word at three letters or more."""
    return [code.lower()] if len(code) >= 3 else []


def _phrase_in(phrase: str, folded_text: str) -> bool:
    return bool(phrase) and _phrase_re(phrase).search(folded_text) is not None


@lru_cache(maxsize=4096)
def _phrase_re(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])")


@lru_cache(maxsize=4096)
def _code_re(code: str) -> re.Pattern[str]:
    """A code as a word of the text as written ('SAL', not 'salt')."""
    return re.compile(rf"\b{re.escape(code)}\b")


@dataclass(frozen=True)
class _SupplierNames:
    """What a supplier is named by, folded once: its name, first word and the words of its name."""

    code: str
    name: str  # folded
    first: str  # the name's first word, singular
    words: frozenset[str]  # words_of its name: taken when the name is said
    singulars: tuple[str, ...]  # those words singular: 'foam' names Polyform Foams


@dataclass
class Spotted:
    """Codes of what a message names, by kind; `choices` where one name fits several."""

    named: dict[EntityKind, list[str]] = field(default_factory=dict)
    choices: dict[EntityKind, list[str]] = field(default_factory=dict)
    unknown_lines: list[str] = field(default_factory=list)
    unknown_plants: list[str] = field(default_factory=list)  # places named as a plant, not ours

    def of(self, kind: EntityKind) -> list[str]:
        return self.named.get(kind, [])

    def choices_of(self, kind: EntityKind) -> list[str]:
        return self.choices.get(kind, [])


class Spotter:
    """The rules for finding entities in free text, over one directory (built once)."""

    def __init__(self, directory: EntityDirectory) -> None:
        self.directory = directory

    @cached_property
    def _codes(self) -> dict[str, list[Entity]]:
        """Squeezed code (and a line's short code) -> entities; letters-only codes excluded."""
        found: dict[str, list[Entity]] = {}
        for kind in ("item", "line", "shipment"):
            for e in self.directory.entities(kind):
                for code in (e.code, *(e.aliases if kind == "line" else ())):
                    found.setdefault(squeeze(code), []).append(e)
        return found

    @cached_property
    def _item_words(self) -> tuple[dict[str, set[str]], dict[str, str], dict[str, float]]:
        """Per item: its description's words, its head word (the noun), and each word's weight."""
        words: dict[str, set[str]] = {}
        heads: dict[str, str] = {}
        for e in self.directory.entities("item"):
            main = e.name.split(",")[0]
            ws = [w for w in words_of(main) if len(w) > 2 and not w.isdigit()]
            words[e.code] = {w for w in words_of(e.name) if len(w) > 2 and w not in STOP_WORDS}
            if ws:
                heads[e.code] = ws[-1]
        df: dict[str, int] = {}
        for described in words.values():
            for w in described:
                df[w] = df.get(w, 0) + 1
        n = max(len(words), 1)
        weight = {w: math.log(1 + n / c) for w, c in df.items()}
        return words, heads, weight

    @cached_property
    def _supplier_names(self) -> tuple[tuple[_SupplierNames, ...], dict[str, str]]:
        """Each supplier's names, and supplier first word -> code (common first words left out)."""
        names: list[_SupplierNames] = []
        firsts: dict[str, str] = {}
        for e in self.directory.entities("supplier"):
            name = fold(e.name)
            first = singular(name.split()[0]) if name else ""
            if first and first not in COMMON_FIRST_WORDS:
                firsts[first] = e.code
            words = words_of(e.name)
            names.append(_SupplierNames(e.code, name, first, frozenset(words),
                                        tuple(singular(w) for w in words)))  # fmt: skip
        return tuple(names), firsts

    @cached_property
    def _plant_names(self) -> tuple[tuple[str, tuple[str, ...], frozenset[str]], ...]:
        """Per plant: its code, the names it is said by (town, aliases), the words they take."""
        return tuple(
            (
                e.code,
                (fold(e.name).split()[0] if e.name else "", *e.aliases, *_lower_code(e.code)),
                frozenset(w for n in (e.name, *e.aliases) for w in words_of(n)),
            )
            for e in self.directory.entities("plant")
        )

    @cached_property
    def _line_words(self) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """Per line: the words that name it (own words and what it builds), and its own words
        (its short code's stem, its name)."""
        keywords: dict[str, set[str]] = {}
        own: dict[str, set[str]] = {}
        for e in self.directory.entities("line"):
            stem = re.sub(r"\d+$", "", fold(e.code.split("-", 1)[-1]))
            own[e.code] = {stem, *(w for w in words_of(e.name) if not w.isdigit())} - STOP_WORDS
            ws = set(own[e.code])
            for code in e.related:
                built = self.directory.get("item", code)
                ws |= set(words_of(built.name)) if built else set()
            keywords[e.code] = ws - STOP_WORDS - {"mixed", "model", "main"}
        return keywords, own

    @cached_property
    def _line_short_codes(self) -> frozenset[str]:
        return frozenset(squeeze(e.code.split("-", 1)[-1]) for e in self.directory.entities("line"))

    @cached_property
    def _shipment_names(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Per shipment: its code and the names it is said by (its hub, the hub's first word,
        its carrier)."""
        found = []
        for e in self.directory.entities("shipment"):
            hub = fold(e.name)
            found.append(
                (e.code, (hub, hub.split()[0] if hub else "", *(fold(a) for a in e.aliases)))
            )
        return tuple(found)

    def spot(self, text: str) -> Spotted:
        folded = fold(text)
        out = Spotted()
        taken: set[str] = set()  # words already used by a name, not reused for an item
        suppliers, supplier_choices = self._suppliers(text, folded, taken)
        plants = self._plants(text, folded, taken)
        drop_suppliers, drop_plants = self._namesakes(folded, suppliers, plants)
        suppliers = [c for c in suppliers if c not in drop_suppliers]
        plants = [c for c in plants if c not in drop_plants]
        if not plants:
            out.unknown_plants = self._unknown_plants(text, folded, taken)
        by_code = self._by_code(folded)
        lines = [e.code for e in by_code if e.kind == "line"]
        items = [e.code for e in by_code if e.kind == "item"]
        # Any ASN number written is meant, delivered ones too (only open ones have names).
        asns = [f"ASN-{n}" for n in ASN_RE.findall(folded)]
        line_choices: list[str] = []
        if not lines:
            lines, line_choices = self._lines_by_words(text, folded, taken)
        for line in lines:  # 'seat' of 'the seat 1 line' names the line, not a seat
            short = fold(line.split("-", 1)[-1])
            taken |= {short, re.sub(r"\d+$", "", short)}
        item_choices: list[str] = []
        if not items:
            items, item_choices = self._items_listed(folded, taken)
        else:  # "E-4410, seat foam": the parts without a code may describe one more each
            items += self._items_beside_codes(folded, taken, items)
        asns = list(dict.fromkeys(asns + self._shipments(folded, suppliers, items or item_choices)))
        lots, lot_choices = self._lots(folded)
        out.named = {"supplier": suppliers, "plant": plants, "line": lines, "item": items,
                     "shipment": asns, "lot": lots}  # fmt: skip
        out.choices = {"supplier": supplier_choices, "line": line_choices, "item": item_choices,
                       "lot": lot_choices}  # fmt: skip
        if not lines and not line_choices:
            known = self._line_short_codes
            out.unknown_lines = [w for w in LINE_LIKE_RE.findall(text) if squeeze(w) not in known]
            # "the electronics line": a line named by a word no line has is no line of ours
            out.unknown_lines += [f"{w} line" for w in NAMED_LINE_RE.findall(folded)
                                  if w not in GENERIC_LINE_WORDS and w not in taken]  # fmt: skip
        return out

    # ------------------------------------------------------------------ by kind

    def _by_code(self, folded: str) -> list[Entity]:
        found: list[Entity] = []
        for token in CODE_TOKEN_RE.findall(folded):
            found += self._codes.get(squeeze(token), [])
        return list(dict.fromkeys(found))

    def _suppliers(self, text: str, folded: str, taken: set[str]) -> tuple[list[str], list[str]]:
        """(suppliers named for sure, candidates of a shared name) by code, name, word or typo."""
        words = words_of(text)
        sure: list[str] = []
        suppliers, firsts = self._supplier_names
        for e in suppliers:
            first = e.first
            if _phrase_in(e.name, folded):
                sure.append(e.code)
                taken |= e.words
            elif _code_re(e.code).search(text) or (
                len(first) >= FIRST_WORD_MIN and first not in COMMON_FIRST_WORDS and first in words
            ):
                # Named by its first word or code only: "Polyform's foam" still names the foam.
                sure.append(e.code)
                taken |= {first, fold(e.code)}
        if sure:
            return list(dict.fromkeys(sure)), []
        for word in words:
            if len(word) >= FIRST_WORD_MIN:
                close = process.extractOne(word, list(firsts), scorer=fuzz.ratio,
                                           score_cutoff=FUZZY_MIN)  # fmt: skip
                if close:
                    taken.add(word)
                    return [firsts[close[0]]], []
        item_words = self._item_words[2]
        speaks_of_supplier = SUPPLIER_WORDS_RE.search(folded) is not None
        for word in words:
            if len(word) < SHARED_WORD_MIN:
                continue
            if word in item_words and not speaks_of_supplier:
                continue  # 'the foam' is an item; 'the foam supplier' is one of several
            having = [
                e.code for e in suppliers if any(w.startswith(word) for w in e.singulars)
            ]  # 'foam' names Polyform Foams, Maple Foam Products and Foamcraft Industries
            if len(having) > 1:
                taken.add(word)
                return [], sorted(having)
        return [], []

    def _plants(self, text: str, folded: str, taken: set[str]) -> list[str]:
        """Plants by code (as written: 'SAL'), name, town or the city of their zone."""
        found = []
        for code, names, words in self._plant_names:
            if _code_re(code).search(text) or any(
                _phrase_in(n, text)
                if n.isupper()
                else _phrase_in(n, folded) or _phrase_in(f"{n}s", folded)
                for n in names
            ):  # an alias in capitals ('US') is matched as written: 'us' is no country
                found.append(code)
                taken |= words
        return found

    def _unknown_plants(self, text: str, folded: str, taken: set[str]) -> list[str]:
        """Places or names a message gives as a plant that no plant of ours has: a country
        beside a plant word ('the German plant', 'our site in Brazil'), or 'the Ohio plant'."""
        found: list[str] = []
        places = countries_by_word()
        for phrase in NAMED_PLANT_RE.findall(folded):
            words = phrase.split()
            said = next((" ".join(words[i:]) for i in range(len(words))
                         if " ".join(words[i:]) in places), None)  # fmt: skip
            if said is not None:
                found.append(places[said])
            elif words[-1] not in GENERIC_PLANT_WORDS and not set(words) & taken:
                found.append(words[-1].capitalize())
        for place, code in PLANT_IN_RE.findall(text):
            named = places.get(fold(place), place) if place else code
            if fold(named) not in taken and fold(place) not in GENERIC_PLANT_WORDS:
                found.append(named)
        return list(dict.fromkeys(found))

    def _namesakes(
        self, folded: str, suppliers: list[str], plants: list[str]
    ) -> tuple[set[str], set[str]]:
        """(suppliers, plants) to drop where one word names both: 'Saltillo' is plant SAL, the
        interplant supplier 'Saltillo Trim' only where the message says supplier."""
        words_of_plant = {
            e.code: {fold(e.code), fold(e.name).split()[0]}
            for e in self.directory.entities("plant")
            if e.code in plants
        }
        drop_suppliers: set[str] = set()
        drop_plants: set[str] = set()
        for code in suppliers:
            e = self.directory.get("supplier", code)
            name = fold(e.name) if e else ""
            own = {fold(code), *(name.split()[:1])}
            namesakes = {p for p, ws in words_of_plant.items() if own & ws}
            if not namesakes:
                continue
            if _says_supplier(folded, [fold(code), name, *(name.split()[:1])]):
                drop_plants |= namesakes
            else:
                drop_suppliers.add(code)
        return drop_suppliers, drop_plants

    def _lines_by_words(
        self, text: str, folded: str, taken: set[str]
    ) -> tuple[list[str], list[str]]:
        """Lines by the words next to 'line': their short code's stem, their name, what they
        build ('the door line', 'the heated seat line', 'the line that builds door panels')."""
        keywords, own = self._line_words  # own: the line's short code's stem, its name
        best: list[str] = []
        best_score = 0
        for before, after in LINE_PHRASE_RE.findall(folded):
            said = [w for w in words_of(f"{before} {after}") if w not in STOP_WORDS]
            for code, ws in keywords.items():
                # A word of the line's own name counts twice a word of what it builds: the
                # 'door line' is DOOR1, not the SMT line that builds door control modules.
                score = len(ws & set(said)) + len(own[code] & set(said))
                if score > best_score:
                    best, best_score = [code], score
                elif score == best_score and score and code not in best:
                    best.append(code)
            taken |= set(said) if best_score else set()
        if not best:  # 'SEAT' written like a code, without 'line': every line of that stem
            stems: dict[str, list[str]] = {}
            for code in keywords:
                stems.setdefault(re.sub(r"\d+$", "", fold(code.split("-", 1)[-1])), []).append(code)
            for word in re.findall(r"\b[A-Z]{3,}\b", text):
                best += stems.get(word.lower(), [])
        best = sorted(dict.fromkeys(best))
        return (best, []) if len(best) == 1 else ([], best)

    def _items_listed(self, folded: str, taken: set[str]) -> tuple[list[str], list[str]]:
        """Items described one after another ('heater module, seat foam and the black armrest
        cover'): each part's item when two or more parts each name one for sure; else the
        message's words as one description."""
        parts = [p for p in LIST_SPLIT_RE.split(folded) if p.strip()]
        if len(parts) >= 2:
            each = [self._items_described(p, taken) for p in parts]
            sure = list(dict.fromkeys(c for items, _ in each if len(items) == 1 for c in items))
            if len(sure) >= 2 and not any(choices for _, choices in each):
                return sure, []
        return self._items_described(folded, taken)

    def _items_beside_codes(self, folded: str, taken: set[str], coded: list[str]) -> list[str]:
        parts = [p for p in LIST_SPLIT_RE.split(folded) if p.strip()]
        if len(parts) < 2:
            return []
        more = [self._items_described(p, taken)[0] for p in parts if not self._by_code(p)]
        return list(dict.fromkeys(c for items in more if len(items) == 1 for c in items
                                  if c not in coded))  # fmt: skip

    def _items_described(self, folded: str, taken: set[str]) -> tuple[list[str], list[str]]:
        """Items whose description the message's words fit best: the noun of the description,
        or two of its words ('heater modules', 'the foam'); among equals, the one in use."""
        words, heads, weight = self._item_words
        said = {w for w in words_of(folded) if len(w) > 2} - taken - STOP_WORDS
        if not said:
            return [], []
        # A word said names a description's word that it is or starts ('controllers': control).
        said |= {d for d in weight for w in said if len(d) >= PREFIX_MIN and w.startswith(d)}
        scored: list[tuple[float, bool, bool, str]] = []
        for code, ws in words.items():
            hit = said & ws
            head = heads.get(code, "") in hit
            if len(hit) >= 2 or (head and heads[code] not in NOT_NAMES_ALONE):
                scored.append((sum(weight[w] for w in hit), head, code in self._in_use, code))
        if not scored:
            return [], []
        top = max(s[:3] for s in scored)
        best = sorted(code for *key, code in scored if tuple(key) == top)
        return (best, []) if len(best) == 1 else ([], best)

    def _lots(self, folded: str) -> tuple[list[str], list[str]]:
        """(lots named for sure, lots a number fits several of): by code however written
        ('l-3105-0311', 'L3105 0311'), or by the lot's own number ('lot 0311', 'the 0311 lot',
        a bare '0311' that only a held lot's code ends with)."""
        lots = self.directory.entities("lot")
        if not lots:
            return [], []
        sure: list[str] = []
        for first, last in LOT_CODE_RE.findall(folded):
            sure += [e.code for e in lots if _lot_parts(e.code)[-2:] == [first, last]]
        if sure:
            return list(dict.fromkeys(sure)), []
        said_lot = LOT_WORD_RE.search(folded) is not None
        choices: list[str] = []
        for number in LOT_NUMBER_RE.findall(folded):
            # Written as the lot writes it ('0311'), or as a number next to the word 'lot'.
            fits = [e.code for e in lots if number == _lot_parts(e.code)[-1]
                    or said_lot and int(number) == int(_lot_parts(e.code)[-1])]  # fmt: skip
            if len(fits) == 1:
                sure.append(fits[0])
            elif fits:
                choices += fits
        return list(dict.fromkeys(sure)), ([] if sure else sorted(set(choices)))

    @cached_property
    def _in_use(self) -> set[str]:
        return {e.code for e in self.directory.entities("item") if e.in_use}

    def _shipments(self, folded: str, suppliers: list[str], items: list[str]) -> list[str]:
        """Open shipments by hub or carrier ('the Toledo shipment', 'the Buckeye truck'), by whose
        they are when a shipment is spoken of ('the truck from Polyform'), or held at a hub."""
        found: list[str] = []
        ships = self.directory.entities("shipment")
        for code, names in self._shipment_names:
            if any(len(n) >= 4 and _phrase_in(n, folded) for n in names):
                found.append(code)
        if found or not (SHIPMENT_WORDS_RE.search(folded) or AT_HUB_RE.search(folded)):
            return found
        owners = set(suppliers) | set(items)
        if owners:
            found = [e.code for e in ships if owners & set(e.related)]
            if items and not found:
                return []  # "the held trim covers": an item without a shipment is held stock
        held_shipment = AT_HUB_RE.search(folded) and SHIPMENT_WORDS_RE.search(folded)
        if not found and (HUB_RE.search(folded) or held_shipment):
            # "held" alone may be stock on quality hold; a shipment or a hub word says shipment
            found = [e.code for e in ships if e.name][:1]
        return found


def _lot_parts(code: str) -> list[str]:
    """A lot code's numbers: 'L-3105-0311' -> ['3105', '0311']."""
    return re.findall(r"\d+", code)


def _says_supplier(folded: str, names: Iterable[str]) -> bool:
    """'supplier Saltillo Trim', 'SAL as a supplier', 'interplant': the supplier is meant."""
    named = "|".join(re.escape(n) for n in names if n)
    return bool(
        re.search(rf"\b(?:supplier|vendor)\s+(?:{named})\b", folded)
        or re.search(
            rf"\b(?:{named})(?:\s+\w+)?\s+as\s+(?:an?\s+|the\s+)?(?:supplier|vendor)\b", folded
        )  # fmt: skip
        or re.search(r"\binter-?plant\b", folded)
    )


_SPOTTERS: weakref.WeakKeyDictionary[EntityDirectory, Spotter] = weakref.WeakKeyDictionary()


def spotter_for(directory: EntityDirectory) -> Spotter:
    """The spotter of a directory, built once (its word weights are computed on first use)."""
    found = _SPOTTERS.get(directory)
    if found is None:
        found = _SPOTTERS[directory] = Spotter(directory)
    return found
