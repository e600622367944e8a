"""The words the offline model knows: items, suppliers, lines, plants and KPIs of the database."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import Engine, text

from agent.offline.memo import Memo
from domain.entities import EntityDirectory, load_directory, names
from domain.entities.spotting import Spotter, spotter_for


@dataclass(frozen=True)
class Vocabulary:
    """Codes and names by kind; KPI names map to their lower-case synonyms.

    `as_of` is the turn's "now" that relative dates count from; the model sets it per turn
    (`at`), since a vocabulary is read once per database while the as-of time moves.
    """

    items: Mapping[str, str] = field(default_factory=dict)  # code -> description
    suppliers: Mapping[str, str] = field(default_factory=dict)  # code -> name
    lines: Mapping[str, str] = field(default_factory=dict)  # code -> name
    plants: Mapping[str, str] = field(default_factory=dict)  # code -> name
    kpis: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # name -> synonyms
    as_of: datetime | None = None
    plant_timezones: Mapping[str, str] = field(default_factory=dict)  # plant -> IANA zone
    po_plants: Mapping[str, str] = field(default_factory=dict)  # PO number -> plant
    po_suppliers: Mapping[str, str] = field(default_factory=dict)  # PO number -> supplier code
    asn_pos: Mapping[str, str] = field(default_factory=dict)  # ASN number -> PO number
    hubs: Mapping[str, str] = field(default_factory=dict)  # hub's first word -> ASN held there
    # component -> the items whose BOM uses it ('the armrest run' is a door panel WO)
    used_in: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # item -> the plants where it is active (stock, an open PO line or work-order demand), and
    # those where it has an open PO line: 'the pillar trim covers' narrowed to the asker's
    active_at: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    on_order_at: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Lineside users by the first name people call them ('priya' -> priya.nair)
    people: Mapping[str, str] = field(default_factory=dict)
    # item -> the suppliers of its PO lines ("the polyform one" among the short items)
    supplied_by: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # The one directory every name resolves against (domain/entities, read from the database);
    # without one, a directory is built from the names above (a test's vocabulary).
    directory: EntityDirectory | None = None
    spotter: Spotter = field(init=False, repr=False, compare=False)
    # What a message's words give against these words alone, not the as-of time (its mentions):
    # shared by `at` copies, so a new vocabulary (master data changed) starts an empty one.
    memo: Memo = field(init=False, repr=False, compare=False, default_factory=Memo)

    def __post_init__(self) -> None:
        object.__setattr__(self, "spotter", spotter_for(self.directory or directory_of(self)))

    def at(self, now: datetime | None) -> Vocabulary:
        """The same words, with relative dates counted from `now`."""
        if now == self.as_of:
            return self
        moved = replace(self, as_of=now)
        object.__setattr__(moved, "memo", self.memo)
        return moved

    def po_named(self, po_number: str) -> str:
        """'PO-7790 (Polyform Foams)': a PO with its supplier's name, as a question names it."""
        code = self.po_suppliers.get(po_number)
        return f"{po_number} ({self.suppliers.get(code, code)})" if code else po_number

    def timezone_of_po(self, po_number: str | None) -> str | None:
        """The IANA zone of the plant a PO belongs to ('Thursday' is that plant's Thursday)."""
        plant = self.po_plants.get(po_number or "")
        return self.plant_timezones.get(plant) if plant else None


def directory_of(
    vocab: Vocabulary,
    builds: Mapping[str, list[str]] | None = None,
    in_use: frozenset[str] = frozenset(),
    shipment_of: Mapping[str, list[str]] | None = None,
    lots: Mapping[str, str] | None = None,
) -> EntityDirectory:
    """A directory from a vocabulary's names (and, if known, what each line builds, which items
    are in use, whose each shipment is): the naming rules of a directory read from the database."""
    entities = [names.item(c, d, c in in_use) for c, d in vocab.items.items()]
    entities += [names.supplier(c, n) for c, n in vocab.suppliers.items()]
    entities += [names.line(c, n, c.split("-", 1)[0], (builds or {}).get(c, []))
                 for c, n in vocab.lines.items()]  # fmt: skip
    entities += [
        names.plant(c, n, vocab.plant_timezones.get(c, "")) for c, n in vocab.plants.items()
    ]
    held = {asn: hub for hub, asn in vocab.hubs.items()}
    entities += [
        names.shipment(
            asn, held.get(asn, ""), "", vocab.po_plants.get(po), (shipment_of or {}).get(asn, [po])
        )  # fmt: skip
        for asn, po in vocab.asn_pos.items()
    ]
    entities += [names.lot(lot, "", None, item) for lot, item in (lots or {}).items()]
    return EntityDirectory(entities)


def _pairs(engine: Engine, sql: str) -> dict[str, str]:
    with engine.connect() as conn:
        return {str(r[0]): str(r[1] or "") for r in conn.execute(text(sql))}


def kpi_synonyms() -> dict[str, tuple[str, ...]]:
    """Every catalogue KPI with its name and synonyms, lower-cased, as the parser matches them."""
    from domain.kpis import list_kpis

    found: dict[str, tuple[str, ...]] = {}
    for kpi in list_kpis():
        words = [kpi.name, kpi.title, *kpi.synonyms]
        found[kpi.name] = tuple(dict.fromkeys(w.lower().replace("_", " ") for w in words if w))
    return found


def load_vocabulary(engine: Engine) -> Vocabulary:
    """Read the vocabulary once; master data changes rarely and only names are kept.

    No as-of time: each turn's comes from its run's context (`OfflineChatModel.respond`).
    """
    directory = load_directory(engine)
    return Vocabulary(
        items={e.code: e.name for e in directory.entities("item")},
        suppliers={e.code: e.name for e in directory.entities("supplier")},
        lines={e.code: e.name for e in directory.entities("line")},
        plants={e.code: e.name for e in directory.entities("plant")},
        kpis=kpi_synonyms(),
        plant_timezones=_pairs(engine, "SELECT code, timezone FROM plant"),
        po_plants=_pairs(engine, "SELECT po_number, plant_code FROM purchase_order"),
        po_suppliers=_pairs(engine, "SELECT po_number, supplier_code FROM purchase_order"),
        asn_pos=_pairs(
            engine,
            "SELECT s.asn_number, l.po_number FROM shipment s "
            "JOIN po_line l ON l.id = s.po_line_id",
        ),
        hubs={
            hub.split()[0].lower(): asn
            for asn, hub in _pairs(
                engine,
                "SELECT asn_number, hub FROM shipment WHERE hub <> '' AND "
                "hub_status <> 'delivered' ORDER BY eta",
            ).items()
            if hub
        },
        used_in=_used_in(engine),
        active_at=_plants_by_item(engine, ACTIVE_SQL),
        on_order_at=_plants_by_item(engine, ON_ORDER_SQL),
        people=_people(engine),
        supplied_by=_supplied_by(engine),
        directory=directory,
    )


# Where an item is active: stock, an open PO line, or the BOM demand of a work order there.
ON_ORDER_SQL = (
    "SELECT DISTINCT pl.item_code, po.plant_code FROM po_line pl JOIN purchase_order po "
    "USING (po_number) WHERE pl.status = 'open' AND po.status = 'open'"
)
ACTIVE_SQL = (
    f"SELECT item_code, plant_code FROM inventory_balance WHERE qty > 0 UNION {ON_ORDER_SQL} "
    "UNION SELECT DISTINCT b.component_item, w.plant_code FROM work_order w "
    "JOIN bom_line b ON b.parent_item = w.item_code"
)


def _plants_by_item(engine: Engine, sql: str) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    with engine.connect() as conn:
        for item, plant in conn.execute(text(sql)):
            found.setdefault(str(item), []).append(str(plant))
    return {item: tuple(sorted(set(plants))) for item, plants in found.items()}


def _people(engine: Engine) -> dict[str, str]:
    """First name -> username of each user named first.last ('admin' is no person's name)."""
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT username FROM app_user ORDER BY username"))
        names = [str(r[0]) for r in rows if "." in str(r[0])]
    return {n.split(".")[0].lower(): n for n in names}


def _used_in(engine: Engine) -> dict[str, tuple[str, ...]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT component_item, array_agg(DISTINCT parent_item ORDER BY parent_item) "
                "FROM bom_line GROUP BY component_item"
            )
        )
        return {str(r[0]): tuple(str(p) for p in r[1]) for r in rows}


def _supplied_by(engine: Engine) -> dict[str, tuple[str, ...]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT l.item_code, array_agg(DISTINCT o.supplier_code ORDER BY o.supplier_code) "
                "FROM po_line l JOIN purchase_order o ON o.po_number = l.po_number "
                "GROUP BY l.item_code"
            )
        )
        return {str(r[0]): tuple(str(s) for s in r[1]) for r in rows}


# What changes when master data does: counts and names of the gazetteer's tables.
FINGERPRINT_SQL = (
    "SELECT md5(concat_ws('|', (SELECT string_agg(code || description, ',' ORDER BY code) "
    "FROM item), (SELECT string_agg(code || name, ',' ORDER BY code) FROM supplier), "
    "(SELECT string_agg(code || name, ',' ORDER BY code) FROM line), "
    "(SELECT string_agg(code || name, ',' ORDER BY code) FROM plant), "
    "(SELECT count(*) FROM purchase_order), (SELECT count(*) FROM shipment), "
    "(SELECT count(*) FROM po_line WHERE status = 'open'), "
    "(SELECT count(*) FROM bom_line), (SELECT string_agg(asn_number || hub || hub_status, ',' "
    "ORDER BY asn_number) FROM shipment WHERE hub_status <> 'delivered'), "
    "(SELECT string_agg(lot || status, ',' ORDER BY lot) FROM quality_hold)))"
)
REFRESH_S = 30.0  # how often a long-running process checks whether master data changed


class LiveVocabulary:
    """The vocabulary of a database, reloaded when its master data changes (checked at most
    every REFRESH_S seconds with one cheap query)."""

    def __init__(self, engine: Engine, every_s: float = REFRESH_S) -> None:
        self.engine = engine
        self.every_s = every_s
        self._lock = threading.Lock()
        self._checked = time.monotonic()
        self._fingerprint = self._read_fingerprint()
        self._vocabulary = load_vocabulary(engine)

    def _read_fingerprint(self) -> str:
        with self.engine.connect() as conn:
            return str(conn.execute(text(FINGERPRINT_SQL)).scalar())

    def current(self) -> Vocabulary:
        with self._lock:
            if time.monotonic() - self._checked >= self.every_s:
                self._checked = time.monotonic()
                fingerprint = self._read_fingerprint()
                if fingerprint != self._fingerprint:
                    self._fingerprint, self._vocabulary = fingerprint, load_vocabulary(self.engine)
            return self._vocabulary
