"""What the understanding finds once per vocabulary and clause: found once, kept while the
vocabulary is (its `at` copies too), never shared with a new vocabulary, never changed by a
caller that changes what it was given."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from agent.offline.memo import Memo
from agent.offline.mentions import find_mentions
from agent.offline.vocabulary import Vocabulary

AS_OF = datetime(2026, 3, 2, 6, 0, tzinfo=ZoneInfo("America/Detroit"))
VOCAB = Vocabulary(
    items={"E-4410": "Seat heater control module", "F-2200": "Front seat cushion foam"},
    suppliers={"VOLTAIC": "Voltaic Components", "POLYFORM": "Polyform Foams"},
    lines={"LKS-SEAT1": "Front seat line 1"},
    plants={"LKS": "Lakeside Assembly"},
    po_plants={"PO-7781": "LKS"},
    as_of=AS_OF,
)


def test_a_value_is_computed_once_and_the_least_recently_used_go_first() -> None:
    memo = Memo(size=2)
    calls: list[str] = []

    def compute(key: str) -> str:
        calls.append(key)
        return key.upper()

    assert memo.get("a", lambda: compute("a")) == "A"
    assert memo.get("a", lambda: compute("a")) == "A"
    memo.get("b", lambda: compute("b"))
    memo.get("a", lambda: compute("a"))  # 'a' used again: 'b' is now the oldest
    memo.get("c", lambda: compute("c"))
    assert len(memo) == 2
    memo.get("a", lambda: compute("a"))
    memo.get("b", lambda: compute("b"))
    assert calls == ["a", "b", "c", "b"]


def test_the_mentions_of_a_clause_are_the_same_however_often_they_are_asked() -> None:
    text = "is voltaic late on PO-7781 for the heater modules on SEAT1?"
    first = find_mentions(text, VOCAB)
    again = find_mentions(text, VOCAB)
    assert first == again
    assert (first.po_numbers, first.suppliers, first.items, first.lines) == (
        ["PO-7781"], ["VOLTAIC"], ["E-4410"], ["LKS-SEAT1"],
    )  # fmt: skip


def test_a_caller_that_changes_its_mentions_changes_nobody_elses() -> None:
    text = "when does PO-7781 arrive?"
    mine = find_mentions(text, VOCAB)
    mine.po_numbers.append("PO-9999")
    mine.items.append("F-2200")
    mine.kpi = "supplier_otif"
    theirs = find_mentions(text, VOCAB)
    assert theirs.po_numbers == ["PO-7781"]
    assert theirs.items == [] and theirs.kpi is None


def test_the_same_words_at_another_time_share_the_memo_new_words_do_not() -> None:
    later = VOCAB.at(datetime(2026, 3, 3, 6, 0, tzinfo=ZoneInfo("America/Detroit")))
    assert later.memo is VOCAB.memo
    other = replace(VOCAB, suppliers={"POLYFORM": "Polyform Foams"})
    assert other.memo is not VOCAB.memo
    text = "anything late from voltaic?"
    assert find_mentions(text, VOCAB).suppliers == ["VOLTAIC"]
    assert find_mentions(text, other).suppliers == []  # its own words, not the memo's
