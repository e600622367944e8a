"""Which entities a whole message names: codes however written, descriptions, towns, what a line
builds, where a shipment waits, and a question back where a name fits several."""

from __future__ import annotations

from domain.entities import EntityDirectory, names
from domain.entities.spotting import Spotter

DIRECTORY = EntityDirectory(
    [
        names.item("E-4410", "Seat heater control module", in_use=True),
        names.item("E-4420", "Seat heater mat", in_use=True),
        names.item("E-4512", "Orion LED module"),
        names.item("F-2200", "Front seat cushion foam", in_use=True),
        names.item("F-2328", "Armrest foam"),
        names.item("F-2302", "Orion bolster foam"),
        names.item("T-3105", "Door armrest trim cover, black", in_use=True),
        names.item("FS-ORN-H", "Orion heated front seat", in_use=True),
        names.item("DP-ORN-BLK", "Orion front door panel, black", in_use=True),
        names.item("DP-VEG-BLK", "Vega front door panel, black", in_use=True),
        names.supplier("VOLTAIC", "Voltaic Components"),
        names.supplier("POLYFORM", "Polyform Foams"),
        names.supplier("MAPLEFOAM", "Maple Foam Products"),
        names.supplier("SAL", "Saltillo Trim"),
        names.line("LKS-SEAT1", "Front seat line 1 (mixed model)", "LKS", ["FS-ORN-H"]),
        names.line("LKS-DOOR1", "Door panel line 1", "LKS", ["DP-ORN-BLK", "DP-VEG-BLK"]),
        names.plant("LKS", "Lakeside Assembly", "America/Detroit"),
        names.plant("SAL", "Saltillo Trim", "America/Monterrey"),
        names.plant("GYR", "Győr Electronics", "Europe/Budapest"),
        names.shipment(
            "ASN-55102",
            "Toledo cross-dock",
            "Buckeye Freight Lines",
            "LKS",
            ["PO-7790", "POLYFORM", "F-2200"],
        ),  # fmt: skip
    ]
)
SPOT = Spotter(DIRECTORY)


def test_codes_are_found_however_they_are_written() -> None:
    assert SPOT.spot("is e4410 short?").of("item") == ["E-4410"]
    assert SPOT.spot("shortages on seat 1").of("line") == ["LKS-SEAT1"]
    assert SPOT.spot("what about lks-door1").of("line") == ["LKS-DOOR1"]
    assert SPOT.spot("where is asn 55102").of("shipment") == ["ASN-55102"]


def test_an_item_is_found_by_its_description_or_the_noun_of_it() -> None:
    assert SPOT.spot("heater modules - how bad is it").of("item") == ["E-4410"]
    assert SPOT.spot("when do the armrest covers come").of("item") == ["T-3105"]
    # Several foams: the one on a BOM (in use) is the one a seat plant means.
    assert SPOT.spot("when is the foam coming in").of("item") == ["F-2200"]


def test_a_description_that_fits_several_items_in_use_asks_which() -> None:
    spotted = SPOT.spot("are the door panels clear to build")
    assert spotted.of("item") == [] and spotted.choices_of("item") == ["DP-ORN-BLK", "DP-VEG-BLK"]


def test_a_plant_is_found_by_its_town_or_the_city_of_its_zone() -> None:
    assert SPOT.spot("shortages in detroit").of("plant") == ["LKS"]
    assert SPOT.spot("otif at gyor").of("plant") == ["GYR"]
    assert SPOT.spot("what about Monterrey").of("plant") == ["SAL"]


def test_a_line_is_found_by_what_it_builds() -> None:
    assert SPOT.spot("what stops the line that builds door panels").of("line") == ["LKS-DOOR1"]
    assert SPOT.spot("the heated seat line tomorrow").of("line") == ["LKS-SEAT1"]
    assert SPOT.spot("what will stop my lines").of("line") == []


def test_a_shipment_is_found_by_its_hub_its_carrier_or_whose_it_is() -> None:
    assert SPOT.spot("is the Toledo shipment still held?").of("shipment") == ["ASN-55102"]
    assert SPOT.spot("where's the buckeye truck").of("shipment") == ["ASN-55102"]
    assert SPOT.spot("when does the truck from polyform get here").of("shipment") == ["ASN-55102"]
    assert SPOT.spot("eta of the shipment stuck at the cross-dock").of("shipment") == ["ASN-55102"]
    assert SPOT.spot("how is polyform doing").of("shipment") == []


def test_a_shared_supplier_word_asks_which_only_when_a_supplier_is_meant() -> None:
    supplier = SPOT.spot("draft an escalation to the foam supplier")
    assert supplier.choices_of("supplier") == ["MAPLEFOAM", "POLYFORM"]
    assert SPOT.spot("when is the foam coming in").choices_of("supplier") == []


def test_a_typo_in_a_supplier_name_is_forgiven() -> None:
    assert SPOT.spot("correspondence with Voltiac").of("supplier") == ["VOLTAIC"]


def test_a_plant_named_like_a_supplier_is_the_plant_unless_supplier_is_said() -> None:
    plant = SPOT.spot("shortages at Saltillo")
    assert plant.of("plant") == ["SAL"] and plant.of("supplier") == []
    said = SPOT.spot("OTIF of supplier Saltillo Trim at Lakeside")
    assert said.of("supplier") == ["SAL"] and said.of("plant") == ["LKS"]


def test_a_supplier_named_by_its_first_word_leaves_its_item_named_too() -> None:
    # "Polyform's foam": the foam is the item, Polyform the supplier (not one name eating both)
    found = SPOT.spot("where's polyform's foam at?")
    assert found.of("supplier") == ["POLYFORM"] and found.of("item") == ["F-2200"]
    found = SPOT.spot("did Polyform's cushion foam land")
    assert found.of("supplier") == ["POLYFORM"] and found.of("item") == ["F-2200"]
    # The whole name still names only the supplier.
    assert SPOT.spot("any word from Polyform Foams").of("item") == []


def test_held_stock_of_an_item_without_a_shipment_is_no_shipment() -> None:
    # "held" is a quality hold of the trim covers, not the shipment held at Toledo
    assert SPOT.spot("should we run the held armrest covers").of("shipment") == []
    assert SPOT.spot("when does the held foam get here").of("shipment") == ["ASN-55102"]
    assert SPOT.spot("is the shipment still held?").of("shipment") == ["ASN-55102"]


def test_a_line_named_by_a_word_no_line_has_is_an_unknown_line() -> None:
    assert SPOT.spot("what will stop the electronics line").unknown_lines == ["electronics line"]
    assert SPOT.spot("what will stop the production line").unknown_lines == []
    assert SPOT.spot("what's short on the door line").of("line") == ["LKS-DOOR1"]


def test_a_held_lot_is_found_by_its_code_or_its_short_number() -> None:
    held = Spotter(
        EntityDirectory(
            [
                *DIRECTORY.entities("item"),
                names.lot("L-3105-0311", "stitching", "LKS", "T-3105"),
                names.lot("L-2200-0412", "density", "LKS", "F-2200"),
                names.lot("L-4410-0412", "solder", "GYR", "E-4410"),
            ]
        )
    )
    for said in ("lot 0311", "the 0311 lot", "0311?", "lot 311 still held", "l3105 0311",
                 "lot 3105-0311", "review L-3105-0311"):  # fmt: skip
        assert held.spot(said).of("lot") == ["L-3105-0311"], said
    assert held.spot("lot 0412").choices_of("lot") == ["L-2200-0412", "L-4410-0412"]
    assert held.spot("air the 600 on PO-7781").of("lot") == []
    assert held.spot("we have 311 pieces").of("lot") == []  # a quantity, not a lot's number
