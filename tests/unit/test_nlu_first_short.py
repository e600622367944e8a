"""Which shortage bites first, and when it is covered again: the earliest first-short time from
the typed shortages result, its cover inside the horizon or past it (the domain's covered_later),
and a follow-up keeps the thread's horizon."""

from __future__ import annotations

from typing import Any

from agent.offline.compose import Observation
from agent.offline.first_short import FOCUS, asks_first, sentence
from agent.offline.intents import Recall, plan_turn
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()
WEEK = Recall(intent="shortages", calls=(("shortages", {"horizon": "162h"}),))


def short(item: str, at: str, qty: float, wo: str, **cover: Any) -> dict[str, Any]:
    policy = {"include_unconfirmed": False, "include_held": False, "consumption": "start",
              "statement": "unconfirmed supply excluded"}  # fmt: skip
    pegged = {"work_order": wo, "line": "LKS-SEAT1", "item": "FS-ORN-H", "customer_order": None,
              "start": at, "qty_required": qty, "qty_short": qty, "covered_at": None,
              "line_hours_at_risk": 3.5}  # fmt: skip
    return {"item": item, "plant": "LKS", "first_short_at": at, "qty_short": qty,
            "work_orders": [wo], "customer_orders": [], "line_hours_at_risk": 3.5,
            "recovered_at": None, "recovered_by": [], "opening_available": 0.0, "held": 0.0,
            "pegged": [pegged], "policy": policy, **cover}  # fmt: skip


def test_the_earliest_shortage_leads_with_its_cover_past_the_horizon() -> None:
    rows = [
        short("F-2200", "2026-03-04T10:00:00-05:00", 200, "WO-SEAT1-0304-1000",
              recovered_at="2026-03-04T11:00:00-05:00", recovered_by=["PO-7790/1 ASN-55102"]),
        short("E-4410", "2026-03-04T06:00:00-05:00", 30, "WO-SEAT1-0304-0600",
              covered_later_at="2026-03-09T06:00:00-04:00", covered_later_by=["PO-7819/1"]),
    ]  # fmt: skip
    obs = [Observation("shortages", {"horizon": "162h"}, {"ok": True, "data": rows})]
    said = sentence(obs, {FOCUS: "yes"}, VOCAB.items, {"LKS": "America/Detroit"})
    assert said is not None and said.startswith("First to bite: E-4410")
    assert "Wed 2026-03-04 06:00, 30 short, at WO-SEAT1-0304-0600" in said
    assert "not within the horizon asked; covered again Mon 2026-03-09 06:00 by PO-7819/1" in said
    assert sentence(obs, {}, VOCAB.items, {}) is None  # not asked: nothing leads


def test_a_follow_up_reads_the_threads_shortages_over_its_horizon() -> None:
    for text in ("which one bites first, and when are we covered again?",
                 "ok which of those hits us first? and when r we good again",
                 "whats the first one to go short",
                 "which gap comes first",
                 "so which is earliest n when do we recover"):  # fmt: skip
        plan = plan_turn(text, WEEK, VOCAB)
        assert plan.calls == [("shortages", {"horizon": "162h"})], text
        assert plan.focus.get(FOCUS) == "yes", text


def test_the_first_asked_with_its_own_scope_keeps_it() -> None:
    plan = plan_turn("what hits SEAT1 first tomorrow?", WEEK, VOCAB)
    assert plan.focus.get(FOCUS) == "yes"
    assert plan.calls[0][0] == "shortages" and plan.calls[0][1]["line"] == "LKS-SEAT1"
    assert plan.calls[0][1]["horizon"] != "162h"


def test_other_words_are_not_a_first_shortage_question() -> None:
    assert not asks_first("first shift clear to build")
    assert not asks_first("expedite PO-7781 first thing")
