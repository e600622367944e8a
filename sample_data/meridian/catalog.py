"""Meridian Interiors' master data: plants, lines, items, BOMs, suppliers and sources."""

from __future__ import annotations

import random

from domain import models as m
from sample_data.meridian.calendar import SHIFT_A, SHIFT_B
from sample_data.meridian.dataset import DemoDataset

PLANTS = [
    ("LKS", "Lakeside Assembly", "America/Detroit"),
    ("SAL", "Saltillo Trim", "America/Monterrey"),
    ("GYR", "Győr Electronics", "Europe/Budapest"),
]

# code, plant, name, rate/h, frozen hours
LINES = [
    ("LKS-SEAT1", "LKS", "Front seat line 1 (mixed model)", 60.0, 8.0),
    ("LKS-DOOR1", "LKS", "Door panel line 1", 40.0, 8.0),
    ("SAL-SEW1", "SAL", "Trim cover sewing cell 1", 50.0, 8.0),
    ("GYR-SMT1", "GYR", "SMT and module assembly line 1", 120.0, 8.0),
]

# Changeover minutes between programs; DOOR1 uses quick-change fixtures (WOs run back to back).
CHANGEOVERS = {"LKS-SEAT1": 30, "LKS-DOOR1": 0, "SAL-SEW1": 20, "GYR-SMT1": 45}

# code, description, family, type, uom, program, criticality, unit cost
NAMED_ITEMS: list[tuple[str, str, str, str, str, str | None, int, float]] = [
    ("FS-ORN-H", "Orion heated front seat", "seat", "finished", "EA", "ORION", 1, 410.0),
    ("FS-VEG", "Vega front seat", "seat", "finished", "EA", "VEGA", 1, 325.0),
    (
        "DP-ORN-BLK",
        "Orion front door panel, black",
        "door_panel",
        "finished",
        "EA",
        "ORION",
        1,
        118.0,
    ),  # noqa: E501
    (
        "DP-VEG-BLK",
        "Vega front door panel, black",
        "door_panel",
        "finished",
        "EA",
        "VEGA",
        1,
        104.0,
    ),  # noqa: E501
    ("T-3301", "Orion rear seat trim cover, black", "trim", "finished", "EA", "ORION", 2, 38.0),
    ("E-5100", "Door control module", "electronics", "finished", "EA", "ORION", 2, 27.0),
    ("E-4410", "Seat heater control module", "electronics", "component", "EA", "ORION", 1, 11.5),
    ("F-2200", "Front seat cushion foam", "foam", "component", "EA", None, 1, 14.2),
    ("T-3105", "Door armrest trim cover, black", "trim", "component", "EA", None, 1, 6.8),
    ("E-4420", "Seat heater mat", "electronics", "component", "EA", "ORION", 2, 7.9),
    ("FR-1101", "Orion front seat frame", "frames", "component", "EA", "ORION", 1, 62.0),
    ("FR-1201", "Vega front seat frame", "frames", "component", "EA", "VEGA", 1, 55.0),
    (
        "T-3001",
        "Orion front seat trim cover, black leather",
        "trim",
        "component",
        "EA",
        "ORION",
        2,
        71.0,
    ),  # noqa: E501
    (
        "T-3002",
        "Vega front seat trim cover, black cloth",
        "trim",
        "component",
        "EA",
        "VEGA",
        2,
        39.0,
    ),  # noqa: E501
    ("M-1501", "Seat recliner mechanism", "mechanisms", "component", "EA", None, 1, 18.0),
    ("M-1510", "Seat track assembly", "mechanisms", "component", "EA", None, 1, 24.0),
    ("W-6101", "Orion heated seat wire harness", "wiring", "component", "EA", "ORION", 2, 9.4),
    ("W-6102", "Vega seat wire harness", "wiring", "component", "EA", "VEGA", 2, 6.1),
    ("HR-1001", "Orion headrest assembly", "headrests", "component", "EA", "ORION", 2, 16.0),
    ("HR-1002", "Vega headrest assembly", "headrests", "component", "EA", "VEGA", 2, 13.0),
    ("FA-0810", "M8x25 flange bolt", "fasteners", "component", "EA", None, 3, 0.08),
    ("FA-0620", "Hog ring, 20 mm", "fasteners", "component", "EA", None, 3, 0.01),
    ("PK-9001", "Seat shipping rack cover", "packaging", "component", "EA", None, 3, 1.2),
    ("S-5101", "Orion door panel substrate", "substrates", "component", "EA", "ORION", 2, 21.0),
    ("S-5201", "Vega door panel substrate", "substrates", "component", "EA", "VEGA", 2, 19.0),
    ("FA-0430", "Door panel push clip", "fasteners", "component", "EA", None, 3, 0.05),
    ("T-3110", "Door pull handle cup, black", "trim", "component", "EA", None, 2, 2.1),
    (
        "E-4610",
        "Orion window switch bezel assembly",
        "electronics",
        "component",
        "EA",
        "ORION",
        2,
        8.3,
    ),  # noqa: E501
    (
        "E-4620",
        "Vega window switch bezel assembly",
        "electronics",
        "component",
        "EA",
        "VEGA",
        2,
        7.7,
    ),  # noqa: E501
    ("FB-7101", "Door insert fabric, black", "fabrics", "component", "M", None, 2, 4.6),
    ("AD-8001", "Hot-melt adhesive", "chemicals", "raw", "KG", None, 3, 5.5),
    ("PK-9002", "Door panel dunnage", "packaging", "component", "EA", None, 3, 0.9),
    ("FB-7201", "Black nappa leather", "fabrics", "raw", "M", None, 2, 31.0),
    ("TH-7301", "Bonded nylon thread, black", "fabrics", "raw", "M", None, 3, 0.02),
    ("E-4801", "Door module PCB", "electronics", "component", "EA", None, 2, 3.2),
    ("E-4802", "Automotive MCU, 32-bit", "electronics", "component", "EA", None, 1, 2.4),
    ("E-4803", "12-pin sealed connector", "electronics", "component", "EA", None, 2, 0.6),
]

BOMS: dict[str, list[tuple[str, float]]] = {
    "FS-ORN-H": [
        ("E-4410", 1), ("F-2200", 1), ("E-4420", 1), ("FR-1101", 1), ("T-3001", 1),
        ("M-1501", 2), ("M-1510", 1), ("W-6101", 1), ("HR-1001", 1), ("FA-0810", 8),
        ("FA-0620", 24), ("PK-9001", 1),
    ],
    "FS-VEG": [
        ("F-2200", 1), ("FR-1201", 1), ("T-3002", 1), ("M-1501", 2), ("M-1510", 1),
        ("W-6102", 1), ("HR-1002", 1), ("FA-0810", 8), ("FA-0620", 24), ("PK-9001", 1),
    ],
    "DP-ORN-BLK": [
        ("T-3105", 1), ("S-5101", 1), ("FA-0430", 12), ("T-3110", 1), ("E-4610", 1),
        ("FB-7101", 0.35), ("AD-8001", 0.05), ("PK-9002", 1),
    ],
    "DP-VEG-BLK": [
        ("T-3105", 1), ("S-5201", 1), ("FA-0430", 12), ("T-3110", 1), ("E-4620", 1),
        ("FB-7101", 0.35), ("AD-8001", 0.05), ("PK-9002", 1),
    ],
    "T-3301": [("FB-7201", 1.6), ("TH-7301", 42)],
    "E-5100": [("E-4801", 1), ("E-4802", 1), ("E-4803", 2)],
}  # fmt: skip

# code, name, country, interplant
SUPPLIERS: list[tuple[str, str, str, bool]] = [
    ("VOLTAIC", "Voltaic Components", "US", False),
    ("POLYFORM", "Polyform Foams", "US", False),
    ("SAL", "Saltillo Trim", "MX", True),
    ("CIRCUITRON", "Circuitron Electronics", "US", False),
    ("FOAMCRAFT", "Foamcraft Industries", "CA", False),
    ("TRIMTEX", "Trimtex Sewing", "MX", False),
    ("THERMAFLEX", "Thermaflex Heating Systems", "DE", False),
    ("KEYMET", "Keystone Metal Forming", "US", False),
    ("GLFAST", "Great Lakes Fasteners", "US", False),
    ("LEATHERCO", "Laredo Leather Co.", "MX", False),
    ("APEXMECH", "Apex Seat Mechanisms", "US", False),
    ("PWH", "Precision Wire Harness", "MX", False),
    ("HEADWAY", "Headway Comfort Systems", "US", False),
    ("HURPAK", "Huron Packaging", "US", False),
    ("NORPLA", "Northline Plastics", "CA", False),
    ("SWITCHWORKS", "Switchworks Automotive", "US", False),
    ("DANTEX", "Danube Textiles", "HU", False),
    ("BONDLINE", "Bondline Adhesives", "US", False),
    ("PANNON", "Pannon PCB Kft.", "HU", False),
    ("SILICA", "Silica Semiconductors", "TW", False),
    ("CONNEXA", "Connexa Connectors", "DE", False),
    ("THREADWELL", "Threadwell Industrial Threads", "US", False),
    ("MAPLEFOAM", "Maple Foam Products", "CA", False),
    ("ACMESTAMP", "Acme Stamping", "US", False),
    ("RIVERBEND", "Riverbend Tube & Wire", "US", False),
    ("NORTEX", "Nortex Nonwovens", "MX", False),
    ("CLIPTEC", "Cliptec Fastening", "DE", False),
    ("VELOCE", "Veloce Molding", "IT", False),
    ("CORRUGO", "Corrugo Packaging", "MX", False),
    ("BALATON", "Balaton Metalworks", "HU", False),
    ("DRAVA", "Drava Cable Systems", "HU", False),
    ("OAKRIDGE", "Oakridge Polymers", "US", False),
    ("SONORA", "Sonora Springs", "MX", False),
    ("LUMENA", "Lumena Lighting Modules", "CZ", False),
    ("PRAIRIE", "Prairie Fabricators", "US", False),
    ("HELIX", "Helix Resins", "US", False),
    ("MONTEREY", "Monterey Plastics", "MX", False),
    ("TISZA", "Tisza Electronics", "HU", False),
    ("STERLING", "Sterling Coatings", "US", False),
    ("CASCADIA", "Cascadia Sensors", "CA", False),
]

# item -> (plant, [(supplier, lead days, moq, price)] rank 1 first)
NAMED_SOURCES: dict[str, tuple[str, list[tuple[str, int, float, float]]]] = {
    "E-4410": ("LKS", [("VOLTAIC", 28, 500, 11.5), ("CIRCUITRON", 35, 1000, 12.9)]),
    "F-2200": ("LKS", [("POLYFORM", 7, 1200, 14.2), ("FOAMCRAFT", 10, 2000, 15.1)]),
    "T-3105": ("LKS", [("SAL", 5, 640, 6.8), ("TRIMTEX", 12, 1000, 7.6)]),
    "E-4420": ("LKS", [("THERMAFLEX", 21, 1000, 7.9), ("VOLTAIC", 28, 1000, 8.4)]),
    "FR-1101": ("LKS", [("KEYMET", 14, 400, 62.0), ("ACMESTAMP", 21, 400, 66.0)]),
    "FR-1201": ("LKS", [("KEYMET", 14, 400, 55.0)]),
    "T-3001": ("LKS", [("LEATHERCO", 10, 200, 71.0), ("SAL", 6, 200, 69.0)]),
    "T-3002": ("LKS", [("TRIMTEX", 10, 300, 39.0)]),
    "M-1501": ("LKS", [("APEXMECH", 21, 1000, 18.0)]),
    "M-1510": ("LKS", [("APEXMECH", 21, 500, 24.0), ("SONORA", 28, 500, 25.5)]),
    "W-6101": ("LKS", [("PWH", 14, 500, 9.4)]),
    "W-6102": ("LKS", [("PWH", 14, 500, 6.1)]),
    "HR-1001": ("LKS", [("HEADWAY", 14, 300, 16.0)]),
    "HR-1002": ("LKS", [("HEADWAY", 14, 300, 13.0)]),
    "FA-0810": ("LKS", [("GLFAST", 7, 10000, 0.08), ("CLIPTEC", 21, 20000, 0.07)]),
    "FA-0620": ("LKS", [("GLFAST", 7, 50000, 0.01)]),
    "PK-9001": ("LKS", [("HURPAK", 5, 500, 1.2)]),
    "S-5101": ("LKS", [("NORPLA", 10, 400, 21.0), ("VELOCE", 21, 500, 22.5)]),
    "S-5201": ("LKS", [("NORPLA", 10, 400, 19.0)]),
    "FA-0430": ("LKS", [("CLIPTEC", 14, 20000, 0.05), ("GLFAST", 7, 20000, 0.06)]),
    "T-3110": ("LKS", [("NORPLA", 10, 1000, 2.1)]),
    "E-4610": ("LKS", [("SWITCHWORKS", 21, 500, 8.3)]),
    "E-4620": ("LKS", [("SWITCHWORKS", 21, 500, 7.7)]),
    "FB-7101": ("LKS", [("NORTEX", 10, 500, 4.6), ("DANTEX", 21, 1000, 4.2)]),
    "AD-8001": ("LKS", [("BONDLINE", 7, 50, 5.5)]),
    "PK-9002": ("LKS", [("CORRUGO", 5, 500, 0.9)]),
    "FB-7201": ("SAL", [("LEATHERCO", 10, 200, 31.0)]),
    "TH-7301": ("SAL", [("THREADWELL", 10, 20000, 0.02)]),
    "E-4801": ("GYR", [("PANNON", 14, 2000, 3.2)]),
    "E-4802": ("GYR", [("SILICA", 42, 5000, 2.4), ("VOLTAIC", 35, 5000, 2.6)]),
    "E-4803": ("GYR", [("CONNEXA", 14, 5000, 0.6)]),
}

# Families of the filler items: prefix, first number, family, uom, plant, suppliers.
FILLER_FAMILIES: list[tuple[str, int, str, str, str, list[str]]] = [
    ("FR-", 1300, "frames", "EA", "LKS", ["KEYMET", "ACMESTAMP", "RIVERBEND", "PRAIRIE"]),
    ("FB-", 7400, "fabrics", "M", "SAL", ["DANTEX", "NORTEX", "LEATHERCO"]),
    ("FA-", 1000, "fasteners", "EA", "LKS", ["GLFAST", "CLIPTEC", "SONORA"]),
    ("S-", 5300, "substrates", "EA", "LKS", ["NORPLA", "VELOCE", "OAKRIDGE", "MONTEREY"]),
    ("E-", 4450, "electronics", "EA", "GYR", ["VOLTAIC", "PANNON", "TISZA", "CASCADIA", "LUMENA"]),
    ("F-", 2300, "foam", "EA", "SAL", ["POLYFORM", "MAPLEFOAM", "FOAMCRAFT"]),
    ("T-", 3400, "trim", "EA", "SAL", ["TRIMTEX", "SAL", "NORTEX"]),
    ("W-", 6200, "wiring", "EA", "GYR", ["PWH", "DRAVA"]),
    ("M-", 1600, "mechanisms", "EA", "LKS", ["APEXMECH", "SONORA", "BALATON"]),
    ("PK-", 9100, "packaging", "EA", "LKS", ["HURPAK", "CORRUGO"]),
    ("AD-", 8100, "chemicals", "KG", "SAL", ["BONDLINE", "HELIX", "STERLING"]),
]
FILLER_PER_FAMILY = 27
_FILLER_NOUNS = {
    "frames": ["seat back frame", "cushion pan", "side bracket", "cross tube", "mounting bracket"],
    "fabrics": [
        "headliner fabric",
        "seat insert fabric",
        "scrim",
        "perforated vinyl",
        "spacer mesh",
    ],  # noqa: E501
    "fasteners": ["hex bolt", "push pin", "spring nut", "rivet", "torx screw", "J-clip"],
    "substrates": ["console substrate", "pillar substrate", "map pocket", "bolster insert"],
    "electronics": ["occupancy sensor", "lumbar ECU", "LED module", "fan controller", "relay"],
    "foam": ["bolster foam", "back foam", "armrest foam", "acoustic pad"],
    "trim": ["seat back cover", "bolster cover", "map pocket trim", "pillar trim cover"],
    "wiring": ["sub-harness", "jumper harness", "ground strap"],
    "mechanisms": ["lumbar actuator", "height adjuster", "tilt mechanism", "easy-entry latch"],
    "packaging": ["returnable tote", "separator sheet", "pallet cap"],
    "chemicals": ["primer", "release agent", "PU adhesive"],
}
_COLOURS = ["black", "graphite", "ash grey", "mocha", "ivory", "charcoal", ""]


def add_master_data(ds: DemoDataset, rng: random.Random) -> None:
    """Plants, lines, shifts, changeovers, items, BOMs, suppliers and approved sources."""
    ds.plants = [m.Plant(code=c, name=n, timezone=tz) for c, n, tz in PLANTS]
    for code, plant, name, rate, frozen in LINES:
        ds.lines.append(
            m.Line(code=code, plant_code=plant, name=name, rate_per_hour=rate, frozen_hours=frozen)
        )
        ds.work_centres.append(
            m.WorkCentre(code=code, plant_code=plant, line_code=code, name=f"{name} (main cell)")
        )
        for weekday in range(5):
            for shift, (start, end) in (("A", SHIFT_A), ("B", SHIFT_B)):
                ds.shifts.append(
                    m.Shift(
                        id=len(ds.shifts) + 1, line_code=code, name=shift, weekday=weekday,
                        start_minute=start, end_minute=end,
                    )
                )  # fmt: skip
        for a, b in (("ORION", "VEGA"), ("VEGA", "ORION")):
            ds.changeover_rules.append(
                m.ChangeoverRule(
                    id=len(ds.changeover_rules) + 1, line_code=code, from_family=a,
                    to_family=b, minutes=CHANGEOVERS[code],
                )
            )  # fmt: skip
    for code, desc, family, kind, uom, program, crit, cost in NAMED_ITEMS:
        ds.items.append(
            m.Item(
                code=code, description=desc, family=family, item_type=kind, uom=uom,
                program=program, criticality=crit, unit_cost=cost,
            )
        )  # fmt: skip
    for parent, components in BOMS.items():
        for component, qty_per in components:
            ds.bom_lines.append(
                m.BomLine(
                    id=len(ds.bom_lines) + 1, parent_item=parent, component_item=component,
                    qty_per=float(qty_per),
                )
            )  # fmt: skip
    for code, name, country, interplant in SUPPLIERS:
        domain_name = (
            "saltillo.meridian-interiors.example" if interplant else (f"{code.lower()}.example.com")
        )
        ds.suppliers.append(
            m.Supplier(
                code=code, name=name, email=f"orders@{domain_name}", country=country,
                interplant=interplant,
            )
        )  # fmt: skip
    for item, (plant, sources) in NAMED_SOURCES.items():
        for rank, (supplier, lead, moq, price) in enumerate(sources, start=1):
            _source(ds, item, supplier, plant, lead, moq, price, rank)
    _add_filler_items(ds, rng)


def _source(
    ds: DemoDataset, item: str, supplier: str, plant: str, lead: int, moq: float,
    price: float, rank: int,
) -> None:  # fmt: skip
    ds.approved_sources.append(
        m.ApprovedSource(
            id=len(ds.approved_sources) + 1, item_code=item, supplier_code=supplier,
            plant_code=plant, lead_time_days=lead, moq=moq, unit_price=price, rank=rank,
        )
    )  # fmt: skip


def _add_filler_items(ds: DemoDataset, rng: random.Random) -> None:
    """A few hundred other purchased items with sources, so lookups and history look real."""
    taken = {i.code for i in ds.items}
    for prefix, first, family, uom, plant, suppliers in FILLER_FAMILIES:
        number = first
        for _ in range(FILLER_PER_FAMILY):
            while f"{prefix}{number:04d}" in taken:
                number += 1
            code = f"{prefix}{number:04d}"
            taken.add(code)
            number += rng.choice((1, 2, 3, 5))
            noun = rng.choice(_FILLER_NOUNS[family])
            colour = rng.choice(_COLOURS) if family in ("fabrics", "trim", "substrates") else ""
            program = rng.choice(("ORION", "VEGA", None))
            desc = " ".join(
                p for p in (program.title() if program else "", noun, colour and f", {colour}") if p
            ).replace(" ,", ",")
            cost = round(rng.uniform(0.02, 0.4) if family == "fasteners" else rng.uniform(1, 60), 2)
            ds.items.append(
                m.Item(
                    code=code, description=desc[0].upper() + desc[1:], family=family,
                    item_type="component", uom=uom, program=program,
                    criticality=rng.choice((1, 2, 2, 3, 3)), unit_cost=cost,
                )
            )  # fmt: skip
            primary = rng.choice(suppliers)
            lead = rng.choice((5, 7, 10, 14, 21, 28))
            moq = float(rng.choice((100, 200, 500, 1000, 5000)))
            _source(ds, code, primary, plant, lead, moq, cost, 1)
            if rng.random() < 0.3:
                alternate = rng.choice([s for s in suppliers if s != primary] or suppliers)
                if alternate != primary:
                    _source(ds, code, alternate, plant, lead + 7, moq, round(cost * 1.08, 2), 2)
