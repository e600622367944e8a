"""A resequence answer names the gap it closes: the component each WO it makes clear-to-build was
short of, read from the scheduler's typed result (never from its summary text)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from agent.offline.resequence_answer import describe_resequence, gaps_of
from domain.scheduling.resequence import PlanEntry, PlanKpis, ResequenceResult

NAMES = {"E-4410": "Seat heater control module", "F-2200": "Front seat cushion foam"}
NOW = datetime(2026, 3, 2, 6, 0, tzinfo=ZoneInfo("America/Detroit"))


def kpis(uncovered: tuple[str, ...]) -> PlanKpis:
    return PlanKpis(0, 0, 0, 0.0, (), uncovered)


def test_the_gaps_closed_are_what_the_wos_made_clear_to_build_were_short_of() -> None:
    plan = [PlanEntry(wo, "FS-ORN-H", NOW, NOW) for wo in ("WO-A", "WO-B", "WO-C")]
    result = ResequenceResult(
        "LKS-SEAT1", "OPTIMAL", plan, [], kpis(("WO-A", "WO-B", "WO-C")), kpis(("WO-C",)), [], [],
        None, None, None, 0.0,
        short_before={"WO-A": ("E-4410",), "WO-B": ("E-4410", "F-2200"), "WO-C": ("F-2200",)},
    )  # fmt: skip
    assert result.made_clear_to_build == ["WO-A", "WO-B"]
    assert result.gaps_closed == [{"item": "E-4410", "work_orders": ["WO-A", "WO-B"]},
                                  {"item": "F-2200", "work_orders": ["WO-B"]}]  # fmt: skip
    assert result.kpis()["gaps_closed"] == result.gaps_closed


def test_the_answer_names_the_item_of_each_gap_it_closes() -> None:
    gaps = [{"item": "E-4410", "work_orders": ["WO-SEAT1-0304-0600"]},
            {"item": "F-2200", "work_orders": ["WO-SEAT1-0304-1000"]}]  # fmt: skip
    facts = {"gaps_closed": gaps}
    payload = {"line_code": "LKS-SEAT1", "moves": []}
    parts = describe_resequence({}, payload, NAMES, NOW, "America/Detroit", facts)
    assert parts[0] == (
        "It closes the E-4410 (Seat heater control module) gap: WO-SEAT1-0304-0600 made "
        "clear-to-build; and the F-2200 (Front seat cushion foam) gap: WO-SEAT1-0304-1000 made "
        "clear-to-build."
    )


def test_a_proposal_read_back_names_its_gap_from_its_stored_kpis() -> None:
    payload = {"kpis": {"gaps_closed": [{"item": "E-4410", "work_orders": ["WO-1"]}]}}
    assert [g.item for g in gaps_of(None, payload)] == ["E-4410"]
    assert gaps_of({"gaps_closed": []}, payload) == []  # the typed result wins
    assert describe_resequence({}, {"moves": []}, NAMES, NOW, None)[:1] != ["It closes"]
