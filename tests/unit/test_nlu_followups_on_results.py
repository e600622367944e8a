"""Follow-ups that lean on the previous answer's typed results: after a shortage, 'when do we get
more of them?' is the short item's open supply (several short items: which, naming them); 'why's
the polyform one so risky?' picks the short item Polyform supplies and reads the risk of its PO
line; after an item's supply or ETA, 'how much line time does that cost us?' is that item's
shortage (the quantity, the WO hit, the line-hours at risk)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from agent.offline.followups import WHICH_SHORT
from agent.offline.guard import is_propose
from agent.offline.intents import Recall, plan_turn
from agent.offline.model import recall_from, short_items
from tests.support.nlu_suite import load_suite
from tools.result_data import ShortageFact

VOCAB, _ = load_suite()
LINE_SHORT = Recall(intent="shortages", shorts=("T-3105",), item="T-3105", last_item="T-3105",
                    calls=(("shortages", {"horizon": "18h", "line": "LKS-DOOR1"}),))  # fmt: skip
ALL_SHORT = Recall(intent="shortages", shorts=("T-3105", "E-4410", "F-2200"), item="E-4420",
                   calls=(("shortages", {"horizon": "162h"}),))  # fmt: skip
FOAM_SUPPLY = Recall(intent="open_supply", item="F-2200", last_item="F-2200",
                     calls=(("open_supply_for_item", {"item": "F-2200"}),))  # fmt: skip


def _shortage(item: str, line: str) -> dict[str, object]:
    at = datetime.fromisoformat("2026-03-04T10:00:00-05:00")
    return ShortageFact(
        item=item, plant="LKS", first_short_at=at, qty_short=200, work_orders=["WO-1"],
        customer_orders=[], line_hours_at_risk=1, recovered_at=None, recovered_by=[],
        opening_available=1900, held=0, pegged=[],
        policy={"include_unconfirmed": False, "include_held": False, "consumption": "start",
                "statement": "s"},
    ).model_dump(mode="json")  # fmt: skip


def _turn(ask: str, call: dict[str, object], data: object) -> list[object]:
    tool_call = {"name": call["name"], "args": call["args"], "id": ask[:8], "type": "tool_call"}
    return [HumanMessage(ask), AIMessage("", tool_calls=[tool_call]),
            ToolMessage(json.dumps({"ok": True, "data": data}), tool_call_id=ask[:8]),
            AIMessage("the answer")]  # fmt: skip


def test_recall_holds_the_items_the_last_shortage_answer_listed() -> None:
    supply = _turn("when does foam arrive", {"name": "open_supply_for_item",
                                             "args": {"item": "F-2200"}}, {})  # fmt: skip
    door = _turn("short on door1?", {"name": "shortages", "args": {"line": "LKS-DOOR1"}},
                 [_shortage("T-3105", "LKS-DOOR1")])  # fmt: skip
    recall = recall_from([*supply, *door])
    assert recall.shorts == ("T-3105",)
    assert recall.item == recall.last_item == "T-3105"  # the one short item, not the foam before
    week = _turn(
        "this week?",
        {"name": "shortages", "args": {"horizon": "162h"}},
        [_shortage("T-3105", "LKS-DOOR1"), _shortage("E-4410", "LKS-SEAT1")],
    )
    assert recall_from([*door, *week]).shorts == ("T-3105", "E-4410")
    # A later turn about something else: what the shortage answer listed is not its results.
    again = _turn("foam?", {"name": "open_supply_for_item", "args": {"item": "F-2200"}}, {})
    after = recall_from([*week, *again])
    assert after.shorts == () and after.last_item == "F-2200"
    assert short_items({"po_lines": []}) == () and short_items([{"x": 1}]) == ()


@pytest.mark.parametrize(
    "said",
    ["when do we get more of them?", "next delivery?", "when's that coming in",
     "when do more arrive", "any more coming?", "so when's the next truck",
     "whens the next delivery of those", "when will we get some more", "next receipt?",
     "when does the next batch land"],
)  # fmt: skip
def test_more_of_the_one_short_item_is_its_open_supply(said: str) -> None:
    plan = plan_turn(said, LINE_SHORT, VOCAB)
    assert ("open_supply_for_item", {"item": "T-3105"}) in plan.calls, (said, plan)


@pytest.mark.parametrize(
    "said", ["when do we get more of them?", "next delivery?", "when's that coming in",
             "any more coming?"]
)  # fmt: skip
def test_more_of_several_short_items_asks_which_naming_them(said: str) -> None:
    plan = plan_turn(said, ALL_SHORT, VOCAB)
    assert plan.calls == [] and plan.intent == WHICH_SHORT, (said, plan)
    assert plan.reply is not None
    assert all(code in plan.reply for code in ALL_SHORT.shorts)
    answer = replace_intent(ALL_SHORT, WHICH_SHORT)
    for pick, item in (("the foam", "F-2200"), ("heater modules", "E-4410"),
                       ("the saltillo one", "T-3105")):  # fmt: skip
        chosen = plan_turn(pick, answer, VOCAB)
        assert ("open_supply_for_item", {"item": item}) in chosen.calls, (pick, chosen)


def replace_intent(recall: Recall, intent: str) -> Recall:
    from dataclasses import replace

    return replace(recall, intent=intent)


@pytest.mark.parametrize(
    ("said", "item", "supplier"),
    [
        ("why's the polyform one so risky?", "F-2200", "POLYFORM"),
        ("what about the polyform one", "F-2200", "POLYFORM"),
        ("tell me more about the foam one", "F-2200", None),
        ("and the voltaic one?", "E-4410", "VOLTAIC"),
        ("whats up with the heater module one", "E-4410", None),
        ("why is the saltillo one red", "T-3105", None),
        ("the armrest cover one - how risky is it?", "T-3105", None),
        ("how bad is the voltaic part", "E-4410", "VOLTAIC"),
        ("explain the polyfrom one", "F-2200", "POLYFORM"),
        ("any issue with the door armrest one?", "T-3105", None),
        ("what's the deal w/ the voltaic one", "E-4410", "VOLTAIC"),
        ("and that heater module one, why?", "E-4410", None),
    ],
)  # fmt: skip
def test_the_one_named_among_the_shortages_is_its_po_lines_risk(
    said: str, item: str, supplier: str | None
) -> None:
    plan = plan_turn(said, ALL_SHORT, VOCAB)
    lookup = {"horizon": "14d", "item": item, **({"supplier": supplier} if supplier else {})}
    assert plan.calls == [("po_lines_by_impact", lookup)], (said, plan)
    assert plan.then is not None and plan.then.tool == "explain_po_risk", (said, plan)
    assert not any(is_propose(n) for n, _ in plan.calls)


def test_a_supplier_asked_about_without_one_of_them_keeps_its_own_reading() -> None:
    plan = plan_turn("how is polyform doing lately?", ALL_SHORT, VOCAB)
    assert [n for n, _ in plan.calls] == ["supplier_performance"], plan


@pytest.mark.parametrize(
    "said",
    ["so how much line time does that cost us?", "how many hours do we lose", "does that hurt us?",
     "how bad is that for the line", "will it stop production?", "r we gonna lose hrs on this",
     "any downtime?", "what does that cost us in line hours", "does it hit the line at all?",
     "how many line hrs is that", "so do we lose production time?", "does the delay hurt us"],
)  # fmt: skip
def test_line_time_after_an_items_supply_is_its_shortage(said: str) -> None:
    plan = plan_turn(said, FOAM_SUPPLY, VOCAB)
    assert plan.calls == [("shortages", {"horizon": "14d", "item": "F-2200"})], (said, plan)


def test_a_general_ask_after_an_items_supply_stays_general() -> None:
    for said in ("what will stop my lines this week?", "what's short this week",
                 "line-stop risk hours last month"):  # fmt: skip
        plan = plan_turn(said, FOAM_SUPPLY, VOCAB)
        assert ("shortages", {"horizon": "14d", "item": "F-2200"}) not in plan.calls, (said, plan)
    # Nothing before it about an item: no item is made up.
    plan = plan_turn("does that hurt us?", Recall(), VOCAB)
    assert not any(a.get("item") for _, a in plan.calls)


def test_with_a_pasted_note_and_a_no_the_item_s_shortage_and_nothing_proposed() -> None:
    said = ('polyform wrote: "ASN-55102 still at the toledo cross-dock, new ETA wed 11:00" '
            "does that hurt us? don't do anything yet")  # fmt: skip
    plan = plan_turn(said, FOAM_SUPPLY, VOCAB)
    assert ("shortages", {"horizon": "14d", "item": "F-2200"}) in plan.calls
    assert not any(is_propose(n) for n, _ in plan.calls)
